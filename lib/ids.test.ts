import { describe, expect, it } from 'vitest';
import { newId } from './ids';

describe('newId', () => {
  it('is prefixed, 26 Crockford characters, and unique', () => {
    const ids = Array.from({ length: 1000 }, () => newId('pay'));
    for (const id of ids) expect(id).toMatch(/^pay_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('sorts ids made in the same millisecond in the order they were made', () => {
    const at = Date.UTC(2026, 0, 1);
    const ids = Array.from({ length: 200 }, () => newId('rule', at));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('keeps counting up in a millisecond when ids of other milliseconds were made in between', () => {
    const at = Date.UTC(2026, 0, 2);
    const ids: string[] = [];
    for (let i = 0; i < 50; i++) {
      ids.push(newId('evt', at));
      newId('whdel', at + 1 + i);
    }
    expect([...ids].sort()).toEqual(ids);
  });

  it('sorts by time across milliseconds, whatever the random part', () => {
    const at = Date.UTC(2026, 0, 1);
    expect(newId('rule', at + 1) > newId('rule', at)).toBe(true);
    expect(newId('rule', at) < newId('rule', at + 1)).toBe(true);
  });

  it('refuses a time that is not whole epoch milliseconds', () => {
    expect(() => newId('pay', 1.5)).toThrow(RangeError);
    expect(() => newId('pay', -1)).toThrow(RangeError);
  });
});
