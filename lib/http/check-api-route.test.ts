import { describe, expect, it } from 'vitest';
import { allowedMethods, checkApiRoute, hasUndecodableSegment, matchApiRoute } from './check-api-route';

describe('matchApiRoute', () => {
  it('prefers a static segment to a dynamic one, as Next.js does', () => {
    expect(matchApiRoute('/api/v1/risk/rules/test')?.route.path).toBe('/api/v1/risk/rules/test');
    expect(matchApiRoute('/api/v1/risk/rules/rule_1')?.route.path).toBe('/api/v1/risk/rules/[id]');
  });

  it('names the dynamic segment that does not decode', () => {
    expect(matchApiRoute('/api/v1/payments/%zz/refunds')).toMatchObject({ route: { path: '/api/v1/payments/[id]/refunds' }, undecodableParam: 'id' });
    expect(matchApiRoute('/api/v1/payments/pay_1%20x')?.undecodableParam).toBeUndefined();
    expect(matchApiRoute('/api/v1/nothing')).toBeNull();
  });

  it('matches no route for a path with an empty segment (a trailing or doubled slash)', () => {
    expect(matchApiRoute('/v1/customers')?.route.path).toBe('/v1/customers');
    for (const path of ['/v1/customers/', '/v1//customers', '/v1/customers//payment_methods', '/api/v1/payments/']) expect(matchApiRoute(path), path).toBeNull();
  });
});

describe('checkApiRoute', () => {
  it('lets routable requests through', () => {
    expect(checkApiRoute('POST', '/api/v1/payments')).toBeNull();
    expect(checkApiRoute('HEAD', '/api/v1/balance')).toBeNull();
    expect(checkApiRoute('OPTIONS', '/api/v1/balance')).toBeNull();
    expect(checkApiRoute('PUT', '/api/v1/nothing')).toBeNull(); // the catch-all answers route_missing
  });

  it('answers a missing method with 405 and the methods the route has', async () => {
    const res = checkApiRoute('PUT', '/api/v1/payments')!;
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD, OPTIONS, POST');
    expect((await res.json()).error).toMatchObject({ type: 'invalid_request_error', code: 'method_not_allowed' });
    expect(allowedMethods({ path: '/x', methods: ['POST'] })).toEqual(['OPTIONS', 'POST']);
  });

  it('answers undecodable paths in the standard shape', async () => {
    expect(hasUndecodableSegment('/api/v1/payments/%c0%af')).toBe(true);
    const bad = checkApiRoute('GET', '/api/v1/payments/%c0%af')!;
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatchObject({ code: 'parameter_invalid', param: 'id' });
    expect(checkApiRoute('GET', '/api/v1/pay%zzments')!.status).toBe(404);
  });
});
