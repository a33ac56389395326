import { apiRoute } from '@/lib/http/route';
import { feeSettings, feeSettingsBody, updateFeeSettings } from '@/lib/settlement/fees';

export const GET = apiRoute({ permission: 'payments:read' }, async ({ db, merchantId }) => feeSettings(db, merchantId));

export const POST = apiRoute({ permission: 'team:manage', body: feeSettingsBody }, async ({ db, merchantId, body }) =>
  updateFeeSettings(db, merchantId, body),
);
