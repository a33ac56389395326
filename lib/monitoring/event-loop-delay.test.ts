import { collectDefaultMetrics, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { registerEventLoopDelay } from './event-loop-delay';

const PREFIX = 'test_process_';

/** Every sample line's value; throws on a line that is not `name{labels} <finite number>`. */
function values(text: string): Map<string, number> {
  const map = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const [, key, value] = line.match(/^([a-zA-Z_:][\w:]*(?:\{[^}]*\})?) (\S+)$/) ?? [];
    if (!key || !Number.isFinite(Number(value))) throw new Error(`Not a finite sample: ${line}`);
    map.set(key, Number(value));
  }
  return map;
}

function registry() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: PREFIX });
  registerEventLoopDelay(registry, PREFIX);
  return registry;
}

describe('event loop delay gauges', () => {
  it('report numbers when scraped again before the loop took a new sample', async () => {
    const r = registry();
    // No timer can run between these awaits, so the second scrape sees an empty window
    // (prom-client's own gauges print `Nan` for its mean and stddev here).
    values(await r.metrics());
    const again = values(await r.metrics());
    for (const stat of ['min', 'max', 'mean', 'stddev', 'p50', 'p90', 'p99']) {
      expect(again.has(`${PREFIX}nodejs_eventloop_lag_${stat}_seconds`), stat).toBe(true);
    }
  });

  it('report the delays the loop recorded', async () => {
    const r = registry();
    const mean = `${PREFIX}nodejs_eventloop_lag_mean_seconds`;
    await expect.poll(async () => values(await r.metrics()).get(mean)).toBeGreaterThan(0);
    const sample = values(await r.metrics());
    expect(sample.get(`${PREFIX}nodejs_eventloop_lag_min_seconds`)).toBeLessThanOrEqual(sample.get(`${PREFIX}nodejs_eventloop_lag_max_seconds`)!);
  });
});
