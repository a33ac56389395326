import { Environment, ParseError, TypeError as CelTypeError, type ASTNode } from '@marcbachmann/cel-js';
import { and, asc, desc, eq, isNull, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import { transaction, type Db } from '@/db/client';
import { riskRuleActions, riskRules, riskRuleVersions, type RiskFactor, type RiskRuleAction } from '@/db/schema';
import { ApiError, notFound } from '@/lib/http/errors';
import { parseOrThrow } from '@/lib/http/parse';
import { newId } from '@/lib/ids';
import type { RiskFeatures } from './features';
import { log } from '@/lib/log';

export type RiskRule = typeof riskRules.$inferSelect;
export type RiskRuleVersion = typeof riskRuleVersions.$inferSelect;
/** A rule with its current version and, where loaded, every version oldest first. */
export type RiskRuleDetail = { rule: RiskRule; version: RiskRuleVersion; versions?: RiskRuleVersion[] };

export const MAX_EXPRESSION_LENGTH = 2000;

/**
 * The CEL type of every feature an expression may name. `satisfies` keeps it in step with
 * RiskFeatures: a feature added there fails to compile here until it is declared.
 * Counts are `int`, amounts in major units are `double`; `amount > 5000` works because CEL
 * orders int against double, and equality and arithmetic across the two are registered below.
 */
export const RISK_RULE_VARIABLES = {
  amount: 'double',
  amount_minor: 'int',
  currency: 'string',
  method: 'string',
  customer_id: 'string',
  email: 'string',
  ip_address: 'string',
  ip_country: 'string',
  card_country: 'string',
  customer_payments_10m: 'int',
  customer_payments_24h: 'int',
  card_customers_24h: 'int',
  customer_failures_24h: 'int',
  card_failures_24h: 'int',
  customer_is_new: 'bool',
  merchant_average_amount: 'double',
} as const satisfies Record<keyof RiskFeatures, 'int' | 'double' | 'string' | 'bool'>;

type FeatureName = keyof typeof RISK_RULE_VARIABLES;
const featureNames = Object.keys(RISK_RULE_VARIABLES) as FeatureName[];

const celEnvironment = (() => {
  const env = new Environment();
  for (const name of featureNames) env.registerVariable(name, RISK_RULE_VARIABLES[name]);
  // CEL's checker refuses `double == int`; merchants write `amount == 5000`, so compare by value.
  // (The library derives `int == double` and both `!=` from this one overload.)
  env.registerOperator('double == int', (a: number, b: bigint) => a === Number(b));
  // Likewise `amount > 3 * merchant_average_amount`: mixed arithmetic is done in double.
  const arithmetic: Record<string, (a: number, b: number) => number> = {
    '+': (a, b) => a + b,
    '-': (a, b) => a - b,
    '*': (a, b) => a * b,
    '/': (a, b) => a / b,
  };
  for (const [op, apply] of Object.entries(arithmetic)) {
    env.registerOperator(`double ${op} int: double`, (a: number, b: bigint) => apply(a, Number(b)));
    env.registerOperator(`int ${op} double: double`, (a: bigint, b: number) => apply(Number(a), b));
  }
  return env;
})();

/** A compiled expression: true when the rule matches. Throws on an evaluation error. */
export type RuleProgram = (context: CelContext) => boolean;
type CelContext = Record<FeatureName, number | bigint | string | boolean>;

/** The features in CEL's representation: ints as bigint, doubles as number. */
export function celContextOf(features: RiskFeatures): CelContext {
  const context = {} as CelContext;
  for (const name of featureNames) {
    const value = features[name];
    context[name] = RISK_RULE_VARIABLES[name] === 'int' ? BigInt(Math.trunc(value as number)) : value;
  }
  return context;
}

function lineAndColumn(expression: string, offset: number): { line: number; column: number } {
  const before = expression.slice(0, Math.max(0, offset));
  const lines = before.split('\n');
  return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}

function expressionError(expression: string, kind: 'Syntax' | 'Type', offset: number, message: string): ApiError {
  const { line, column } = lineAndColumn(expression, offset);
  return new ApiError('rule_expression_invalid', `${kind} error at line ${line}, column ${column}: ${message}`, {
    param: 'expression',
  });
}

function fromCelError(expression: string, error: unknown): ApiError {
  const kind = error instanceof ParseError ? 'Syntax' : 'Type';
  const cel = error instanceof ParseError || error instanceof CelTypeError ? error : undefined;
  let message = cel?.summary ?? (error instanceof Error ? error.message : String(error));
  if (message.startsWith('Unknown variable')) message += `. Known variables: ${featureNames.join(', ')}`;
  return expressionError(expression, kind, cel?.range?.start ?? 0, message);
}

const COMPREHENSIONS = new Set(['all', 'exists', 'exists_one', 'map', 'filter']);

/**
 * Refuses what could stall the event loop every payment shares: `matches()` runs a JavaScript
 * RegExp (no RE2 here, so a pattern can backtrack for seconds), and nested comprehensions
 * multiply list literals into millions of steps.
 */
function refuseCostlyConstructs(expression: string, node: unknown, comprehensionDepth = 0): void {
  if (Array.isArray(node)) {
    for (const child of node) refuseCostlyConstructs(expression, child, comprehensionDepth);
    return;
  }
  if (typeof node !== 'object' || node === null || !('op' in node)) return;
  const { op, args, start } = node as ASTNode & { start?: number };
  let depth = comprehensionDepth;
  if ((op === 'call' || op === 'rcall') && Array.isArray(args)) {
    const name = args[0];
    if (name === 'matches') {
      throw expressionError(expression, 'Syntax', start ?? 0, 'matches() is not available in risk rules; use contains(), startsWith() or endsWith()');
    }
    if (op === 'rcall' && typeof name === 'string' && COMPREHENSIONS.has(name) && ++depth > 1) {
      throw expressionError(expression, 'Syntax', start ?? 0, `${name}() cannot be nested inside another comprehension`);
    }
  }
  refuseCostlyConstructs(expression, args, depth);
}

/** Parses and type-checks an expression against the declared features; throws a 400 with the position. */
export function compileExpression(expression: string): RuleProgram {
  if (expression.trim() === '') {
    throw new ApiError('rule_expression_invalid', 'The expression is empty.', { param: 'expression' });
  }
  if (expression.length > MAX_EXPRESSION_LENGTH) {
    throw new ApiError('rule_expression_invalid', `The expression is longer than ${MAX_EXPRESSION_LENGTH} characters.`, {
      param: 'expression',
    });
  }
  let parsed: ReturnType<Environment['parse']>;
  try {
    parsed = celEnvironment.parse(expression);
  } catch (error) {
    throw fromCelError(expression, error);
  }
  refuseCostlyConstructs(expression, parsed.ast);
  const checked = parsed.check();
  if (!checked.valid) throw fromCelError(expression, checked.error);
  if (checked.type !== 'bool') {
    throw expressionError(expression, 'Type', 0, `the expression must evaluate to a bool, but it is a ${checked.type}`);
  }
  return (context) => {
    const result: unknown = parsed(context);
    if (typeof result !== 'boolean') throw new Error(`expression returned ${typeof result}, not a bool`);
    return result;
  };
}

export function validateExpression(expression: string): void {
  compileExpression(expression);
}

// Versions are immutable, so a compiled program stays valid for its (rule, version) forever.
const programs = new Map<string, RuleProgram>();
const MAX_CACHED_PROGRAMS = 10_000;

function programFor(ruleId: string, version: number, expression: string): RuleProgram {
  const key = `${ruleId}@${version}`;
  let program = programs.get(key);
  if (!program) {
    program = compileExpression(expression);
    if (programs.size >= MAX_CACHED_PROGRAMS) programs.delete(programs.keys().next().value!);
    programs.set(key, program);
  }
  return program;
}

// The hot path's one query, prepared once per connection: enabled, live rules joined to their
// current version (risk_rules_merchant_idx, then the versions' unique (rule_id, version)).
const activeRulesStatements = new WeakMap<Db, ReturnType<typeof prepareActiveRules>>();

function prepareActiveRules(db: Db) {
  return db
    .select({
      ruleId: riskRules.id,
      name: riskRules.name,
      version: riskRuleVersions.version,
      expression: riskRuleVersions.expression,
      action: riskRuleVersions.action,
      score: riskRuleVersions.score,
    })
    .from(riskRules)
    .innerJoin(riskRuleVersions, and(eq(riskRuleVersions.ruleId, riskRules.id), eq(riskRuleVersions.version, riskRules.currentVersion)))
    .where(and(eq(riskRules.merchantId, sql.placeholder('merchantId')), isNull(riskRules.deletedAt), eq(riskRules.enabled, true)))
    .orderBy(asc(riskRules.id))
    .prepare();
}

export type CustomRulesResult = { factors: RiskFactor[]; action: 'review' | 'block' | null };

/**
 * Runs the merchant's enabled custom rules over the features. A matching `score` rule adds its
 * score; `review`/`block` rules also set the action (block wins). A rule that fails to compile
 * or evaluate is logged and recorded as a `rule_error` factor: the payment still gets an answer.
 */
export async function evaluateCustomRules(db: Db, merchantId: string, features: RiskFeatures): Promise<CustomRulesResult> {
  let statement = activeRulesStatements.get(db);
  if (!statement) activeRulesStatements.set(db, (statement = prepareActiveRules(db)));
  const rules = await statement.all({ merchantId });
  const factors: RiskFactor[] = [];
  let action: CustomRulesResult['action'] = null;
  if (rules.length === 0) return { factors, action };

  const context = celContextOf(features);
  for (const rule of rules) {
    let matched: boolean;
    try {
      matched = programFor(rule.ruleId, rule.version, rule.expression)(context);
    } catch (error) {
      log.error(
        { merchant_id: merchantId, rule_id: rule.ruleId, version: rule.version, err: error },
        'risk rule failed',
      );
      factors.push({ rule: `custom:${rule.name}`, score: 0, reason: 'rule_error' });
      continue;
    }
    if (!matched) continue;
    factors.push({ rule: `custom:${rule.name}`, score: rule.score, reason: matchReason(rule.name, rule.version, rule.expression, rule.action) });
    if (rule.action === 'block') action = 'block';
    else if (rule.action === 'review' && action === null) action = 'review';
  }
  return { factors, action };
}

function matchReason(name: string, version: number, expression: string, action: RiskRuleAction): string {
  const base = `Custom rule "${name}" v${version} matched: ${expression}`;
  return action === 'score' ? base : `${base} (action: ${action})`;
}

// ---- CRUD ---------------------------------------------------------------------------------

const ruleName = z.string().trim().min(1).max(100);
const ruleScore = z.number().min(0).max(1);

export const createRiskRuleBody = z.strictObject({
  name: ruleName,
  expression: z.string(),
  action: z.enum(riskRuleActions),
  score: ruleScore.optional(),
  enabled: z.boolean().optional(),
});
export type CreateRiskRuleInput = z.input<typeof createRiskRuleBody>;

export const updateRiskRuleBody = z.strictObject({
  name: ruleName.optional(),
  expression: z.string().optional(),
  action: z.enum(riskRuleActions).optional(),
  score: ruleScore.optional(),
  enabled: z.boolean().optional(),
});
export type UpdateRiskRuleInput = z.input<typeof updateRiskRuleBody>;

const scoreMissing = () =>
  new ApiError('parameter_missing', 'Missing required parameter: score (a `score` rule adds a score between 0 and 1).', {
    param: 'score',
  });

async function refuseDuplicateName(tx: Db, merchantId: string, name: string, exceptId?: string): Promise<void> {
  const [taken] = await tx
    .select({ id: riskRules.id })
    .from(riskRules)
    .where(
      and(
        eq(riskRules.merchantId, merchantId),
        isNull(riskRules.deletedAt),
        eq(riskRules.name, name),
        exceptId ? ne(riskRules.id, exceptId) : undefined,
      ),
    );
  // Factors name rules as `custom:<name>`, so two live rules with one name would be indistinguishable.
  if (taken) throw new ApiError('parameter_invalid', `A risk rule named "${name}" already exists.`, { param: 'name' });
}

async function versionsOf(db: Db, ruleId: string): Promise<RiskRuleVersion[]> {
  return db.select().from(riskRuleVersions).where(eq(riskRuleVersions.ruleId, ruleId)).orderBy(asc(riskRuleVersions.version));
}

async function liveRuleOrThrow(db: Db, merchantId: string, id: string): Promise<RiskRule> {
  const [rule] = await db
    .select()
    .from(riskRules)
    .where(and(eq(riskRules.id, id), eq(riskRules.merchantId, merchantId), isNull(riskRules.deletedAt)));
  if (!rule) throw notFound('risk_rule', id);
  return rule;
}

/** A live rule of this merchant with every version; deleted or another merchant's rules are 404. */
export async function getRiskRuleOrThrow(db: Db, merchantId: string, id: string): Promise<Required<RiskRuleDetail>> {
  const rule = await liveRuleOrThrow(db, merchantId, id);
  const versions = await versionsOf(db, id);
  const version = versions.find((v) => v.version === rule.currentVersion)!;
  return { rule, version, versions };
}

/** The merchant's live rules with their current version, newest first. */
export async function listRiskRules(db: Db, merchantId: string): Promise<RiskRuleDetail[]> {
  const rows = await db
    .select({ rule: riskRules, version: riskRuleVersions })
    .from(riskRules)
    .innerJoin(riskRuleVersions, and(eq(riskRuleVersions.ruleId, riskRules.id), eq(riskRuleVersions.version, riskRules.currentVersion)))
    .where(and(eq(riskRules.merchantId, merchantId), isNull(riskRules.deletedAt)))
    .orderBy(desc(riskRules.id));
  return rows;
}

export async function createRiskRule(
  db: Db,
  merchantId: string,
  actor: string,
  input: CreateRiskRuleInput,
  now = Date.now(),
): Promise<Required<RiskRuleDetail>> {
  const body = parseOrThrow(createRiskRuleBody, input);
  validateExpression(body.expression);
  if (body.action === 'score' && body.score === undefined) throw scoreMissing();
  const id = newId('rule', now);
  return transaction(db, async (tx) => {
    await refuseDuplicateName(tx, merchantId, body.name);
    const [rule] = await tx
      .insert(riskRules)
      .values({ id, merchantId, name: body.name, enabled: body.enabled ?? true, currentVersion: 1, createdAt: now, updatedAt: now })
      .returning();
    const [version] = await tx
      .insert(riskRuleVersions)
      .values({ ruleId: id, version: 1, expression: body.expression, action: body.action, score: body.score ?? 0, createdBy: actor, createdAt: now })
      .returning();
    return { rule, version, versions: [version] };
  });
}

/**
 * Renames or enables/disables in place; a change of expression, action or score adds a new
 * version (the old ones are kept, so a payment's factor `v<n>` can always be looked up).
 */
export async function updateRiskRule(
  db: Db,
  merchantId: string,
  actor: string,
  id: string,
  input: UpdateRiskRuleInput,
  now = Date.now(),
): Promise<Required<RiskRuleDetail>> {
  const body = parseOrThrow(updateRiskRuleBody, input);
  if (body.expression !== undefined) validateExpression(body.expression);
  await transaction(db, async (tx) => {
    const rule = await liveRuleOrThrow(tx, merchantId, id);
    const [current] = await tx
      .select()
      .from(riskRuleVersions)
      .where(and(eq(riskRuleVersions.ruleId, id), eq(riskRuleVersions.version, rule.currentVersion)));
    const action = body.action ?? current.action;
    if (action === 'score' && current.action !== 'score' && body.score === undefined) throw scoreMissing();
    // A rule turned into review/block without a score stops adding its old score.
    const score = body.score ?? (action !== current.action ? 0 : current.score);
    const next = { expression: body.expression ?? current.expression, action, score };
    const changed = next.expression !== current.expression || next.action !== current.action || next.score !== current.score;

    if (body.name !== undefined && body.name !== rule.name) await refuseDuplicateName(tx, merchantId, body.name, id);
    const currentVersion = changed ? rule.currentVersion + 1 : rule.currentVersion;
    if (changed) {
      await tx.insert(riskRuleVersions).values({ ruleId: id, version: currentVersion, ...next, createdBy: actor, createdAt: now });
    }
    await tx
      .update(riskRules)
      .set({ name: body.name ?? rule.name, enabled: body.enabled ?? rule.enabled, currentVersion, updatedAt: now })
      .where(eq(riskRules.id, id));
  });
  return getRiskRuleOrThrow(db, merchantId, id);
}

/** Soft delete: versions stay, so past payments' factors still resolve to a rule. */
export async function deleteRiskRule(db: Db, merchantId: string, id: string, now = Date.now()) {
  await transaction(db, async (tx) => {
    await liveRuleOrThrow(tx, merchantId, id);
    await tx.update(riskRules).set({ deletedAt: now, updatedAt: now }).where(eq(riskRules.id, id));
  });
  return { id, object: 'risk_rule' as const, deleted: true as const };
}

const iso = (ms: number) => new Date(ms).toISOString();

export function serializeRiskRule(rule: RiskRule, version: RiskRuleVersion, versions?: RiskRuleVersion[]) {
  return {
    id: rule.id,
    object: 'risk_rule' as const,
    name: rule.name,
    expression: version.expression,
    action: version.action,
    score: version.score,
    enabled: rule.enabled,
    version: version.version,
    ...(versions && {
      versions: versions.map((v) => ({
        version: v.version,
        expression: v.expression,
        action: v.action,
        score: v.score,
        created: iso(v.createdAt),
        created_by: v.createdBy,
      })),
    }),
    created: iso(rule.createdAt),
    updated: iso(rule.updatedAt),
    livemode: false,
  };
}

export type SerializedRiskRule = ReturnType<typeof serializeRiskRule>;
