import type { PaymentStatus } from '@/db/schema';
import { DomainError } from '@/lib/errors';

/** Every legal status change. Anything else is a bug or an illegal request. */
export const transitions: Record<PaymentStatus, readonly PaymentStatus[]> = {
  pending: ['processing', 'cancelled', 'failed'], // review approved, rejected, or cancelled
  processing: ['success', 'failed', 'requires_capture', 'cancelled'],
  requires_capture: ['processing', 'cancelled'], // capture submitted, or authorization released
  success: [],
  failed: [],
  cancelled: [],
};

export function canTransition(from: PaymentStatus, to: PaymentStatus): boolean {
  return transitions[from].includes(to);
}

export function isFinal(status: PaymentStatus): boolean {
  return transitions[status].length === 0;
}

/** The user-facing actions and the one status each may start from. */
const actionRequires = {
  capture: ['requires_capture'],
  cancel: ['pending', 'requires_capture'],
  refund: ['success'],
} as const satisfies Record<string, readonly PaymentStatus[]>;

export type PaymentAction = keyof typeof actionRequires;

export const paymentActions = Object.keys(actionRequires) as PaymentAction[];

export function isActionAllowed(action: PaymentAction, status: PaymentStatus): boolean {
  const allowed: readonly PaymentStatus[] = actionRequires[action];
  return allowed.includes(status);
}

export function assertActionAllowed(action: PaymentAction, status: PaymentStatus): void {
  if (!isActionAllowed(action, status)) {
    const allowed: readonly PaymentStatus[] = actionRequires[action];
    throw new DomainError(
      'payment_state_invalid',
      `This payment is ${status}; ${action} is only possible when it is ${allowed.join(' or ')}.`,
    );
  }
}
