'use client';

import { createContext, useContext, useState, type ReactNode } from 'react';
import { ApiRequestError } from '@/components/api';
import { apiErrorMessage } from './api-error-message';
import { Button } from './button';
import { Dialog } from './dialog';
import { Notice } from './states';

/** The part of a TanStack mutation the dialog drives (its result is the call's answer). */
export type DialogMutation<I, R> = { mutateAsync: (input: I) => Promise<R>; reset: () => void; isPending: boolean; error: unknown };

export type FormStep<I> = {
  title: string;
  /**
   * The fields. `review` moves on to the confirmation (give `confirm`); `submit` makes the call at once, for
   * forms that are themselves the confirmation ("Capture $100.00"). `last` is what was entered
   * before the person went back.
   */
  render: (step: { review: (input: I) => void; submit: (input: I) => void; close: () => void; last?: I }) => ReactNode;
  /** Error params the fields show themselves; any other refusal shows above the form's buttons. */
  fields?: string[];
  /** A refused call comes back to the form, so its fields can say what to change. */
  returnOnError?: boolean;
};

/** What the call will do, asked before it is made: the button names the action ("Refund $30.00"). */
export type Confirmation = { title: string; body: ReactNode; action: string; pending: string; tone?: 'primary' | 'danger' };

/** The refusal to show above the buttons of the step that asked (none outside a ConfirmDialog). */
const RefusalContext = createContext<string | null>(null);

type Step<I, R> = { name: 'form'; last?: I } | { name: 'confirm'; input: I } | { name: 'done'; result: R };

/**
 * A dialog for money movements and destructive actions: an optional form, then a confirmation
 * that names exactly what will happen, then an optional result. The call's pending state and
 * the API's refusal show in the dialog; nothing is guessed before the server answers.
 */
export function ConfirmDialog<I, R>({
  open,
  onClose,
  mutation,
  form,
  confirm,
  input,
  result,
  onDone,
}: {
  open: boolean;
  onClose: () => void;
  mutation: DialogMutation<I, R>;
  form?: FormStep<I>;
  /** Without a form, the confirmation is the first step and acts on `input`. */
  confirm?: (input: I) => Confirmation;
  input?: I;
  /** What happened, with a Done button; without it the dialog closes once the call succeeds. */
  result?: { title: string; render: (result: R) => ReactNode };
  /** Told of the answer as soon as it arrives (the page shows its own notice). */
  onDone?: (result: R, input: I) => void;
}) {
  const [step, setStep] = useState<Step<I, R> | null>(null);
  const current: Step<I, R> = step ?? (form ? { name: 'form' } : { name: 'confirm', input: input as I });

  function close() {
    setStep(null);
    mutation.reset();
    onClose();
  }

  async function run(value: I) {
    try {
      // mutateAsync, not mutate's callbacks: the refetch after the change may unmount the
      // component that opened this dialog, and an unmounted observer's callbacks never run.
      const answer = await mutation.mutateAsync(value);
      onDone?.(answer, value);
      if (result) setStep({ name: 'done', result: answer });
      else close();
    } catch {
      if (form?.returnOnError) setStep({ name: 'form', last: value });
    }
  }

  function back(value: I) {
    mutation.reset();
    setStep({ name: 'form', last: value });
  }

  function review(value: I) {
    mutation.reset();
    setStep({ name: 'confirm', input: value });
  }

  const error = mutation.error && !mutation.isPending ? mutation.error : null;
  const claimed = current.name === 'form' && error instanceof ApiRequestError && error.param !== undefined && (form?.fields ?? []).includes(error.param);
  const refusal = error && !claimed ? apiErrorMessage(error) : null;
  const asked = open && current.name === 'confirm' && confirm ? confirm(current.input) : null;
  const title = current.name === 'done' ? (result?.title ?? '') : current.name === 'form' ? (form?.title ?? '') : (asked?.title ?? '');

  return (
    <Dialog open={open} onClose={close} title={title}>
      <RefusalContext.Provider value={refusal}>
        {open && current.name === 'form' && form?.render({ review, submit: (value) => void run(value), close, last: current.last })}
        {asked && current.name === 'confirm' && (
          <div className="space-y-4">
            <div className="text-sm text-slate-600">{asked.body}</div>
            <DialogActions cancel={form ? 'Back' : 'Cancel'} onCancel={form ? () => back(current.input) : close} busy={mutation.isPending}>
              <Button variant={asked.tone ?? 'primary'} disabled={mutation.isPending} onClick={() => run(current.input)} autoFocus={Boolean(form)}>
                {mutation.isPending ? asked.pending : asked.action}
              </Button>
            </DialogActions>
          </div>
        )}
        {open && current.name === 'done' && result && (
          <div className="space-y-4">
            {result.render(current.result)}
            <div className="flex justify-end">
              <Button onClick={close} autoFocus>
                Done
              </Button>
            </div>
          </div>
        )}
      </RefusalContext.Provider>
    </Dialog>
  );
}

/** A dialog's buttons: Cancel (or Back) on the left of the one that acts; above them, why the call was refused. */
export function DialogActions({
  cancel = 'Cancel',
  onCancel,
  busy = false,
  autoFocusCancel = false,
  children,
}: {
  cancel?: string;
  onCancel: () => void;
  /** While the call runs, going back could hide its answer: the button waits. */
  busy?: boolean;
  autoFocusCancel?: boolean;
  children: ReactNode;
}) {
  const refusal = useContext(RefusalContext);
  return (
    <>
      {refusal && <Notice tone="error">{refusal}</Notice>}
      <div className="flex justify-end gap-2 pt-2">
        <Button variant="secondary" onClick={onCancel} disabled={busy} autoFocus={autoFocusCancel}>
          {cancel}
        </Button>
        {children}
      </div>
    </>
  );
}
