import { request } from 'node:http';

export type RawAnswer = { status: number; headers: Headers; text: string; body: any };

/**
 * A request through node:http, for what fetch cannot send: `TRACE` (undici refuses the method)
 * and a backslash in the path (URL parsing turns it into a slash).
 */
export function rawRequest(baseUrl: string, method: string, path: string, headers: Record<string, string> = {}): Promise<RawAnswer> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, method, path, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => {
        const answerHeaders = new Headers();
        for (const [name, value] of Object.entries(res.headers)) {
          for (const one of [value ?? []].flat()) answerHeaders.append(name, one);
        }
        resolve({ status: res.statusCode ?? 0, headers: answerHeaders, text, body: text.startsWith('{') ? JSON.parse(text) : null });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}
