import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { errorCodes } from '@/lib/http/errors';
import { outcomeKey, testInputs } from '@/lib/payments/processors/test-inputs';

const readme = readFileSync('README.md', 'utf8');

describe('README', () => {
  it('documents every test input with its outcome', () => {
    for (const row of testInputs) {
      const value = row.input[outcomeKey[row.method]];
      const outcome = row.outcome.status === 'succeeded' ? 'succeeds' : `\`${row.outcome.failureCode}\``;
      expect(readme).toContain(`| ${row.method} | \`${value}\` | ${outcome} |`);
    }
  });

  it('documents every error code with its status and type', () => {
    for (const [code, [type, status]] of Object.entries(errorCodes)) {
      expect(readme).toContain(`| \`${code}\` | ${status} | ${type} |`);
    }
  });
});
