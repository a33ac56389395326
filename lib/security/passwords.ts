import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const KEY_LENGTH = 64;
/**
 * OWASP's scrypt parameters (Password Storage Cheat Sheet): N=2^17, r=8, p=1, i.e. 128 MiB.
 * TILLPOINT_PASSWORD_HASH_COST (log2 N, 14–20) exists for test suites, which create hundreds of
 * users; it can never go below 2^14, the parameters of the first release.
 */
function currentParams(): { N: number; r: number; p: number } {
  const raw = process.env.TILLPOINT_PASSWORD_HASH_COST?.trim();
  const cost = raw ? Number(raw) : 17;
  if (!Number.isInteger(cost) || cost < 14 || cost > 20) {
    throw new Error(`TILLPOINT_PASSWORD_HASH_COST must be a whole number from 14 to 20 (log2 of scrypt's N), got '${raw}'`);
  }
  return { N: 2 ** cost, r: 8, p: 1 };
}
// Node refuses more than 32 MiB by default; 128 · N · r bytes (plus a little) must fit.
const maxmem = (params: { N: number; r: number; p: number }) => 128 * params.N * params.r * (params.p + 1) + 1024 * 1024;

function derive(password: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { ...params, maxmem: maxmem(params) };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** `scrypt$N$r$p$salt$hash`, so parameters can be raised later without breaking old hashes. */
export async function hashPassword(password: string): Promise<string> {
  const params = currentParams();
  const salt = randomBytes(16);
  const key = await derive(password, salt, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), key.toString('base64')].join('$');
}

function parse(stored: string) {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  const sane = Number.isInteger(params.N) && params.N > 1 && params.N <= 2 ** 20 && params.r >= 1 && params.r <= 32 && params.p >= 1 && params.p <= 16;
  if (scheme !== 'scrypt' || !sane || !salt || !hash) return null;
  return { params, salt: Buffer.from(salt, 'base64'), hash: Buffer.from(hash, 'base64') };
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed) return false;
  const key = await derive(password, parsed.salt, parsed.params);
  return parsed.hash.length === key.length && timingSafeEqual(parsed.hash, key);
}

/** True for a hash made with weaker parameters than today's: rehash it at the next sign-in. */
export function needsRehash(stored: string): boolean {
  const parsed = parse(stored);
  const params = currentParams();
  return !parsed || parsed.params.N < params.N || parsed.params.r < params.r || parsed.params.p < params.p;
}
