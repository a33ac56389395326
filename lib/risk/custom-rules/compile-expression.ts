import { Environment, ParseError, TypeError as CelTypeError, type ASTNode } from '@marcbachmann/cel-js';
import { DomainError } from '@/lib/errors';
import type { RiskFeatures } from '../features';

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
  amount_reference: 'double',
  reference_currency: 'string',
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

function expressionError(expression: string, kind: 'Syntax' | 'Type', offset: number, message: string): DomainError {
  const { line, column } = lineAndColumn(expression, offset);
  return new DomainError('rule_expression_invalid', `${kind} error at line ${line}, column ${column}: ${message}`, {
    param: 'expression',
  });
}

function fromCelError(expression: string, error: unknown): DomainError {
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
    throw new DomainError('rule_expression_invalid', 'The expression is empty.', { param: 'expression' });
  }
  if (expression.length > MAX_EXPRESSION_LENGTH) {
    throw new DomainError('rule_expression_invalid', `The expression is longer than ${MAX_EXPRESSION_LENGTH} characters.`, {
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
