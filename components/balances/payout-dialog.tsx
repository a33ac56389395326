'use client';

import { useState, type FormEvent } from 'react';
import { ApiRequestError } from '@/components/api';
import { formatDisplay, formatMoney, maxAmountMinor, normalizeCurrency } from '@/lib/money/money';
import { useCreatePayout, type CreatePayoutInput, type Payout } from '@/components/hooks/balances';
import { checkTypedAmount } from '@/components/payments/typed-amount';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { SelectField, TextField } from '@/components/ui/field';
import { Notice } from '@/components/ui/states';

const message = (error: unknown) => (error instanceof ApiRequestError ? error.message : 'Could not reach Tillpoint. Check your connection and try again.');

type Step = { kind: 'form' } | { kind: 'confirm'; input: CreatePayoutInput } | { kind: 'done'; payout: Payout };

/** A manual payout: fill in, confirm the exact amount, then see the payout (or the API's reason why not). */
export function PayoutDialog({ open, onClose, available }: { open: boolean; onClose: () => void; available: { amount: string; currency: string }[] }) {
  const create = useCreatePayout();
  const [step, setStep] = useState<Step>({ kind: 'form' });
  const [amount, setAmount] = useState('');
  const [currency, setCurrency] = useState(available[0]?.currency ?? 'USD');
  const [description, setDescription] = useState('');
  const [amountError, setAmountError] = useState<string | null>(null);

  const currencies = available.length > 0 ? available.map((a) => a.currency) : ['USD'];
  const selected = available.find((a) => a.currency === currency);

  function close() {
    setStep({ kind: 'form' });
    setAmount('');
    setDescription('');
    setAmountError(null);
    create.reset();
    onClose();
  }

  function review(event: FormEvent) {
    event.preventDefault();
    // The per-payment ceiling only: whether the balance covers it is the API's answer to give.
    const max = maxAmountMinor(normalizeCurrency(currency));
    const typed = checkTypedAmount(amount, currency, max, formatDisplay(max, currency));
    setAmountError(typed.problem);
    if (typed.amount === null) return;
    create.reset();
    setStep({ kind: 'confirm', input: { amount: typed.amount, currency, description: description.trim() || undefined } });
  }

  function confirm(input: CreatePayoutInput) {
    create.mutate(input, { onSuccess: (payout) => setStep({ kind: 'done', payout }) });
  }

  const title = step.kind === 'done' ? 'Payout created' : step.kind === 'confirm' ? 'Confirm payout' : 'Pay out funds';

  return (
    <Dialog open={open} onClose={close} title={title}>
      {step.kind === 'form' && (
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
          <div className="flex justify-end gap-2 pt-2">
            <Button variant="secondary" onClick={close}>
              Cancel
            </Button>
            <Button type="submit">Review payout</Button>
          </div>
        </form>
      )}
      {step.kind === 'confirm' && (
        <div className="space-y-4">
          <p className="text-sm text-slate-600">
            Pay out <span className="font-semibold text-slate-900">{formatMoney(step.input.amount, step.input.currency)}</span> from your available balance to your
            bank account? It leaves today and usually arrives the next day.
          </p>
          {step.input.description && <p className="text-sm text-slate-600">Description: {step.input.description}</p>}
          {create.isError && <Notice tone="error">{message(create.error)}</Notice>}
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setStep({ kind: 'form' })} disabled={create.isPending}>
              Back
            </Button>
            <Button onClick={() => confirm(step.input)} disabled={create.isPending}>
              {create.isPending ? 'Paying out…' : `Pay out ${formatMoney(step.input.amount, step.input.currency)}`}
            </Button>
          </div>
        </div>
      )}
      {step.kind === 'done' && (
        <div className="space-y-4">
          <Notice tone="success">
            Payout {step.payout.id} of {formatMoney(step.payout.amount, step.payout.currency)} is {step.payout.status.replace('_', ' ')}.
          </Notice>
          <div className="flex justify-end">
            <Button onClick={close}>Done</Button>
          </div>
        </div>
      )}
    </Dialog>
  );
}
