import { apiRoute } from '@/lib/http/route';
import { notFound } from '@/lib/errors';
import { clearMerchantFxRate, fxRateBody, serializeFxRate, setMerchantFxRate } from '@/lib/fx/rates';

export const POST = apiRoute({ permission: 'fx:manage', body: fxRateBody }, async ({ db, merchantId, params, body, principal }) =>
  serializeFxRate(await setMerchantFxRate(db, { merchantId, currency: params.currency, rate: body.rate, actor: principal.actor })),
);

/** Drops the merchant's own rate: the installation's applies again. */
export const DELETE = apiRoute({ permission: 'fx:manage' }, async ({ db, merchantId, params }) => {
  const rate = await clearMerchantFxRate(db, { merchantId, currency: params.currency });
  if (!rate) throw notFound('fx_rate', params.currency);
  return serializeFxRate(rate);
});
