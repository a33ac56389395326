import { spawn, spawnSync } from 'node:child_process';

/**
 * How many fsync/fdatasync calls the server's process tree makes while `phase` runs, counted
 * by `strace -c` (null when strace is missing or may not attach). A count, not a time: it says
 * what group commit and relaxed commits save on any machine, however busy.
 */
export async function fsyncsDuring<T>(pid: number, phase: () => Promise<T>): Promise<{ result: T; fsyncs: number | null }> {
  if (spawnSync('strace', ['-V']).status !== 0) return { result: await phase(), fsyncs: null };
  const strace = spawn('strace', ['-f', '-c', '-e', 'trace=fsync,fdatasync', '-p', String(pid)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let report = '';
  strace.stderr.on('data', (chunk) => (report += chunk));
  const exited = new Promise<number | null>((resolve) => strace.once('exit', resolve));
  // strace says nothing when it has attached: give it a moment (or let it fail: no permission).
  const failedEarly = await Promise.race([exited.then(() => true), new Promise<false>((resolve) => setTimeout(() => resolve(false), 1000))]);
  if (failedEarly) return { result: await phase(), fsyncs: null };
  const result = await phase();
  strace.kill('SIGINT');
  await exited;
  // Rows: % time, seconds, usecs/call, calls, [errors,] syscall.
  const rows = [...report.matchAll(/^\s*[\d.]+\s+[\d.]+\s+\d+\s+(\d+)\s+(?:\d+\s+)?(?:fsync|fdatasync)\s*$/gm)];
  return { result, fsyncs: rows.reduce((sum, m) => sum + Number(m[1]), 0) };
}
