export const DEFAULT_NEXT_PATH = '/overview';
const ORIGIN = 'https://tillpoint.invalid';

/**
 * Where to go after sign-in: a path on this site, or /overview. Only a value that parses as a
 * URL of our own origin is kept, and it is rebuilt from the parsed path, so `//evil.example`,
 * `/\evil.example` (browsers read `\` as `/`) and tabs or newlines (which URL parsers strip,
 * turning `/\t/evil.example` into `//evil.example`) never leave the site.
 */
export function safeNextPath(next: string | undefined | null): string {
  if (typeof next !== 'string' || !next.startsWith('/') || /[\\\u0000-\u001f\u007f]/.test(next)) return DEFAULT_NEXT_PATH;
  let url: URL;
  try {
    url = new URL(next, ORIGIN);
  } catch {
    return DEFAULT_NEXT_PATH;
  }
  const path = url.pathname + url.search + url.hash;
  if (url.origin !== ORIGIN || path.startsWith('//')) return DEFAULT_NEXT_PATH;
  return path;
}
