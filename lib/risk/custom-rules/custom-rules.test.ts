import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { transaction } from '@/db/client';
import { riskRuleVersions } from '@/db/schema';
import { DomainError } from '@/lib/errors';
import { createMerchant } from '@/lib/merchants/create-merchant';
import { dbWithMerchant } from '@/tests/test-db';
import type { RiskFeatures } from '../features';
import { validateExpression } from './compile-expression';
import { createCustomRule } from './create-custom-rule';
import { deleteCustomRule } from './delete-custom-rule';
import { evaluateCustomRules } from './evaluate-custom-rules';
import { getCustomRuleOrThrow, listCustomRules } from './queries';
import { serializeCustomRule } from './serialize';
import { updateCustomRule } from './update-custom-rule';
import { log } from '@/lib/log';

const ACTOR = 'key_test';

function features(overrides: Partial<RiskFeatures> = {}): RiskFeatures {
  return {
    amount: 6000,
    amount_minor: 600_000,
    currency: 'USD',
    amount_reference: 6000,
    reference_currency: 'USD',
    method: 'crypto',
    customer_id: 'cus_1',
    email: 'buyer@example.com',
    ip_address: '203.0.113.7',
    ip_country: 'US',
    card_country: '',
    customer_payments_10m: 0,
    customer_payments_24h: 3,
    card_customers_24h: 0,
    customer_failures_24h: 0,
    card_failures_24h: 0,
    customer_is_new: false,
    merchant_average_amount: 0,
    ...overrides,
  };
}

