import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { masterSecret } from './secret';

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
    const derived = Buffer.from(hkdfSync('sha256', masterSecret(), 'tillpoint', 'field-encryption', 32));
    keyring = [{ id: 'k0', key: derived }];
  }
  return keyring;
}

/** AES-256-GCM: `v1.<key id>.<iv>.<tag>.<ciphertext>` (base64url parts). */
export function seal(plaintext: string): string {
  const { id, key } = keys()[0];
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', id, iv, cipher.getAuthTag(), ciphertext].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
}

export function unseal(sealed: string): string {
  const [version, id, iv, tag, ciphertext] = sealed.split('.');
  const entry = keys().find((k) => k.id === id);
  if (version !== 'v1' || !entry) throw new Error(`Cannot open sealed value: unknown key '${id}'`);
  const decipher = createDecipheriv('aes-256-gcm', entry.key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
}
