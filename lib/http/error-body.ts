import { randomBytes } from 'node:crypto';
import { errorType } from './errors';
import type { DomainError } from '@/lib/errors';

export const newRequestId = () => `req_${randomBytes(9).toString('base64url')}`;

/** The standard error shape: `{"error": {type, code, message, param?, request_id}}`. */
export function errorBody(error: DomainError, requestId: string): string {
  return JSON.stringify({
    error: {
      type: errorType(error.code),
      code: error.code,
      message: error.message,
      ...(error.param ? { param: error.param } : {}),
      request_id: requestId,
    },
  });
}
