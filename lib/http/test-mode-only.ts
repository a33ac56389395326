import { isLiveMode } from '@/lib/runtime/mode';
import { DomainError } from '@/lib/errors';
import { errorResponse } from './route';

type Handler<C> = (req: Request, context: C) => Promise<Response>;

/** A test-helper route: in live mode it does not exist (404 route_missing, like any unknown URL). */
export function testModeOnly<C>(handler: Handler<C>): Handler<C> {
  return async (req, context) => {
    if (!isLiveMode()) return handler(req, context);
    const { pathname } = new URL(req.url);
    return errorResponse(new DomainError('route_missing', `Unrecognized request URL (${req.method} ${pathname}).`));
  };
}
