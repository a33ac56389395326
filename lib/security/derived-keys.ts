import { hkdfSync } from 'node:crypto';
import { masterSecret } from './secret';

/** One key per purpose, so a key that leaks from one use (or is misused) opens nothing else. */
export type KeyPurpose = 'session-signing' | 'card-fingerprints' | 'field-encryption';

const cache = new Map<KeyPurpose, Buffer>();

/** HKDF-SHA256 of the master secret with the purpose as `info`: 32 bytes. */
export function derivedKey(purpose: KeyPurpose): Buffer {
  let key = cache.get(purpose);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', masterSecret(), 'tillpoint', purpose, 32));
    cache.set(purpose, key);
  }
  return key;
}