function expressionError(expression: string): DomainError {
  try {
    validateExpression(expression);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error(`expected ${JSON.stringify(expression)} to be refused`);
}

/** Whether one `score` rule with this expression matches the features. */
async function matches(expression: string, overrides: Partial<RiskFeatures> = {}): Promise<boolean> {
  const { db, merchantId } = await dbWithMerchant();
  await createCustomRule(db, { merchantId, actor: ACTOR, name: 'r', expression, action: 'score', score: 0.1 });
  const { factors } = await evaluateCustomRules(db, { merchantId, features: features(overrides) });
  return factors.length === 1 && factors[0].reason !== 'rule_error';
}

afterEach(() => vi.restoreAllMocks());

describe('validateExpression', () => {
  it('refuses a syntax error with its line and column', () => {
    const error = expressionError('amount > ');
    expect(error.code).toBe('rule_expression_invalid');
    expect(error.param).toBe('expression');
    expect(error.message).toMatch(/^Syntax error at line 1, column 10: /);

    expect(expressionError('amount > 5000 &&& method == "crypto"').message).toMatch(/^Syntax error at line 1, column 17: Unexpected character: &/);
    expect(expressionError('amount > 5000 &&\n  method ==').message).toMatch(/^Syntax error at line 2, column 12: /);
    expect(expressionError('method == "crypto').message).toMatch(/^Syntax error at line 1, column 11: Unterminated string/);
  });

  it('refuses unknown variables and names the known ones', () => {
    const error = expressionError('amount > 10 && merchant_country == "US"');
    expect(error.message).toMatch(/^Type error at line 1, column 16: Unknown variable: merchant_country/);
    expect(error.message).toContain('customer_payments_24h');
  });

  it('refuses expressions that are not a bool, and type mismatches', () => {
    expect(expressionError('amount * 2.0').message).toMatch(/must evaluate to a bool, but it is a double/);
    expect(expressionError('method').message).toMatch(/must evaluate to a bool, but it is a string/);
    expect(expressionError('method == 1').message).toMatch(/^Type error at line 1, column 1: no such overload: string == int/);
    expect(expressionError('customer_is_new || amount').message).toMatch(/^Type error/);
  });

  it('refuses empty, overlong and costly expressions', () => {
    expect(expressionError('  ').message).toMatch(/empty/);
    expect(expressionError(`amount > 1.0 ${'|| amount > 1.0 '.repeat(150)}`).message).toMatch(/longer than 2000/);
    expect(expressionError('email.matches("(a+)+$")').message).toMatch(/^Syntax error at line 1, column 1: matches\(\) is not available/);
    expect(expressionError('[1, 2].all(a, [1, 2].exists(b, a == b))').message).toMatch(/cannot be nested/);
  });

  it('accepts natural comparisons of double amounts with int literals, and the other features', () => {
    for (const ok of [
      'amount > 5000',
      'amount > 5000.5',
      'amount == 5000',
      'amount_minor >= 500000 && currency == "USD"',
      'amount_reference > 5000 && reference_currency == "USD"',
      'customer_payments_24h > 10',
      'customer_payments_24h > 2.5',
      'ip_country != card_country && ip_country != ""',
      'customer_is_new && amount > 3 * merchant_average_amount',
      'email.endsWith("@example.com") || method in ["crypto", "bank_transfer"]',
      '["mailinator.com", "example.org"].exists(d, email.endsWith(d))',
    ]) {
      expect(() => validateExpression(ok), ok).not.toThrow();
    }
  });
});

describe('evaluateCustomRules', () => {
  it('compares a double amount with int and double literals', async () => {
    expect(await matches('amount > 5000', { amount: 6000 })).toBe(true);
    expect(await matches('amount > 5000', { amount: 5000 })).toBe(false);
    expect(await matches('amount > 5000.5', { amount: 5000.75 })).toBe(true);
    expect(await matches('amount > 5000.5', { amount: 5000.25 })).toBe(false);
    expect(await matches('amount == 5000', { amount: 5000 })).toBe(true);
    expect(await matches('amount != 5000', { amount: 5000 })).toBe(false);
    expect(await matches('amount > 3 * merchant_average_amount', { amount: 301, merchant_average_amount: 100 })).toBe(true);
    expect(await matches('amount > 3 * merchant_average_amount', { amount: 300, merchant_average_amount: 100 })).toBe(false);
    expect(await matches('customer_payments_24h * 0.5 > 1', { customer_payments_24h: 3 })).toBe(true);
    expect(await matches('customer_payments_24h > 10', { customer_payments_24h: 11 })).toBe(true);
    expect(await matches('customer_payments_24h > 10', { customer_payments_24h: 10 })).toBe(false);
    expect(await matches('ip_country != card_country && card_country != ""', { ip_country: 'US', card_country: 'GB' })).toBe(true);
    expect(await matches('ip_country != card_country && card_country != ""', { ip_country: 'US', card_country: '' })).toBe(false);
  });

  it('adds a factor per matching rule, and block wins over review', async () => {
    const { db, merchantId } = await dbWithMerchant();
    await createCustomRule(db, { merchantId, actor: ACTOR, name: 'Large crypto', expression: 'amount > 5000 && method == "crypto"', action: 'score', score: 0.5 });
    await createCustomRule(db, { merchantId, actor: ACTOR, name: 'Busy customer', expression: 'customer_payments_24h >= 3', action: 'review' });
    await createCustomRule(db, { merchantId, actor: ACTOR, name: 'Never matches', expression: 'amount < 0', action: 'block' });

    const first = await evaluateCustomRules(db, { merchantId, features: features() });
    expect(first.action).toBe('review');
    expect(first.factors).toEqual([
      { rule: 'custom:Large crypto', score: 0.5, reason: 'Custom rule "Large crypto" v1 matched: amount > 5000 && method == "crypto"' },
      { rule: 'custom:Busy customer', score: 0, reason: 'Custom rule "Busy customer" v1 matched: customer_payments_24h >= 3 (action: review)' },
    ]);

    await createCustomRule(db, { merchantId, actor: ACTOR, name: 'Crypto block', expression: 'method == "crypto"', action: 'block', score: 0.2 });
    const second = await evaluateCustomRules(db, { merchantId, features: features() });
    expect(second.action).toBe('block');
    expect(second.factors.map((f) => [f.rule, f.score])).toEqual([
      ['custom:Large crypto', 0.5],
      ['custom:Busy customer', 0],
      ['custom:Crypto block', 0.2],
    ]);

    expect(await evaluateCustomRules(db, { merchantId, features: features({ amount: 10, method: 'credit_card', customer_payments_24h: 0 }) })).toEqual({
      factors: [],
      action: null,
    });
  });

  it('only sees the merchant’s own rules', async () => {
    const { db, merchantId } = await dbWithMerchant();
    const other = await createMerchant(db, { name: 'Other' });
    await createCustomRule(db, { merchantId: other.merchantId, actor: ACTOR, name: 'Theirs', expression: 'amount > 0', action: 'block' });
    expect(await evaluateCustomRules(db, { merchantId, features: features() })).toEqual({ factors: [], action: null });
  });

  it('ignores disabled and deleted rules', async () => {
    const { db, merchantId } = await dbWithMerchant();
    const off = await createCustomRule(db, { merchantId, actor: ACTOR, name: 'Off', expression: 'amount > 0', action: 'block', enabled: false });
    const gone = await createCustomRule(db, { merchantId, actor: ACTOR, name: 'Gone', expression: 'amount > 0', action: 'block' });
    expect((await evaluateCustomRules(db, { merchantId, features: features() })).action).toBe('block');
    await deleteCustomRule(db, { merchantId, ruleId: gone.rule.id });
    expect(await evaluateCustomRules(db, { merchantId, features: features() })).toEqual({ factors: [], action: null });

    await updateCustomRule(db, { merchantId, ruleId: off.rule.id, actor: ACTOR, enabled: true });
    expect((await evaluateCustomRules(db, { merchantId, features: features() })).factors.map((f) => f.rule)).toEqual(['custom:Off']);
  });

  it('records a rule that throws at run time as rule_error and still answers', async () => {
    const errors = vi.spyOn(log, 'error').mockImplementation(() => undefined);
    const { db, merchantId } = await dbWithMerchant();
    // Passes the type checker; integer division by zero throws when there are no failures.
    await createCustomRule(db, { merchantId, actor: ACTOR, name: 'Failure ratio', expression: 'customer_payments_24h / customer_failures_24h > 1', action: 'block' });
    await createCustomRule(db, { merchantId, actor: ACTOR, name: 'Big', expression: 'amount > 5000', action: 'score', score: 0.3 });

    const result = await evaluateCustomRules(db, { merchantId, features: features({ customer_failures_24h: 0 }) });
    expect(result.action).toBeNull();
    expect(result.factors).toEqual([
      { rule: 'custom:Failure ratio', score: 0, reason: 'rule_error' },
      { rule: 'custom:Big', score: 0.3, reason: 'Custom rule "Big" v1 matched: amount > 5000' },
    ]);
    const [fields, message] = errors.mock.calls[0] as unknown as [{ merchant_id: string; version: number; err: Error }, string];
    expect(message).toBe('risk rule failed');
    expect(fields).toMatchObject({ merchant_id: merchantId, version: 1 });
    expect(String(fields.err)).toMatch(/division by zero/);

    // With failures the same program evaluates normally: 3 / 1 > 1.
    expect((await evaluateCustomRules(db, { merchantId, features: features({ customer_failures_24h: 1 }) })).action).toBe('block');
  });

  it('records a stored expression that no longer compiles as rule_error', async () => {
    vi.spyOn(log, 'error').mockImplementation(() => undefined);
    const { db, merchantId } = await dbWithMerchant();
    const created = await createCustomRule(db, { merchantId, actor: ACTOR, name: 'Corrupted', expression: 'amount > 1', action: 'block' });
    await transaction(db, async (tx) => {
      await tx.update(riskRuleVersions).set({ expression: 'amount >>> 1 &&' }).where(eq(riskRuleVersions.ruleId, created.rule.id));
    });
    expect(await evaluateCustomRules(db, { merchantId, features: features() })).toEqual({
      factors: [{ rule: 'custom:Corrupted', score: 0, reason: 'rule_error' }],
      action: null,
    });
  });
});

describe('risk rule CRUD', () => {
  it('versions changes of expression, action or score and evaluates the newest', async () => {
    const { db, merchantId } = await dbWithMerchant();
    const created = await createCustomRule(db, { merchantId, actor: 'key_a', name: 'Big', expression: 'amount > 5000', action: 'score', score: 0.4 });
    const id = created.rule.id;
    expect(id).toMatch(/^rule_/);
    expect((await evaluateCustomRules(db, { merchantId, features: features({ amount: 6000 }) })).factors).toHaveLength(1);

    const updated = await updateCustomRule(db, { merchantId, ruleId: id, actor: 'key_b', expression: 'amount > 8000' });
    expect(updated.rule.currentVersion).toBe(2);
    expect(updated.versions.map((v) => [v.version, v.expression, v.score, v.createdBy])).toEqual([
      [1, 'amount > 5000', 0.4, 'key_a'],
      [2, 'amount > 8000', 0.4, 'key_b'],
    ]);
    expect((await evaluateCustomRules(db, { merchantId, features: features({ amount: 6000 }) })).factors).toEqual([]);
    expect((await evaluateCustomRules(db, { merchantId, features: features({ amount: 9000 }) })).factors[0].reason).toBe(
      'Custom rule "Big" v2 matched: amount > 8000',
    );

    // A rename or a toggle changes the rule, not its content: no new version.
    const renamed = await updateCustomRule(db, { merchantId, ruleId: id, actor: ACTOR, name: 'Very big', enabled: true, score: 0.4 });
    expect(renamed.rule).toMatchObject({ name: 'Very big', currentVersion: 2 });

    // Turning it into a block rule without a score stops adding the old score.
    const blocking = await updateCustomRule(db, { merchantId, ruleId: id, actor: ACTOR, action: 'block' });
    expect(blocking.version).toMatchObject({ version: 3, action: 'block', score: 0, expression: 'amount > 8000' });

    const serialized = serializeCustomRule(blocking);
    expect(serialized).toMatchObject({ id, object: 'risk_rule', name: 'Very big', action: 'block', score: 0, enabled: true, version: 3, livemode: false });
    expect(serialized.versions).toHaveLength(3);
    expect(serialized.versions![0]).toEqual({
      version: 1,
      expression: 'amount > 5000',
      action: 'score',
      score: 0.4,
      created: expect.stringMatching(/Z$/),
      created_by: 'key_a',
    });
  });

  it('validates names, actions, scores and expressions', async () => {
    const { db, merchantId } = await dbWithMerchant();
    const code = (p: Promise<unknown>) => p.then(() => 'ok', (e: DomainError) => `${e.code}:${e.param}`);
    expect(await code(createCustomRule(db, { merchantId, actor: ACTOR, name: '', expression: 'amount > 1', action: 'block' }))).toBe('parameter_invalid:name');
    expect(await code(createCustomRule(db, { merchantId, actor: ACTOR, name: 'x'.repeat(101), expression: 'amount > 1', action: 'block' }))).toBe(
      'parameter_invalid:name',
    );
    expect(await code(createCustomRule(db, { merchantId, actor: ACTOR, name: 'a', expression: 'amount > 1', action: 'deny' as 'block' }))).toBe(
      'parameter_invalid:action',
    );
    expect(await code(createCustomRule(db, { merchantId, actor: ACTOR, name: 'a', expression: 'amount > 1', action: 'score' }))).toBe('parameter_missing:score');
    expect(await code(createCustomRule(db, { merchantId, actor: ACTOR, name: 'a', expression: 'amount > 1', action: 'score', score: 1.5 }))).toBe(
      'parameter_invalid:score',
    );
    expect(await code(createCustomRule(db, { merchantId, actor: ACTOR, name: 'a', expression: 'amount >', action: 'block' }))).toBe(
      'rule_expression_invalid:expression',
    );

    const rule = await createCustomRule(db, { merchantId, actor: ACTOR, name: 'a', expression: 'amount > 1', action: 'review' });
    expect(rule.version.score).toBe(0);
    expect(await code(createCustomRule(db, { merchantId, actor: ACTOR, name: 'a', expression: 'amount > 2', action: 'review' }))).toBe('parameter_invalid:name');
    expect(await code(updateCustomRule(db, { merchantId, ruleId: rule.rule.id, actor: ACTOR, expression: 'nope > 1' }))).toBe('rule_expression_invalid:expression');
    expect(await code(updateCustomRule(db, { merchantId, ruleId: rule.rule.id, actor: ACTOR, action: 'score' }))).toBe('parameter_missing:score');
    expect((await getCustomRuleOrThrow(db, { merchantId, ruleId: rule.rule.id })).versions).toHaveLength(1);
  });

  it('is tenant-scoped: another merchant’s, unknown and deleted rules are 404', async () => {
    const { db, merchantId } = await dbWithMerchant();
    const other = await createMerchant(db, { name: 'Other' });
    const rule = await createCustomRule(db, { merchantId, actor: ACTOR, name: 'Mine', expression: 'amount > 1', action: 'review' });
    const id = rule.rule.id;
    const code = (p: Promise<unknown>) => p.then(() => 'ok', (e: DomainError) => e.code);

    expect(await code(getCustomRuleOrThrow(db, { merchantId: other.merchantId, ruleId: id }))).toBe('resource_missing');
    expect(await code(updateCustomRule(db, { merchantId: other.merchantId, ruleId: id, actor: ACTOR, name: 'Theirs' }))).toBe('resource_missing');
    expect(await code(deleteCustomRule(db, { merchantId: other.merchantId, ruleId: id }))).toBe('resource_missing');
    expect(await code(getCustomRuleOrThrow(db, { merchantId, ruleId: 'rule_unknown' }))).toBe('resource_missing');
    expect(await listCustomRules(db, { merchantId: other.merchantId })).toEqual([]);

    expect(await deleteCustomRule(db, { merchantId, ruleId: id })).toEqual({ id, object: 'risk_rule', deleted: true });
    expect(await code(getCustomRuleOrThrow(db, { merchantId, ruleId: id }))).toBe('resource_missing');
    expect(await code(deleteCustomRule(db, { merchantId, ruleId: id }))).toBe('resource_missing');
    expect(await listCustomRules(db, { merchantId })).toEqual([]);
    // A deleted rule's name is free again.
    expect(await code(createCustomRule(db, { merchantId, actor: ACTOR, name: 'Mine', expression: 'amount > 1', action: 'review' }))).toBe('ok');
  });
});
