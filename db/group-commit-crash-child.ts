// Child process of db/group-commit-crash.test.ts: commits one durable transaction and one
// relaxed one (`durable: false`, no fsync), then queues a group of five and dies by SIGKILL once
// they have all run, before their shared COMMIT.
import { merchants } from './schema';
import { openDatabase, setBeforeGroupCommit, transaction } from './client';

async function main() {
  const db = openDatabase(process.argv[2]);
  await transaction(db, (tx) => tx.insert(merchants).values({ id: 'acct_alone', name: 'Committed alone', createdAt: 1 }));
  await transaction(db, (tx) => tx.insert(merchants).values({ id: 'acct_relaxed', name: 'Committed without an fsync', createdAt: 1 }), { durable: false });
  setBeforeGroupCommit((transactions) => {
    if (transactions > 1) process.kill(process.pid, 'SIGKILL');
  });
  // Queued in one tick while none runs: the first opens the group, the others join it.
  await Promise.all(
    Array.from({ length: 5 }, (_, i) => transaction(db, (tx) => tx.insert(merchants).values({ id: `acct_group_${i}`, name: 'In the group', createdAt: 2 }))),
  );
}

void main();
