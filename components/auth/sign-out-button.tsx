'use client';

import { useState } from 'react';
import { api } from '@/components/api';
import { Button } from '@/components/ui/button';

export function SignOutButton() {
  const [busy, setBusy] = useState(false);
  return (
    <Button
      variant="secondary"
      size="sm"
      disabled={busy}
      onClick={async () => {
        setBusy(true);
        // A JSON body: sign-out, like sign-in, accepts only JSON (a cross-site form cannot send it).
        await api('/api/auth/logout', { method: 'POST', body: {} });
        window.location.assign('/login');
      }}
    >
      Sign out
    </Button>
  );
}
