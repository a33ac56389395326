import { describe, expect, it } from 'vitest';
import { paymentStatuses } from '@/db/schema';
import { DomainError } from '@/lib/errors';
import { assertActionAllowed, canTransition, isFinal } from './state-machine';

describe('payment state machine', () => {
  it('has no way out of success, failed or cancelled', () => {
    for (const status of ['success', 'failed', 'cancelled'] as const) expect(isFinal(status)).toBe(true);
    for (const status of ['pending', 'processing', 'requires_capture'] as const) expect(isFinal(status)).toBe(false);
  });

  it('never returns to pending and reaches success only through processing', () => {
    for (const from of paymentStatuses) {
      expect(canTransition(from, 'pending')).toBe(false);
      expect(canTransition(from, 'success')).toBe(from === 'processing');
    }
  });

  it('allows capture only from requires_capture, cancel only before capture, refund only after success', () => {
    const allowed = (action: 'capture' | 'cancel' | 'refund') =>
      paymentStatuses.filter((s) => {
        try {
          assertActionAllowed(action, s);
          return true;
        } catch (error) {
          expect(error).toBeInstanceOf(DomainError);
          expect((error as DomainError).code).toBe('payment_state_invalid');
          return false;
        }
      });
    expect(allowed('capture')).toEqual(['requires_capture']);
    expect(allowed('cancel')).toEqual(['pending', 'requires_capture']);
    expect(allowed('refund')).toEqual(['success']);
  });
});
