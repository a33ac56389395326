import { describe, expect, it } from 'vitest';
import { cardPayment, newMerchant } from './api-client';

const cryptoPayment = (amount: string) => ({
  amount,
  currency: 'usd',
  method: 'crypto',
  payment_details: { network: 'ethereum', address: '0x71C7656EC7ab88b098defB751B7401B5f6d8976F' },
});

describe('custom risk rules API', () => {
  it('refuses an expression with a syntax error, with its position', async () => {
    const { api } = await newMerchant();
    const res = await api.post('/risk/rules', { name: 'Broken', expression: 'amount > 5000 &&& method == "crypto"', action: 'block' });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ type: 'invalid_request_error', code: 'rule_expression_invalid', param: 'expression' });
    expect(res.body.error.message).toMatch(/^Syntax error at line 1, column 17: /);

    const unknown = await api.post('/risk/rules', { name: 'Unknown', expression: 'amount > 10 && country == "US"', action: 'block' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/^Type error at line 1, column 16: Unknown variable: country/);

    const notBool = await api.post('/risk/rules', { name: 'Number', expression: 'amount * 2.0', action: 'review' });
    expect(notBool.body.error).toMatchObject({ code: 'rule_expression_invalid' });

    const strict = await api.post('/risk/rules', { name: 'x', expression: 'amount > 1', action: 'block', priority: 1 });
    expect(strict.status).toBe(400);
    expect(strict.body.error.code).toBe('parameter_invalid');

    expect((await api.get('/risk/rules')).body.data).toEqual([]);
  });

  it('creates, lists, fetches, versions and deletes a rule', async () => {
    const { api, apiKeyId } = await newMerchant();
    const created = await api.post('/risk/rules', {
      name: 'Large crypto',
      expression: 'amount > 5000 && method == "crypto"',
      action: 'score',
      score: 0.5,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      object: 'risk_rule',
      name: 'Large crypto',
      expression: 'amount > 5000 && method == "crypto"',
      action: 'score',
      score: 0.5,
      enabled: true,
      version: 1,
      livemode: false,
    });
    const id = created.body.id;
    expect(id).toMatch(/^rule_/);
    expect(created.body.created).toMatch(/^\d{4}-\d\d-\d\dT.*Z$/);
    expect(created.body.versions).toEqual([
      { version: 1, expression: 'amount > 5000 && method == "crypto"', action: 'score', score: 0.5, created: created.body.created, created_by: apiKeyId },
    ]);

    const listed = await api.get('/risk/rules');
    expect(listed.status).toBe(200);
    expect(listed.body).toMatchObject({ object: 'list', has_more: false });
    expect(listed.body.data.map((r: { id: string }) => r.id)).toEqual([id]);
    expect(listed.body.data[0]).not.toHaveProperty('versions');

    const updated = await api.post(`/risk/rules/${id}`, { expression: 'amount > 8000 && method == "crypto"', action: 'block' });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ id, version: 2, expression: 'amount > 8000 && method == "crypto"', action: 'block', score: 0 });
    expect(updated.body.versions.map((v: { version: number; expression: string }) => [v.version, v.expression])).toEqual([
      [1, 'amount > 5000 && method == "crypto"'],
      [2, 'amount > 8000 && method == "crypto"'],
    ]);

    const badUpdate = await api.post(`/risk/rules/${id}`, { expression: 'amount >' });
    expect(badUpdate.status).toBe(400);
    expect(badUpdate.body.error.code).toBe('rule_expression_invalid');

    const disabled = await api.post(`/risk/rules/${id}`, { enabled: false, name: 'Very large crypto' });
    expect(disabled.body).toMatchObject({ version: 2, enabled: false, name: 'Very large crypto' });

    const fetched = await api.get(`/risk/rules/${id}`);
    expect(fetched.status).toBe(200);
    expect(fetched.body).toMatchObject({ id, version: 2, enabled: false, name: 'Very large crypto' });
    expect(fetched.body.versions).toHaveLength(2);

    const deleted = await api.request('DELETE', `/risk/rules/${id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ id, object: 'risk_rule', deleted: true });
    expect((await api.get(`/risk/rules/${id}`)).status).toBe(404);
    expect((await api.request('DELETE', `/risk/rules/${id}`)).status).toBe(404);
    expect((await api.get('/risk/rules')).body.data).toEqual([]);
  });

  it('hides a rule from other merchants behind a 404', async () => {
    const owner = await newMerchant();
    const stranger = await newMerchant();
    const { body: rule } = await owner.api.post('/risk/rules', { name: 'Mine', expression: 'customer_payments_24h > 10', action: 'review' });

    for (const res of [
      await stranger.api.get(`/risk/rules/${rule.id}`),
      await stranger.api.post(`/risk/rules/${rule.id}`, { enabled: false }),
      await stranger.api.request('DELETE', `/risk/rules/${rule.id}`),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.error).toMatchObject({ type: 'not_found', code: 'resource_missing' });
    }
    expect((await stranger.api.get('/risk/rules')).body.data).toEqual([]);
    expect((await owner.api.get(`/risk/rules/${rule.id}`)).body.enabled).toBe(true);
  });

  it('backtests a draft rule against the payments created through the API', async () => {
    const { api } = await newMerchant();
    const other = await newMerchant();
    await other.api.post('/payments', cryptoPayment('900.00'));

    const created = [];
    for (const body of [
      cardPayment({ amount: '50.00' }),
      cardPayment({ amount: '150.00' }),
      cryptoPayment('150.00'),
      cryptoPayment('80.00'),
      cryptoPayment('300.00'),
      cryptoPayment('100.00'),
    ]) {
      const res = await api.post('/payments', body);
      expect(res.status).toBe(201);
      created.push(res.body.id as string);
    }
    const expected = [created[4], created[2]]; // the crypto payments above 100, newest first

    const res = await api.post('/risk/rules/test', { expression: 'amount > 100 && method == "crypto"', action: 'block' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ object: 'risk_rule_backtest', evaluated: 6, matched: 2, match_rate: 0.3333, errors: 0, action: 'block' });
    expect(res.body.examples).toEqual(expected);
    const byStatus = res.body.matched_by_status as Record<string, number>;
    expect(Object.values(byStatus).reduce((a, b) => a + b, 0)).toBe(2);
    expect((byStatus.processing ?? 0) + (byStatus.success ?? 0)).toBe(2);

    const limited = await api.post('/risk/rules/test', { expression: 'amount > 100 && method == "crypto"', limit: 2 });
    expect(limited.body).toMatchObject({ evaluated: 2, matched: 1, examples: [created[4]] });

    // A draft is not saved.
    expect((await api.get('/risk/rules')).body.data).toEqual([]);

    const bad = await api.post('/risk/rules/test', { expression: 'amount > 100 &&' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'rule_expression_invalid', param: 'expression' });
    expect(bad.body.error.message).toMatch(/^Syntax error at line 1, column 16/);

    const tooMany = await api.post('/risk/rules/test', { expression: 'amount > 100', limit: 5001 });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error).toMatchObject({ code: 'parameter_invalid', param: 'limit' });
  });
});
