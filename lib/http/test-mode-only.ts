import { isLiveMode } from '@/lib/runtime/mode';
import { DomainError } from '@/lib/errors';
import { errorResponse } from './route';

type Handler<C> = (req: Request, context: C) => Promise<Response>;

/** A test-helper route: in live mode it does not exist (404 route_missing, like any unknown URL). */
export function testModeOnly<H extends Handler<never>>(handler: H): H {
  const guarded = async (req: Request, context: Parameters<H>[1]) => {
    if (!isLiveMode()) return handler(req, context);
    const { pathname } = new URL(req.url);
    return errorResponse(new DomainError('route_missing', `Unrecognized request URL (${req.method} ${pathname}).`));
  };
  // Keeps what the handler carries (apiRoute's `options`).
  return Object.assign(guarded, handler) as H;
}
