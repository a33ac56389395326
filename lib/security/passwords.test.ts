import { afterEach, describe, expect, it } from 'vitest';
import { hashPassword, needsRehash, verifyPassword } from './passwords';

const suiteCost = process.env.TILLPOINT_PASSWORD_HASH_COST;
afterEach(() => {
  process.env.TILLPOINT_PASSWORD_HASH_COST = suiteCost;
});

describe('password hashes', () => {
  it('use scrypt N=2^17, r=8, p=1 unless a test suite lowers the cost', async () => {
    delete process.env.TILLPOINT_PASSWORD_HASH_COST;
    const hash = await hashPassword('correct horse battery staple');
    expect(hash).toMatch(/^scrypt\$131072\$8\$1\$[\w+/=]{24}\$[\w+/=]{88}$/);
    expect(await verifyPassword('correct horse battery staple', hash)).toBe(true);
    expect(await verifyPassword('correct horse battery stapler', hash)).toBe(false);
    expect(needsRehash(hash)).toBe(false);
  });

  it('verify an older, cheaper hash with its own parameters and mark it for rehashing', async () => {
    process.env.TILLPOINT_PASSWORD_HASH_COST = '14';
    const old = await hashPassword('hunter2 hunter2');
    delete process.env.TILLPOINT_PASSWORD_HASH_COST;
    expect(await verifyPassword('hunter2 hunter2', old)).toBe(true);
    expect(needsRehash(old)).toBe(true);
    expect(await verifyPassword('x', 'scrypt$99999999999$8$1$c2FsdA==$aGFzaA==')).toBe(false);
  });

  it('never go below the first release’s 2^14', async () => {
    process.env.TILLPOINT_PASSWORD_HASH_COST = '10';
    await expect(hashPassword('x')).rejects.toThrow(/TILLPOINT_PASSWORD_HASH_COST must be a whole number from 14 to 20/);
  });
});
