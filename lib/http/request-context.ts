import type { Db } from '@/db/client';
import type { Principal } from '@/lib/security/authenticate';

/** What Next passes a route handler beside the request: the URL's dynamic segments. */
export type RouteContext = { params: Promise<Record<string, string>> };

/** What every authenticated handler gets, on the native API (`apiRoute`) and on /v1 (`stripeRoute`). */
export type RequestContext = {
  db: Db;
  req: Request;
  requestId: string;
  principal: Principal;
  merchantId: string;
  /** The caller's IP as forwarded by the proxy in front of us, if any. */
  clientIp: string | null;
};
