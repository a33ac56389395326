import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { logOptions } from './log';

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
