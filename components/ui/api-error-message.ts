import { ApiRequestError } from '@/components/api';

const unreachable = 'Could not reach Tillpoint. Check your connection and try again.';

/** What to tell a person about a failed call: the API's own message, or that it never arrived. */
export function apiErrorMessage(error: unknown, fallback = unreachable): string {
  return error instanceof ApiRequestError ? error.message : fallback;
}

/** The API's message when it names `param`, so the form can show it on that field. */
export function fieldErrorOf(error: unknown, param: string): string | null {
  return error instanceof ApiRequestError && error.param === param ? error.message : null;
}

/** A 404: the thing asked for does not exist (or belongs to another account). */
export const isNotFound = (error: unknown) => error instanceof ApiRequestError && error.status === 404;
