import { describe, expect, it } from 'vitest';
import { eventTypes } from '@/lib/events/event-types';
import { parseStripeEventId, stripeEventIdOf } from '@/lib/stripe-compat/stripe-events';
import { possibleStripeEvents, stripeEventTypes, stripeEventsOf, stripeOnlyEventTypes, tillpointEventTypes } from './stripe-event-types';

describe('Stripe event types', () => {
  it('reads every payment and refund event and the Stripe-only ones as Stripe events, and nothing else', () => {
    expect(tillpointEventTypes).toEqual([...eventTypes.filter((t) => t.startsWith('payment.') || t.startsWith('refund.')), ...stripeOnlyEventTypes]);
    // The Stripe-only ones are no native type.
    for (const type of stripeOnlyEventTypes) expect(eventTypes).not.toContain(type);
    // Every Stripe type Tillpoint lists is one some Tillpoint event can be.
    expect(new Set(tillpointEventTypes.flatMap(possibleStripeEvents))).toEqual(new Set(stripeEventTypes));
  });

  it('says charge.succeeded once per charge: at authorization for a manual capture, else at success', () => {
    expect(stripeEventsOf('payment.succeeded', { capture: true })).toEqual(['charge.succeeded', 'payment_intent.succeeded']);
    expect(stripeEventsOf('payment.succeeded', { capture: false })).toEqual(['payment_intent.succeeded']);
    expect(stripeEventsOf('payment.authorized', { capture: false })).toEqual(['charge.succeeded', 'payment_intent.amount_capturable_updated']);
  });

  it('says payment_intent.created once: for a native payment at its creation, for a draft when it is made', () => {
    expect(stripeEventsOf('payment.created', {})).toEqual(['payment_intent.created']);
    expect(stripeEventsOf('payment.created', {}, true)).toEqual([]);
    expect(stripeEventsOf('payment_intent.created', {})).toEqual(['payment_intent.created']);
  });

  it('gives each Stripe event of one Tillpoint event its own id, and reads it back', () => {
    const id = 'evt_01KB4Q9ZJ0ABCDEFGHJKMNPQRS';
    expect(stripeEventIdOf(id, 0)).toBe(id);
    expect(stripeEventIdOf(id, 1)).toBe(`${id}_1`);
    expect(parseStripeEventId(`${id}_1`)).toEqual({ eventId: id, index: 1 });
    expect(parseStripeEventId(id)).toEqual({ eventId: id, index: 0 });
    for (const bad of ['evt_', 'pi_123', `${id}_0`, `${id}_x`, `${id}_1_2`]) expect(parseStripeEventId(bad)).toBeNull();
  });
});
