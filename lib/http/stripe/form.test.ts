import { describe, expect, it } from 'vitest';
import { DomainError } from '@/lib/errors';
import { parseForm } from './form';

const refusal = (text: string) => {
  try {
    parseForm(text);
  } catch (error) {
    return error as DomainError;
  }
  throw new Error(`parsed: ${text}`);
};

describe('parseForm', () => {
  it('nests keys as Stripe does', () => {
    expect(parseForm('amount=100&metadata[order]=4%262&payment_method_types[0]=card&expand[]=latest_charge&automatic_payment_methods[enabled]=true')).toEqual({
      amount: '100',
      metadata: { order: '4&2' },
      payment_method_types: ['card'],
      expand: ['latest_charge'],
      automatic_payment_methods: { enabled: 'true' },
    });
    expect(parseForm('?limit=3&starting_after=pi_1')).toEqual({ limit: '3', starting_after: 'pi_1' });
    expect(parseForm('')).toEqual({});
  });

  it('refuses prototype keys, deep nesting and huge arrays', () => {
    for (const text of ['__proto__[x]=1', 'metadata[constructor]=1', 'a%5Bprototype%5D=1']) {
      expect(refusal(text).code, text).toBe('parameter_invalid');
    }
    expect(refusal('a[b][c][d][e][f][g]=1').code).toBe('parameter_invalid');
    expect(refusal('a[101]=1&' + Array.from({ length: 101 }, (_, i) => `b[]=${i}`).join('&')).code).toBe('parameter_invalid');
  });
});
