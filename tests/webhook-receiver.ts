import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ReceivedWebhook = { body: string; signature: string | null; headers: IncomingMessage['headers']; event: { id: string; type: string; data: { object: any } } };
/** What to answer: a status (and body, after `delayMs`), or `hang` to never answer. */
export type Answer = { status: number; body?: string; delayMs?: number } | 'hang';

/**
 * A real HTTP receiver on 127.0.0.1 (port 0) for webhook tests. `answer` decides the response
 * per request; `received` keeps every request, `acknowledged` the ones answered 2xx.
 */
export async function startReceiver(answer: (hook: ReceivedWebhook, index: number) => Answer = () => ({ status: 200 })) {
  const received: ReceivedWebhook[] = [];
  const acknowledged: ReceivedWebhook[] = [];
  const hanging = new Set<ServerResponse>();
  let respond = answer;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const hook: ReceivedWebhook = { body, signature: (req.headers['tillpoint-signature'] as string) ?? null, headers: req.headers, event: JSON.parse(body) };
      const index = received.push(hook) - 1;
      const reply = respond(hook, index);
      if (reply === 'hang') {
        hanging.add(res);
        return;
      }
      const send = () => {
        if (reply.status >= 200 && reply.status < 300) acknowledged.push(hook);
        res.writeHead(reply.status, { 'content-type': 'text/plain' }).end(reply.body ?? 'ok');
      };
      if (reply.delayMs) setTimeout(send, reply.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    acknowledged,
    setAnswer: (next: typeof answer) => (respond = next),
    ofType: (type: string) => received.filter((h) => h.event.type === type),
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
export type Receiver = Awaited<ReturnType<typeof startReceiver>>;
