import { DomainError } from '@/lib/errors';
import { errorResponse } from '@/lib/http/route';

function routeMissing(req: Request): Response {
  const { pathname } = new URL(req.url);
  return errorResponse(new DomainError('route_missing', `Unrecognized request URL (${req.method} ${pathname}).`));
}

export { routeMissing as GET, routeMissing as POST, routeMissing as PATCH, routeMissing as DELETE, routeMissing as PUT };
