// The dashboard's one way to call /api/v1: same API as integrators, with the session cookie
// and the CSRF token (read from its cookie) on state-changing calls.

import type { z } from 'zod';
import type { ErrorObject } from '@/lib/http/error-body';
import type { OperationKey, Operations } from '@/lib/http/openapi/operations';
import type { listResponse } from '@/lib/list';

type Envelope = ReturnType<typeof listResponse<{ id: string }>>;

/**
 * The API's one list envelope (lib/http/list). Short fixed lists (team, alerts, alert rules,
 * the request log) never page, so they send no `next_cursor`.
 */
export type List<T> = Omit<Envelope, 'data' | 'next_cursor'> & { data: T[]; next_cursor?: Envelope['next_cursor'] };

/** The standard error (lib/http/error-body.ts), or one the dashboard makes for an answer without it. */
export type ApiErrorBody = Omit<ErrorObject['error'], 'type' | 'code' | 'request_id'> & { type: string; code: string; request_id?: string };

export class ApiRequestError extends Error {
  readonly status: number;
  readonly code: string;
  readonly param?: string;

  constructor(status: number, error: ApiErrorBody) {
    super(error.message);
    this.status = status;
    this.code = error.code;
    this.param = error.param;
  }
}

export function csrfToken(): string {
  const match = document.cookie.match(/(?:^|;\s*)tp_csrf=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : '';
}

export async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const method = init.method ?? 'GET';
  const headers: Record<string, string> = {};
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken();
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path.startsWith('/api/') ? path : `/api/v1${path}`, {
    method,
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    credentials: 'same-origin',
  });
  const text = await res.text();
  const json = text ? JSON.parse(text) : null;
  if (!res.ok) {
    if (res.status === 401 && typeof window !== 'undefined' && !path.startsWith('/api/auth')) {
      window.location.assign(`/login?next=${encodeURIComponent(window.location.pathname)}`);
    }
    throw new ApiRequestError(res.status, json?.error ?? { type: 'api_error', code: 'http_error', message: `HTTP ${res.status}` });
  }
  return json as T;
}

/** Query string from an object, skipping empty values. */
export function toQuery(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

// The typed client: each call names its operation (`'POST /payments/{id}/refunds'`) and gets the
// types of the zod schemas the API validates the request with and answers with (the operations
// table, lib/http/openapi/operations.ts, which the OpenAPI document is generated from).

type OperationOf<K extends OperationKey> = Operations[K];
/** What an operation answers (its successful JSON body). */
export type ResponseOf<K extends OperationKey> = OperationOf<K>['response'] extends z.ZodType ? z.output<OperationOf<K>['response']> : never;
/** What an operation takes as its JSON body. */
export type BodyOf<K extends OperationKey> = OperationOf<K> extends { body: z.ZodType } ? z.input<OperationOf<K>['body']> : never;
/** Its query parameters (numbers welcome: they are coerced). */
export type QueryOf<K extends OperationKey> = OperationOf<K> extends { query: z.ZodType } ? z.input<OperationOf<K>['query']> : never;
/** A list operation's item. */
export type ItemOf<K extends OperationKey> = ResponseOf<K> extends { data: (infer T)[] } ? T : never;

type PathParams<P> = P extends `${string}{${infer Name}}${infer Rest}` ? Name | PathParams<Rest> : never;
type ParamsOf<K extends OperationKey> = K extends `${string} ${infer Path}` ? PathParams<Path> : never;
type Option<Present, Value> = [Present] extends [never] ? object : Value;

export type CallOptions<K extends OperationKey> = Option<ParamsOf<K>, { params: Record<ParamsOf<K>, string> }> &
  Option<BodyOf<K>, { body: BodyOf<K> }> &
  Option<QueryOf<K>, { query?: { [Q in keyof QueryOf<K>]?: QueryOf<K>[Q] | null } }>;

type CallArgs<K extends OperationKey> = object extends CallOptions<K> ? [options?: CallOptions<K>] : [options: CallOptions<K>];

/** Calls one operation of the native API: `call('GET /payments/{id}', { params: { id } })`. */
export function call<K extends OperationKey>(operation: K, ...[options]: CallArgs<K>): Promise<ResponseOf<K>> {
  const [method, template] = operation.split(' ');
  const { params, query, body } = (options ?? {}) as { params?: Record<string, string>; query?: Record<string, string | number | null | undefined>; body?: unknown };
  const path = template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params![name]));
  return api<ResponseOf<K>>(`${path}${query ? toQuery(query) : ''}`, { method, body });
}
