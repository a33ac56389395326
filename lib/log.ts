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

export const log = pino(logOptions);
