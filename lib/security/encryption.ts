import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { derivedKey } from './derived-keys';

type Key = { id: string; key: Buffer };

let keyring: Key[] | undefined;

/**
 * TILLPOINT_ENCRYPTION_KEYS = "id1:<base64 32 bytes>,id2:<...>": the first key seals, all of
 * them open, so keys can be rotated. Without it one key is derived from the master secret.
 */
function keys(): Key[] {
  if (keyring) return keyring;
  const configured = process.env.TILLPOINT_ENCRYPTION_KEYS;
  if (configured) {
    keyring = configured.split(',').map((entry) => {
      const [id, encoded] = entry.trim().split(':');
      const key = Buffer.from(encoded ?? '', 'base64');
      if (!id || key.length !== 32) throw new Error(`TILLPOINT_ENCRYPTION_KEYS: key '${id}' must be 32 bytes, base64`);
      return { id, key };
    });
  } else {
    keyring = [{ id: 'k0', key: derivedKey('field-encryption') }];
  }
  return keyring;
}

const TAG_BYTES = 16;

/**
 * AES-256-GCM: `v2.<key id>.<iv>.<tag>.<ciphertext>` (base64url parts). `context` names where
 * the value lives (table, column, row id) and is authenticated with it, so a sealed value
 * copied into another row or column does not open there.
 */
export function seal(plaintext: string, context: string): string {
  const { id, key } = keys()[0];
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v2', id, iv, cipher.getAuthTag(), ciphertext].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
}

/** Opens a sealed value; `v1` values (sealed before contexts) open without one. */
export function unseal(sealed: string, context: string): string {
  const [version, id, iv, tag, ciphertext] = sealed.split('.');
  const entry = keys().find((k) => k.id === id);
  if ((version !== 'v1' && version !== 'v2') || !entry) throw new Error(`Cannot open sealed value: unknown key '${id}'`);
  const authTag = Buffer.from(tag, 'base64url');
  // A truncated tag would weaken the check: accept exactly 16 bytes.
  if (authTag.length !== TAG_BYTES) throw new Error('Cannot open sealed value: bad tag length');
  const decipher = createDecipheriv('aes-256-gcm', entry.key, Buffer.from(iv, 'base64url'), { authTagLength: TAG_BYTES });
  if (version === 'v2') decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(authTag);
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
}

export const isSealed = (value: string) => value.startsWith('v1.') || value.startsWith('v2.');
