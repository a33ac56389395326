import { DomainError } from '@/lib/errors';

export const MAX_METADATA_KEYS = 50;

/**
 * Stored metadata with `changes` merged in, as Stripe updates it: keys not named are kept, a key
 * set to `''` is removed, and `null` (Stripe's `metadata=`) removes them all. More than 50 keys
 * is refused.
 */
export function mergeMetadata(stored: Record<string, string>, changes: Record<string, string> | null | undefined): Record<string, string> {
  if (changes === undefined) return stored;
  if (changes === null) return {};
  const merged = { ...stored };
  for (const [key, value] of Object.entries(changes)) {
    if (value === '') delete merged[key];
    else merged[key] = value;
  }
  if (Object.keys(merged).length > MAX_METADATA_KEYS) {
    throw new DomainError('parameter_invalid', `metadata may have at most ${MAX_METADATA_KEYS} keys.`, { param: 'metadata' });
  }
  return merged;
}
