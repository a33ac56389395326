import { apiRoute } from '@/lib/http/route';
import { getRiskSettings, riskSettingsBody, serializeRiskSettings, updateRiskSettings } from '@/lib/risk/settings';

export const GET = apiRoute({ permission: 'payments:read' }, async ({ db, merchantId }) => serializeRiskSettings(await getRiskSettings(db, merchantId)));

export const POST = apiRoute({ permission: 'risk:manage', body: riskSettingsBody }, async ({ db, merchantId, body }) =>
  serializeRiskSettings(await updateRiskSettings(db, merchantId, body)),
);
