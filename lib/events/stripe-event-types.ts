import { eventTypes } from './event-types';

/**
 * How Tillpoint's events read in Stripe's terms. One Tillpoint event can be several Stripe
 * events (a payment that succeeds is `charge.succeeded` then `payment_intent.succeeded`), listed
 * in the order Stripe sends them. Events with no Stripe counterpart (reviews, payouts, alerts)
 * are not on the Stripe surface. Pure: the outbox fan-out (lib/webhooks/events.ts) uses it too.
 */
export const stripeEventTypes = [
  'payment_intent.created',
  'payment_intent.processing',
  'payment_intent.amount_capturable_updated',
  'payment_intent.succeeded',
  'payment_intent.payment_failed',
  'payment_intent.canceled',
  'charge.succeeded',
  'charge.captured',
  'charge.failed',
  'charge.refunded',
  'refund.created',
  'refund.updated',
  'refund.failed',
] as const;
export type StripeEventType = (typeof stripeEventTypes)[number];

/**
 * Outbox events that only the Stripe surface reads, recorded with the Stripe object as it was.
 * A PaymentIntent made through /v1 and not confirmed yet is no Tillpoint payment (see
 * ARCHITECTURE.md), so there is nothing for a native event to describe: the native API says
 * `payment.created` when its confirmation creates the payment, and native endpoints and
 * /api/v1/events never see these. Stripe, though, says `payment_intent.created` when the
 * PaymentIntent is made, and `payment_intent.canceled` when one that holds no live payment
 * (a draft, or a declined one) is cancelled.
 */
export const stripeOnlyEventTypes = ['payment_intent.created', 'payment_intent.canceled'] as const;
export type StripeOnlyEventType = (typeof stripeOnlyEventTypes)[number];
export const isStripeOnlyEventType = (type: string): type is StripeOnlyEventType => (stripeOnlyEventTypes as readonly string[]).includes(type);

/**
 * The Stripe events a Tillpoint event of `type` is, given the object it carries. `ofDraft`:
 * the event is about a payment that confirms a PaymentIntent made through /v1, which said
 * `payment_intent.created` itself when it was made (once, however many confirmations follow).
 */
export function stripeEventsOf(type: string, object: Record<string, unknown>, ofDraft = false): StripeEventType[] {
  switch (type) {
    case 'payment_intent.created':
    case 'payment_intent.canceled':
      return [type];
    case 'payment.created':
      return ofDraft ? [] : ['payment_intent.created'];
    case 'payment.pending_review':
      return ['payment_intent.processing'];
    case 'payment.authorized':
      return ['charge.succeeded', 'payment_intent.amount_capturable_updated'];
    case 'payment.captured':
      return ['charge.captured'];
    case 'payment.succeeded':
      // A manual capture already said `charge.succeeded` when it was authorized.
      return object.capture === false ? ['payment_intent.succeeded'] : ['charge.succeeded', 'payment_intent.succeeded'];
    case 'payment.failed':
      return ['charge.failed', 'payment_intent.payment_failed'];
    case 'payment.cancelled':
      return ['payment_intent.canceled'];
    case 'refund.created':
      return ['refund.created'];
    case 'refund.succeeded':
      // Tillpoint raises a payment's refunded amount when the refund succeeds.
      return ['charge.refunded', 'refund.updated'];
    case 'refund.failed':
      return ['refund.failed'];
    default:
      return [];
  }
}

/** Every Stripe event a Tillpoint event of `type` can be, whatever its object says. */
export const possibleStripeEvents = (type: string): StripeEventType[] => [...new Set([...stripeEventsOf(type, {}), ...stripeEventsOf(type, { capture: false })])];

/** The outbox event types that are some Stripe event. */
export const tillpointEventTypes: string[] = [...eventTypes, ...stripeOnlyEventTypes].filter((type) => possibleStripeEvents(type).length > 0);

/** Whether Stripe-style `enabled_events` (`*` or exact types) take a Stripe event of `type`. */
export const stripeEndpointTakes = (enabledEvents: readonly string[], type: string) => enabledEvents.includes('*') || enabledEvents.includes(type);
