import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { databasePath } from '@/db/client';

let cached: string | undefined;

/**
 * The master secret for session signing and keyed fingerprints: TILLPOINT_SECRET, or one
 * generated once and kept beside the database so fingerprints stay stable across restarts.
 */
export function masterSecret(): string {
  if (cached) return cached;
  const fromEnv = process.env.TILLPOINT_SECRET;
  if (fromEnv) return (cached = fromEnv);
  const db = databasePath();
  const dir = db === ':memory:' ? path.resolve('data') : path.dirname(db);
  const file = path.join(dir, 'tillpoint.secret');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('hex'), { flag: 'wx', mode: 0o600 });
  }
  return (cached = readFileSync(file, 'utf8').trim());
}
