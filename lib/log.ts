import pino, { type LoggerOptions } from 'pino';

const secretKeys = ['authorization', 'cookie', 'password', 'secret', 'payment_details', 'number', 'cvc'];

/**
 * Structured JSON logs. Request bodies are never logged; redaction is a second line of defence
 * for anything that might carry a secret or card data, at the top level or one level down.
 */
export const logOptions: LoggerOptions = {
  level: process.env.TILLPOINT_LOG_LEVEL ?? 'info',
  base: { service: 'tillpoint' },
  timestamp: pino.stdTimeFunctions.isoTime,
  redact: { paths: [...secretKeys, ...secretKeys.map((k) => `*.${k}`)], censor: '[redacted]' },
};

// Written synchronously: a line is out before the next statement runs, so the last lines before
// an exit are kept, and a reader that went away cannot hold the exit up. (pino's default
// asynchronous stream flushes at exit and, with sonic-boom 4, retries a broken pipe forever: a
// server whose log reader had died never finished stopping.)
export const log = pino(logOptions, pino.destination({ dest: 1, sync: true }));
