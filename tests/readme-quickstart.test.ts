import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';
import { newMerchant } from './api-client';
import { childEnv } from './server';

const run = promisify(execFile);
const readme = readFileSync('README.md', 'utf8');

/** The README's `sh` blocks that call the API, in order. */
const apiBlocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]).filter((block) => block.includes('$TILLPOINT_URL'));

// What each call in the README should answer: creations 201, everything else 200.
const expectedStatus: [RegExp, number][] = [
  [/^POST \/api\/v1\/payments$/, 201],
  [/^POST \/api\/v1\/payments\/pay_\w+\/refunds$/, 201],
  [/^POST \/api\/v1\/payments\/pay_\w+\/capture$/, 200],
  [/^POST \/api\/v1\/risk\/rules$/, 201],
  [/^GET \/api\/v1\/[\w/]+$/, 200],
];

/**
 * A curl config read by every curl the block runs (as ~/.curlrc would be): fail on any 4xx/5xx
 * (exit 22, so `set -e` stops the block) and report each call's method, URL and status on stderr,
 * leaving stdout to the README's own pipes.
 */
function curlHome(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'tillpoint-curl-'));
  writeFileSync(path.join(dir, '.curlrc'), 'fail-with-body\nwrite-out = "%{stderr}CALL %{method} %{url_effective} %{http_code}\\n"\n');
  return dir;
}

async function runBlock(block: string, env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run('bash', ['-c', `set -euo pipefail\n${block}`], { env: childEnv(env), timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('README quickstart', () => {
  it('has API blocks, and every curl in them uses $TILLPOINT_URL and -g where brackets appear', () => {
    expect(apiBlocks.length).toBeGreaterThanOrEqual(2);
    expect(readme).not.toMatch(/curl[^\n]*localhost/);
    for (const block of apiBlocks) {
      for (const command of block.split(/\n(?!\s)/).filter((c) => c.includes('curl '))) {
        expect(command).toContain('"$TILLPOINT_URL/api/v1/');
        if (/\?[^"]*\[/.test(command)) expect(command).toMatch(/curl (-\w+ )*-g /);
      }
    }
  });

  it('runs every block as pasted against the server, each call answering its expected status', async () => {
    const { secretKey } = await newMerchant('Quickstart merchant');
    const env = { TILLPOINT_URL: inject('baseUrl'), TILLPOINT_KEY: secretKey, CURL_HOME: curlHome() };
    for (const block of apiBlocks) {
      const result = await runBlock(block, env);
      expect(result.code, `${block}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`).toBe(0);
      const calls = [...result.stderr.matchAll(/^CALL (\w+) (\S+) (\d{3})$/gm)].map(([, method, url, status]) => ({
        request: `${method} ${new URL(url).pathname}`,
        status: Number(status),
      }));
      expect(calls.length).toBe(block.match(/\bcurl /g)!.length);
      for (const call of calls) {
        const expected = expectedStatus.find(([pattern]) => pattern.test(call.request));
        expect(expected, `no expectation for ${call.request}`).toBeDefined();
        expect(call.status, call.request).toBe(expected![1]);
      }
    }
  });
});
