import { readdirSync, readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';

/** A request the load generator sends; `body` is JSON text, made fresh per request. */
export type Call = { method: 'GET' | 'POST'; path: string; headers?: Record<string, string>; body?: string };
export type Answer = { status: number; text: string; ms: number };

/** HTTP/1.1 keep-alive to one server on 127.0.0.1: the connections are reused across requests. */
export function httpClient(baseUrl: string, maxSockets = 256) {
  const url = new URL(baseUrl);
  const newAgent = () => new Agent({ keepAlive: true, maxSockets });
  function send(call: Call, startedAt = performance.now()): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string | number> = { ...call.headers };
      if (call.body !== undefined) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = Buffer.byteLength(call.body);
      }
      const req = request({ host: url.hostname, port: url.port, method: call.method, path: call.path, headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString(), ms: performance.now() - startedAt }));
        res.on('error', reject);
      });
      // A kept-alive connection the server closed just as we reused it: send again on a new one.
      req.on('error', (error) => (req.reusedSocket && 'code' in error && error.code === 'ECONNRESET' ? send(call, startedAt).then(resolve, reject) : reject(error)));
      req.end(call.body);
    });
  }
  let agent = newAgent();
  return {
    send,
    close: () => agent.destroy(),
    /** Drops every connection (and what is still waiting on them). */
    reset: () => {
      agent.destroy();
      agent = newAgent();
    },
  };
}

export type Client = ReturnType<typeof httpClient>;

/** CPU milliseconds (user + system) one process has used, from /proc; 0 once it has ended. */
export function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // USER_HZ
  } catch {
    return 0;
  }
}

/** CPU time (user + system) of a process and its descendants, from /proc (Linux). */
export function processTreeCpuMs(pid: number): number {
  let total = 0;
  const visit = (p: number) => {
    total += processCpuMs(p);
    try {
      for (const task of readdirSync(`/proc/${p}/task`)) {
        for (const child of readFileSync(`/proc/${p}/task/${task}/children`, 'utf8').split(' ').filter(Boolean)) visit(Number(child));
      }
    } catch {
      // the process ended meanwhile
    }
  };
  visit(pid);
  return total;
}

export type Run = { requests: number; seconds: number; latencies: number[]; errors: number; firstError?: string; cpuMs?: number };

/** A connection the server reset or refused (an overloaded accept queue) counts as an error. */
const refused = (error: Error, startedAt: number): Answer => ({ status: 0, text: error.message, ms: performance.now() - startedAt });

function tally(run: Run, answer: Answer, expect: number) {
  run.requests++;
  run.latencies.push(answer.ms);
  if (answer.status !== expect) {
    run.errors++;
    run.firstError ??= `${answer.status} ${answer.text.slice(0, 200)}`;
  }
}

/** Closed loop: `connections` callers, each sending its next request when the last is answered. */
export async function closedLoop(client: Client, make: () => Call, expect: number, connections: number, seconds: number): Promise<Run> {
  const run: Run = { requests: 0, seconds, latencies: [], errors: 0 };
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < until) {
        const sent = performance.now();
        tally(run, await client.send(make()).catch((error: Error) => refused(error, sent)), expect);
      }
    }),
  );
  run.seconds = (performance.now() - started) / 1000;
  return run;
}

/**
 * Open loop: requests leave on a fixed schedule (`rate` per second) whether or not earlier ones
 * were answered, and each latency counts from its scheduled time, so a stall shows up in every
 * request it delays (no coordinated omission).
 */
export async function openLoop(client: Client, make: () => Call, expect: number, rate: number, seconds: number): Promise<Run> {
  const run: Run = { requests: 0, seconds, latencies: [], errors: 0 };
  const total = Math.round(rate * seconds);
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  let sent = 0;
  while (sent < total) {
    const now = performance.now();
    while (sent < total && started + (sent * 1000) / rate <= now) {
      const scheduled = started + (sent * 1000) / rate;
      inFlight.push(client.send(make(), scheduled).then((answer) => tally(run, answer, expect), (error: Error) => tally(run, refused(error, scheduled), expect)));
      sent++;
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  // On a machine too slow for the rate, the backlog is not waited out: what is still unanswered
  // after the drain time counts as an error with the latency it had reached.
  const drained = await Promise.race([Promise.all(inFlight).then(() => true), new Promise<false>((resolve) => setTimeout(() => resolve(false), DRAIN_MS))]);
  run.seconds = (performance.now() - started) / 1000;
  if (!drained) {
    const unanswered = total - run.requests;
    for (let i = 0; i < unanswered; i++) run.latencies.push(performance.now() - (started + ((total - unanswered + i) * 1000) / rate));
    run.errors += unanswered;
    run.firstError ??= `${unanswered} requests unanswered ${DRAIN_MS / 1000} s after the last was due`;
    run.requests = total;
    client.reset();
  }
  return run;
}

const DRAIN_MS = 10_000;

export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
