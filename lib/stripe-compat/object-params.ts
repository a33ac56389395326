import { z } from 'zod';
import { formBoolean, formInteger, formMetadata, listParams } from './params';
import { webhookUrl } from '@/lib/webhooks/endpoints';
import { stripeEventTypes } from '@/lib/events/stripe-event-types';

/** A text field Stripe lets you clear by sending it empty (`email=`). */
const clearable = (max: number) =>
  z
    .string()
    .max(max)
    .transform((value) => (value === '' ? null : value));

/** `metadata[key]=value` merges; `metadata=` clears them all. */
const metadataChanges = z.union([z.literal('').transform(() => null), formMetadata]);

const customerFields = {
  email: clearable(512).pipe(z.email().nullable()).optional(),
  name: clearable(256).optional(),
  phone: clearable(20).optional(),
  description: clearable(350).optional(),
  metadata: metadataChanges.optional(),
  invoice_settings: z.strictObject({ default_payment_method: clearable(255).optional() }).optional(),
};

export const customerParams = z.strictObject(customerFields);
export type CustomerParams = z.output<typeof customerParams>;

/** The domain's fields from Stripe's parameters. */
export function customerFieldsOf(params: CustomerParams) {
  const { invoice_settings, ...rest } = params;
  return { ...rest, defaultPaymentMethod: invoice_settings?.default_payment_method };
}

export const customerListParams = z.strictObject({ ...listParams, email: z.string().max(512).optional() });

export const attachParams = z.strictObject({ customer: z.string().min(1) });

/** Only cards exist here, so `type` may be `card` or left out. */
const cardType = z.literal('card', { error: "Tillpoint's payment methods are cards: type must be card" }).optional();

export const customerPaymentMethodListParams = z.strictObject({ ...listParams, type: cardType });
export const paymentMethodListParams = z.strictObject({ ...listParams, type: cardType, customer: z.string().min(1) });

const createdFilter = z.union([
  formInteger.transform((at) => ({ gte: at, lte: at })),
  z.strictObject({ gt: formInteger.optional(), gte: formInteger.optional(), lt: formInteger.optional(), lte: formInteger.optional() }),
]);

const stripeEventType = z.string().refine((t) => (stripeEventTypes as readonly string[]).includes(t) || (t.endsWith('.*') && stripeEventTypes.some((s) => s.startsWith(t.slice(0, -1)))), {
  message: `must be one of the event types Tillpoint sends (${stripeEventTypes.join(', ')}) or a prefix such as charge.*`,
});

export const eventListParams = z.strictObject({
  ...listParams,
  type: stripeEventType.optional(),
  types: z.array(z.enum(stripeEventTypes)).max(20).optional(),
  created: createdFilter.optional(),
});

/** Stripe's endpoints subscribe to exact types or to `*`. */
const enabledEvents = z
  .array(z.enum(['*', ...stripeEventTypes], { error: `must be * or an event type Tillpoint sends: ${stripeEventTypes.join(', ')}` }))
  .min(1)
  .max(stripeEventTypes.length + 1);

export const webhookEndpointCreateParams = z.strictObject({
  url: webhookUrl,
  enabled_events: enabledEvents,
  description: z.string().max(5000).optional(),
  metadata: formMetadata.optional(),
  // stripe-node sends the version it pins; every endpoint gets Tillpoint's one shape.
  api_version: z.string().max(64).optional(),
});

export const webhookEndpointUpdateParams = z.strictObject({
  url: webhookUrl.optional(),
  enabled_events: enabledEvents.optional(),
  description: clearable(5000).optional(),
  metadata: metadataChanges.optional(),
  disabled: formBoolean.optional(),
});
