import { subscribe } from 'node:diagnostics_channel';
import type { Server, ServerResponse } from 'node:http';

export type HttpRequests = {
  /**
   * Closes the listening socket of every server seen, and of any seen from now on. A server is
   * seen with its first request; one that has served none has nothing to wait for and closes
   * with the process.
   */
  stopAccepting: () => void;
  /** Resolves once no request is open. */
  idle: () => Promise<void>;
};

/**
 * Follows every HTTP request this process serves through Node's `http.server.*` diagnostics
 * channels. `next start` owns its server and hands it to no one; the channel names the server
 * with each request, which is what a shutdown needs to close it and to wait for what it serves.
 */
export function trackHttpRequests(): HttpRequests {
  const servers = new Set<Server>();
  let open = 0;
  let accepting = true;
  let waiters: Array<() => void> = [];
  const close = (server: Server) => {
    if (server.listening) server.close();
  };

  subscribe('http.server.request.start', (message) => {
    const { server, response } = message as { server: Server; response: ServerResponse };
    servers.add(server);
    if (!accepting) close(server);
    open += 1;
    // 'close' comes once the response is sent or the connection is gone, whichever is first.
    response.once('close', () => {
      open -= 1;
      if (open > 0) return;
      for (const wake of waiters) wake();
      waiters = [];
    });
  });

  return {
    stopAccepting: () => {
      accepting = false;
      for (const server of servers) close(server);
    },
    idle: () => (open === 0 ? Promise.resolve() : new Promise((resolve) => waiters.push(resolve))),
  };
}
