import { z } from 'zod';

/** Every event type Tillpoint emits; endpoints subscribe to these, to `prefix.*`, or to `*`. */
export const eventTypes = [
  'payment.created',
  'payment.pending_review',
  'payment.authorized',
  'payment.captured',
  'payment.succeeded',
  'payment.failed',
  'payment.cancelled',
  'refund.created',
  'refund.succeeded',
  'refund.failed',
  'review.approved',
  'review.rejected',
  'payout.created',
  'payout.paid',
  'payout.failed',
  'alert.opened',
] as const;
export type EventType = (typeof eventTypes)[number];

const prefixes = new Set(eventTypes.map((t) => t.split('.')[0]));

export function isEventPattern(value: string): boolean {
  if (value === '*') return true;
  if (value.endsWith('.*')) return prefixes.has(value.slice(0, -2));
  return (eventTypes as readonly string[]).includes(value);
}

export function matchesEventPattern(pattern: string, type: string): boolean {
  if (pattern === '*' || pattern === type) return true;
  return pattern.endsWith('.*') && type.startsWith(pattern.slice(0, -1));
}

export function subscribesTo(enabledEvents: readonly string[], type: string): boolean {
  return enabledEvents.some((pattern) => matchesEventPattern(pattern, type));
}

export const eventPatternList = z
  .array(z.string().refine(isEventPattern, { message: 'must be an event type (e.g. payment.succeeded), a prefix like refund.*, or *' }))
  .min(1)
  .max(eventTypes.length + prefixes.size + 1);
