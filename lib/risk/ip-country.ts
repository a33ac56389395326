import { isIPv4 } from 'node:net';

/**
 * Country of a client IP. Without a GeoIP database on the machine, Tillpoint knows the three
 * documentation ranges (RFC 5737), so tests and demos can exercise country rules
 * deterministically; any other address is unknown (null) and the country rule stays silent.
 */
export const testIpCountries: readonly { cidr: string; country: string }[] = [
  { cidr: '192.0.2.0/24', country: 'US' },
  { cidr: '198.51.100.0/24', country: 'GB' },
  { cidr: '203.0.113.0/24', country: 'BR' },
];

const toInt = (ip: string) => ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);

export function ipCountry(ip: string | null): string | null {
  if (!ip || !isIPv4(ip)) return null;
  const value = toInt(ip);
  for (const { cidr, country } of testIpCountries) {
    const [base, bits] = cidr.split('/');
    const size = 2 ** (32 - Number(bits));
    const start = toInt(base);
    if (value >= start && value < start + size) return country;
  }
  return null;
}
