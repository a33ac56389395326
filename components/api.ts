// The dashboard's one way to call /api/v1: same API as integrators, with the session cookie
// and the CSRF token (read from its cookie) on state-changing calls.

import type { listResponse } from '@/lib/list';

type Envelope = ReturnType<typeof listResponse<{ id: string }>>;

/**
 * The API's one list envelope (lib/http/list). Short fixed lists (team, alerts, alert rules,
 * the request log) never page, so they send no `next_cursor`.
 */
export type List<T> = Omit<Envelope, 'data' | 'next_cursor'> & { data: T[]; next_cursor?: Envelope['next_cursor'] };

export type ApiErrorBody = { type: string; code: string; message: string; param?: string; request_id?: string };

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
