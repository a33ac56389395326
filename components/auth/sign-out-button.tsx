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
        await api('/api/auth/logout', { method: 'POST' });
        window.location.assign('/login');
      }}
    >
      Sign out
    </Button>
  );
}
