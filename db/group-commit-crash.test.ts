import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { merchants } from './schema';
import { closeDatabase, openDatabase } from './client';
import { migratedDatabase } from '@/tests/test-db';

describe('a process killed while a group commit is in flight', () => {
  // A relaxed commit is in the WAL file (the OS holds it): only a power cut could lose it.
  it('keeps what committed before, relaxed commits included, and nothing of the group', async () => {
    const { databaseUrl, remove } = await migratedDatabase('group-crash');
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', 'db/group-commit-crash-child.ts', databaseUrl], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, s) => resolve(s)));
      expect(signal, stderr).toBe('SIGKILL');
      const db = openDatabase(databaseUrl);
      expect((await db.select({ id: merchants.id }).from(merchants).orderBy(merchants.id)).map((m) => m.id)).toEqual(['acct_alone', 'acct_relaxed']);
      expect(db.$client.pragma('integrity_check', { simple: true })).toBe('ok');
      await closeDatabase(db);
    } finally {
      await remove();
    }
  }, 60_000);
});
