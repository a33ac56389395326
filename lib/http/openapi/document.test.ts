import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { apiRoutes } from '../api-routes';
import { conformanceChecker } from './conformance';
import { openApiDocument } from './document';
import { refundObject } from '@/lib/payments/serialize';
import { operations, type Operation } from './operations';

const document = openApiDocument();
const documentPath = (route: string) => route.replace(/^\/api\/v1/, '').replace(/\[(\w+)\]/g, '{$1}');
const pointer = (...parts: string[]) => '/' + parts.map((p) => p.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');

describe('the OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(structuredClone(document));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('describes exactly the /api/v1 routes and methods the app has', () => {
    const routed = apiRoutes
      .filter((r) => r.path.startsWith('/api/v1/') && !r.path.includes('[...'))
      .flatMap((r) => r.methods.map((m) => `${m} ${documentPath(r.path)}`))
      .sort();
    expect(Object.keys(operations).sort()).toEqual(routed);
  });

  it('names in each operation the very schemas and permission its route uses', async () => {
    for (const [key, operation] of Object.entries(operations) as [string, Operation][]) {
      const [method, path] = key.split(' ');
      const file = `@/app/api/v1${path.replace(/\{(\w+)\}/g, '[$1]')}/route.ts`;
      const handler = (await import(file))[method] as { options?: { permission?: string; body?: unknown; query?: unknown } };
      if (operation.permission === null) continue; // the public document itself
      expect(handler.options, key).toBeDefined();
      expect(handler.options!.permission, key).toBe(operation.permission);
      expect(handler.options!.body, `${key} body`).toBe(operation.body);
      expect(handler.options!.query, `${key} query`).toBe(operation.query);
    }
  });

  it('has examples that conform to their own schemas', () => {
    const { validateAt } = conformanceChecker(document);
    const problems: string[] = [];
    for (const [id, schema] of Object.entries(document.components.schemas)) {
      for (const [i, example] of ((schema.examples as unknown[]) ?? []).entries()) {
        const problem = validateAt(pointer('components', 'schemas', id), example);
        if (problem) problems.push(`${id} example ${i}: ${problem}`);
      }
    }
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        const media = [
          ...Object.entries(operation.requestBody?.content ?? {}).map(([type, m]) => ({ at: ['requestBody', 'content', type], m })),
          ...Object.entries(operation.responses).flatMap(([status, r]) => Object.entries(r.content ?? {}).map(([type, m]) => ({ at: ['responses', status, 'content', type], m }))),
        ];
        for (const { at, m } of media) {
          if (m.example === undefined) continue;
          const problem = validateAt(pointer('paths', path, method, ...at, 'schema'), m.example);
          if (problem) problems.push(`${method.toUpperCase()} ${path} ${at.join(' ')}: ${problem}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('documents the standard error shape with the codes each operation can answer', () => {
    const refund = document.paths['/payments/{id}/refunds'].post.responses;
    expect(Object.keys(refund).sort()).toEqual(['201', '400', '401', '403', '404', '409', '413', '429', '500', '503']);
    expect(JSON.stringify(refund['400'].content!['application/json'].schema)).toContain('refund_exceeds_remaining');
    // A code the operation cannot answer is refused by its schema.
    const { validateAt } = conformanceChecker(document);
    const at = pointer('paths', '/payments/{id}/refunds', 'post', 'responses', '400', 'content', 'application/json', 'schema');
    const body = (code: string) => ({ error: { type: 'invalid_request_error', code, message: 'm', request_id: 'req_1' } });
    expect(validateAt(at, body('refund_exceeds_remaining'))).toBeNull();
    expect(validateAt(at, body('review_already_decided'))).toMatch(/allowed values/);
  });

  it('refuses an answer that drifts from the document', () => {
    const { check } = conformanceChecker(document);
    const refund = (refundObject.meta()!.examples as Record<string, unknown>[])[0];
    const answer = (body: unknown, status = 201) => ({ method: 'POST', path: '/api/v1/payments/pay_1/refunds', status, contentType: 'application/json', body: JSON.stringify(body) });
    expect(check(answer(refund))).toBeNull();
    expect(check(answer({ ...refund, surprise: true }))).toMatch(/additional properties/);
    expect(check(answer({ ...refund, amount: 10 }))).toMatch(/amount must be string/);
    expect(check(answer(refund, 200))).toMatch(/status 200 is not documented/);
    expect(check({ ...answer({ error: { type: 'not_found', code: 'route_missing', message: 'm', request_id: 'r' } }, 405), method: 'PUT' })).toBeNull();
    expect(check({ ...answer({ nope: 1 }, 405), method: 'PUT' })).toMatch(/not the error shape/);
  });
});
