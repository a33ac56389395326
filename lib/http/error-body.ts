import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { errorCodeList, type DomainError } from '@/lib/errors';
import { errorType, errorTypes } from './errors';

export const newRequestId = () => `req_${randomBytes(9).toString('base64url')}`;

export const errorObject = z
  .strictObject({
    error: z.strictObject({
      type: z.enum(errorTypes),
      code: z.enum(errorCodeList),
      message: z.string().describe('For people: what went wrong and what to do.'),
      param: z.string().optional().describe('The parameter at fault, when there is one.'),
      request_id: z.string().describe('Also in the `Request-Id` header; quote it when asking for help.'),
    }),
  })
  .meta({
    id: 'Error',
    description: 'The standard error shape of every 4xx and 5xx answer.',
    examples: [{ error: { type: 'invalid_request_error', code: 'refund_exceeds_remaining', message: 'Refund of 30.00 USD exceeds the 25.00 USD that can still be refunded.', param: 'amount', request_id: 'req_Yq3x0B1c2D3e4F5g' } }],
  });
export type ErrorObject = z.infer<typeof errorObject>;

/** The standard error shape: `{"error": {type, code, message, param?, request_id}}`. */
export function errorBody(error: DomainError, requestId: string): string {
  const body: ErrorObject = {
    error: {
      type: errorType(error.code),
      code: error.code,
      message: error.message,
      ...(error.param ? { param: error.param } : {}),
      request_id: requestId,
    },
  };
  return JSON.stringify(body);
}
