'use client';

import { useState, type FormEvent } from 'react';
import { formatDisplay, formatMoney, maxAmountMinor, normalizeCurrency } from '@/lib/money/money';
import { useCreatePayout, type CreatePayoutInput } from '@/components/hooks/balances';
import { checkTypedAmount } from '@/components/payments/typed-amount';
import { Button } from '@/components/ui/button';
import { ConfirmDialog, DialogActions } from '@/components/ui/confirm-dialog';
import { SelectField, TextField } from '@/components/ui/field';
import { Notice } from '@/components/ui/states';

type Available = { amount: string; currency: string }[];

/** A manual payout: fill in, confirm the exact amount, then see the payout (or the API's reason why not). */
export function PayoutDialog({ open, onClose, available }: { open: boolean; onClose: () => void; available: Available }) {
  const create = useCreatePayout();
  return (
    <ConfirmDialog open={open} onClose={onClose} mutation={create}
      form={{ title: 'Pay out funds', render: ({ review, close, last }) => <PayoutForm available={available} last={last} onReview={review} onCancel={close} /> }}
      confirm={(input) => ({
        title: 'Confirm payout',
        body: (
          <>
            <p>
              Pay out <span className="font-semibold text-slate-900">{formatMoney(input.amount, input.currency)}</span> from your available balance to your bank
              account? It leaves today and usually arrives the next day.
            </p>
            {input.description && <p className="mt-4">Description: {input.description}</p>}
          </>
        ),
        action: `Pay out ${formatMoney(input.amount, input.currency)}`,
        pending: 'Paying out…',
      })}
      result={{
        title: 'Payout created',
        render: (payout) => (
          <Notice tone="success">
            Payout {payout.id} of {formatMoney(payout.amount, payout.currency)} is {payout.status.replace('_', ' ')}.
          </Notice>
        ),
      }}
    />
  );
}

function PayoutForm({ available, last, onReview, onCancel }: { available: Available; last?: CreatePayoutInput; onReview: (input: CreatePayoutInput) => void; onCancel: () => void }) {
  const [amount, setAmount] = useState(last?.amount ?? '');
  const [currency, setCurrency] = useState(last?.currency ?? available[0]?.currency ?? 'USD');
  const [description, setDescription] = useState(last?.description ?? '');
  const [amountError, setAmountError] = useState<string | null>(null);

  const currencies = available.length > 0 ? available.map((a) => a.currency) : ['USD'];
  const selected = available.find((a) => a.currency === currency);

  function review(event: FormEvent) {
    event.preventDefault();
    // The per-payment ceiling only: whether the balance covers it is the API's answer to give.
    const max = maxAmountMinor(normalizeCurrency(currency));
    const typed = checkTypedAmount(amount, currency, max, formatDisplay(max, currency));
    setAmountError(typed.problem);
    if (typed.amount === null) return;
    onReview({ amount: typed.amount, currency, description: description.trim() || undefined });
  }

  return (
    <form onSubmit={review} noValidate className="space-y-4">
      <div className="grid grid-cols-[1fr_7rem] gap-3">
        <TextField
          label="Amount"
          inputMode="decimal"
          autoFocus
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
          error={amountError}
          placeholder="0.00"
          hint={selected ? `${formatMoney(selected.amount, selected.currency)} available` : undefined}
        />
        <SelectField label="Currency" value={currency} onChange={(e) => setCurrency(e.target.value)} options={currencies.map((c) => ({ value: c, label: c }))} />
      </div>
      <TextField label="Description" value={description} maxLength={200} onChange={(e) => setDescription(e.target.value)} hint="Optional. Shown on the payout." />
      <DialogActions onCancel={onCancel}>
        <Button type="submit">Review payout</Button>
      </DialogActions>
    </form>
  );
}
