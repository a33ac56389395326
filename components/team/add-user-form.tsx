'use client';

import { useRef, useState, type FormEvent } from 'react';
import { ApiRequestError } from '@/components/api';
import { useAddUser } from '@/components/hooks/team';
import { apiErrorMessage } from '@/components/ui/api-error-message';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { SelectField, TextField } from '@/components/ui/field';
import { Notice } from '@/components/ui/states';
import { PASSWORD_MIN_LENGTH } from '@/lib/security/password-policy';
import type { Role } from '@/lib/security/permissions';
import { roleLabel, roleOptions } from './roles';

type FieldErrors = { email?: string; password?: string; role?: string; form?: string };

function toErrors(error: unknown): FieldErrors {
  const param = error instanceof ApiRequestError ? error.param : undefined;
  if (param === 'email' || param === 'password' || param === 'role') return { [param]: apiErrorMessage(error) };
  return { form: apiErrorMessage(error) };
}

export function AddUserForm() {
  const add = useAddUser();
  const formRef = useRef<HTMLFormElement>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [added, setAdded] = useState<string | null>(null);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input = { email: String(form.get('email') ?? '').trim(), password: String(form.get('password') ?? ''), role: String(form.get('role')) as Role };
    const local: FieldErrors = {};
    if (!input.email) local.email = 'Enter their email address.';
    if (input.password.length < PASSWORD_MIN_LENGTH) local.password = `Use at least ${PASSWORD_MIN_LENGTH} characters.`;
    setErrors(local);
    setAdded(null);
    if (Object.keys(local).length) return;
    add.mutate(input, {
      onSuccess: (user) => {
        formRef.current?.reset();
        setAdded(`Added ${user.email} as ${roleLabel(user.role)}. Give them the initial password privately; they can sign in now.`);
      },
      onError: (error) => setErrors(toErrors(error)),
    });
  }

  return (
    <Card title="Add a teammate">
      <form ref={formRef} onSubmit={submit} noValidate className="space-y-4">
        {added && <Notice tone="success">{added}</Notice>}
        {errors.form && <Notice tone="error">{errors.form}</Notice>}
        <div className="grid gap-4 md:grid-cols-2">
          <TextField label="Email" name="email" type="email" autoComplete="off" required error={errors.email} />
          <TextField
            label="Initial password"
            name="password"
            type="password"
            autoComplete="new-password"
            required
            minLength={PASSWORD_MIN_LENGTH}
            hint={`At least ${PASSWORD_MIN_LENGTH} characters.`}
            error={errors.password}
          />
        </div>
        <div className="flex flex-wrap items-end justify-between gap-4">
          <SelectField label="Role" name="role" defaultValue="viewer" className="w-56" options={roleOptions.map((r) => ({ value: r.value, label: r.label }))} error={errors.role} />
          <Button type="submit" disabled={add.isPending}>
            {add.isPending ? 'Adding…' : 'Add user'}
          </Button>
        </div>
      </form>
    </Card>
  );
}
