import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { logFormat, logOptions, logOptionsFor, prettyLine } from './log';

describe('structured log', () => {
  it('redacts secrets and card data at the top level and one level down', () => {
    let output = '';
    const sink = new Writable({
      write(chunk, _encoding, done) {
        output += String(chunk);
        done();
      },
    });
    const logger = pino({ ...logOptions, level: 'info' }, sink);
    logger.info(
      { request_id: 'req_1', authorization: 'Bearer sk_test_abc', body: { payment_details: { number: '4242424242424242' }, cvc: '123' } },
      'request',
    );
    const line = JSON.parse(output);
    expect(line).toMatchObject({ request_id: 'req_1', authorization: '[redacted]', msg: 'request', service: 'tillpoint' });
    expect(line.body).toEqual({ payment_details: '[redacted]', cvc: '[redacted]' });
    expect(output).not.toContain('4242');
    expect(output).not.toContain('sk_test_abc');
  });
});

describe('log format', () => {
  it('is JSON when asked or when stdout is not a terminal, pretty at a terminal', () => {
    expect(logFormat({ TILLPOINT_LOG_FORMAT: 'json' }, true)).toBe('json');
    expect(logFormat({}, false)).toBe('json');
    expect(logFormat({}, true)).toBe('pretty');
    expect(logFormat({ TILLPOINT_LOG_FORMAT: 'pretty' }, false)).toBe('pretty');
  });

  it('shows only warnings and errors at a terminal unless a level is set', () => {
    expect(logOptionsFor('pretty', {}).level).toBe('warn');
    expect(logOptionsFor('json', {}).level).toBe('info');
    expect(logOptionsFor('pretty', { TILLPOINT_LOG_LEVEL: 'debug' }).level).toBe('debug');
  });

  it('prints one line per entry with its fields and the error message', () => {
    const line = prettyLine(
      JSON.stringify({ level: 40, time: '2026-12-01T12:04:05.123Z', service: 'tillpoint', msg: 'alert raised', rule: 'large', n: 3, err: { message: 'boom', stack: 'x' } }),
    );
    expect(line).toBe('12:04:05  WARN   alert raised  rule=large  n=3  err="boom"\n');
  });
});
