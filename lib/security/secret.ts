import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { databasePath } from '@/db/client';
import { onPostgres } from '@/db/dialect';
import { isLiveMode } from '@/lib/runtime/mode';

const MIN_LIVE_SECRET_BYTES = 32;

let cached: string | undefined;

/**
 * The master secret every purpose key is derived from (lib/security/derived-keys.ts): TILLPOINT_SECRET, or one
 * generated once and kept beside the database so fingerprints stay stable across restarts.
 */
export function masterSecret(): string {
  if (cached) return cached;
  const fromEnv = process.env.TILLPOINT_SECRET;
  if (fromEnv) {
    // Every key is derived from it: in live mode it must carry at least 256 bits.
    if (isLiveMode() && Buffer.byteLength(fromEnv) < MIN_LIVE_SECRET_BYTES) {
      throw new Error(`TILLPOINT_SECRET must be at least ${MIN_LIVE_SECRET_BYTES} bytes in live mode (e.g. \`openssl rand -hex 32\`).`);
    }
    return (cached = fromEnv);
  }
  // Several instances share one PostgreSQL database: they must share the secret too, and a
  // file beside one of them would differ on the next host.
  if (onPostgres) throw new Error('TILLPOINT_SECRET must be set on PostgreSQL: every instance derives its keys from the same secret.');
  const db = databasePath();
  const dir = db === ':memory:' ? path.resolve('data') : path.dirname(db);
  const file = path.join(dir, 'tillpoint.secret');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('hex'), { flag: 'wx', mode: 0o600 });
  }
  return (cached = readFileSync(file, 'utf8').trim());
}
