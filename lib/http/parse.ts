import { DomainError } from '@/lib/errors';
import { bodyText, JSON_BODY_LIMIT, readBody } from './read-body';

/** How many objects and arrays a JSON body may nest; no API object needs more than a few. */
export const MAX_JSON_DEPTH = 32;

// Keys that name prototype machinery: zod's record() assigns them onto a fresh object, which
// drops them (or swaps the prototype) instead of refusing them, so they are refused up front.
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Refuses a parsed body nested deeper than MAX_JSON_DEPTH, or carrying a forbidden key at any
 * level. Everything after this (zod, the idempotency fingerprint, JSON.stringify) recurses, and
 * 10,000 levels overflow the stack; this walk keeps its own stack, so any depth is safe here.
 * (V8's JSON.parse is iterative too.)
 */
function assertPlainJson(body: unknown): void {
  const pending: Array<{ value: unknown; path: string[] }> = [{ value: body, path: [] }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { value, path } = next;
    if (value === null || typeof value !== 'object') continue;
    if (path.length >= MAX_JSON_DEPTH) {
      throw new DomainError('json_too_deep', `The request body nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep.`);
    }
    for (const [key, child] of Object.entries(value)) {
      if (!Array.isArray(value) && FORBIDDEN_KEYS.has(key)) {
        const param = [...path, key].join('.');
        throw new DomainError('parameter_invalid', `Invalid ${param}: "${key}" is not accepted as a key.`, { param });
      }
      pending.push({ value: child, path: [...path, key] });
    }
  }
}

/** The JSON body (at most JSON_BODY_LIMIT bytes, else 413), parsed; an empty body is `{}`. */
export async function readJsonBody(req: Request): Promise<{ raw: string; value: unknown }> {
  const raw = bodyText(await readBody(req, JSON_BODY_LIMIT));
  if (raw.trim() === '') return { raw, value: {} };
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new DomainError('json_invalid', 'The request body is not valid JSON.');
  }
  assertPlainJson(value);
  return { raw, value };
}

export function queryObject(url: URL): Record<string, string> {
  return Object.fromEntries(url.searchParams.entries());
}
