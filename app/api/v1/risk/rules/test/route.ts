import { apiRoute } from '@/lib/http/route';
import { backtestRule, backtestRuleBody } from '@/lib/risk/backtest';

// A static segment: Next.js routes POST /risk/rules/test here, never to [id].
export const POST = apiRoute({ permission: 'risk:manage', body: backtestRuleBody }, async ({ db, merchantId, body: { limit, ...draft } }) =>
  backtestRule(db, merchantId, draft, { limit }),
);
