import { randomBytes } from 'node:crypto';
import type { ApiError } from './errors';

export const newRequestId = () => `req_${randomBytes(9).toString('base64url')}`;

/** The standard error shape: `{"error": {type, code, message, param?, request_id}}`. */
export function errorBody(error: ApiError, requestId: string): string {
  return JSON.stringify({
    error: {
      type: error.type,
      code: error.code,
      message: error.message,
      ...(error.param ? { param: error.param } : {}),
      request_id: requestId,
    },
  });
}
