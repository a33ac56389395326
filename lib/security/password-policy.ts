import { z } from 'zod';

/**
 * What a new password must look like, wherever one is set: a password change, a teammate's
 * initial password, a merchant's first owner (CLI, demo). No crypto here, so the dashboard's
 * forms check the same numbers before sending. A current password is only checked, never
 * re-validated, so accounts made under an older rule still sign in.
 */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 200;

export const newPassword = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `must be at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH, `must be at most ${PASSWORD_MAX_LENGTH} characters`);
