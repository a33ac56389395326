import { DomainError } from '@/lib/errors';

/** The largest JSON body any route reads (1 MiB); no API object comes near it. */
export const JSON_BODY_LIMIT = 1024 * 1024;
/** The largest upload (5 MiB): a reconciliation report, multipart overhead included. */
export const UPLOAD_BODY_LIMIT = 5 * 1024 * 1024;

const inMegabytes = (bytes: number) => `${bytes / 1024 / 1024} MB (${bytes.toLocaleString('en-US')} bytes)`;

/**
 * The request body's bytes, at most `limit` of them, or `413 payload_too_large`. The bytes are
 * counted as they arrive: `Content-Length` can be absent (chunked) or a lie, so it is never
 * consulted, and reading stops at the first chunk past the limit, before anything is parsed.
 * Every route that takes a body reads it through here.
 */
export async function readBody(req: Request, limit: number): Promise<Buffer<ArrayBuffer>> {
  if (!req.body) return Buffer.alloc(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await discardRest(reader);
      throw new DomainError('payload_too_large', `The request body is larger than ${inMegabytes(limit)}.`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size);
}

/** How much of an oversized body is read and dropped before the 413 goes out. */
const DISCARD_LIMIT = 8 * 1024 * 1024;

/**
 * Reads and drops the rest of an oversized body (up to DISCARD_LIMIT). The answer to a
 * `Connection: close` request closes the socket, and closing it with unread bytes in its
 * buffer makes the kernel send a reset, which can destroy the 413 before the client reads it.
 * A larger body is abandoned: past that point the sender is not a client we owe an answer.
 */
async function discardRest(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
  let discarded = 0;
  while (discarded < DISCARD_LIMIT) {
    const { done, value } = await reader.read();
    if (done) return;
    discarded += value.byteLength;
  }
  await reader.cancel();
}

/** UTF-8 text as `Request.text()` decodes it (a leading BOM dropped, bad bytes replaced). */
export const bodyText = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
