import { writeSync } from 'node:fs';
import pino, { type DestinationStream, type LoggerOptions } from 'pino';

const secretKeys = ['authorization', 'cookie', 'password', 'secret', 'payment_details', 'number', 'cvc'];

export type LogFormat = 'json' | 'pretty';

/**
 * JSON for machines (`TILLPOINT_LOG_FORMAT=json`, or whenever stdout is not a terminal: a file,
 * a pipe, journald, Docker); one readable line per entry for a person at a terminal.
 */
export function logFormat(env: Record<string, string | undefined> = process.env, stdoutIsTty = Boolean(process.stdout.isTTY)): LogFormat {
  const chosen = env.TILLPOINT_LOG_FORMAT;
  if (chosen === 'json' || chosen === 'pretty') return chosen;
  return stdoutIsTty ? 'pretty' : 'json';
}

/**
 * Structured JSON logs. Request bodies are never logged; redaction is a second line of defence
 * for anything that might carry a secret or card data, at the top level or one level down.
 * At a terminal only warnings and errors are shown unless TILLPOINT_LOG_LEVEL says otherwise:
 * the request-by-request log is for log collectors, not for the person running the demo.
 */
export function logOptionsFor(format: LogFormat, env: Record<string, string | undefined> = process.env): LoggerOptions {
  return {
    level: env.TILLPOINT_LOG_LEVEL || (format === 'pretty' ? 'warn' : 'info'),
    base: { service: 'tillpoint' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: [...secretKeys, ...secretKeys.map((k) => `*.${k}`)], censor: '[redacted]' },
  };
}

export const logOptions = logOptionsFor('json');

const LEVEL_NAMES: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const OMITTED = new Set(['level', 'time', 'msg', 'service', 'pid', 'hostname']);

/** `12:04:05 WARN  alert raised  rule=large_transaction payment=pay_…` from one JSON entry. */
export function prettyLine(json: string): string {
  const entry = JSON.parse(json) as Record<string, unknown>;
  const time = typeof entry.time === 'string' ? entry.time.slice(11, 19) : '';
  const level = (LEVEL_NAMES[entry.level as number] ?? String(entry.level)).padEnd(5);
  const fields = Object.entries(entry)
    .filter(([key]) => !OMITTED.has(key))
    .map(([key, value]) => {
      if (key === 'err' && value && typeof value === 'object' && 'message' in value) return `err="${String(value.message)}"`;
      return `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`;
    });
  return [time, level, entry.msg, ...fields].filter((part) => part !== undefined && part !== '').join('  ') + '\n';
}

// Written synchronously: a line is out before the next statement runs, so the last lines before
// an exit are kept, and a reader that went away cannot hold the exit up. (pino's default
// asynchronous stream flushes at exit and, with sonic-boom 4, retries a broken pipe forever: a
// server whose log reader had died never finished stopping.)
function destination(format: LogFormat): DestinationStream {
  if (format === 'json') return pino.destination({ dest: 1, sync: true });
  return {
    write(line: string) {
      try {
        writeSync(1, prettyLine(line));
      } catch {
        // The terminal went away: there is no one left to read the line.
      }
    },
  };
}

const format = logFormat();
export const log = pino(logOptionsFor(format), destination(format));
