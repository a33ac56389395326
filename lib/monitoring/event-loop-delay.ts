import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Gauge, type Registry } from 'prom-client';

const STATS = {
  min: ['The minimum recorded event loop delay.', (h: Histogram) => h.min],
  max: ['The maximum recorded event loop delay.', (h: Histogram) => h.max],
  mean: ['The mean of the recorded event loop delays.', (h: Histogram) => h.mean],
  stddev: ['The standard deviation of the recorded event loop delays.', (h: Histogram) => h.stddev],
  p50: ['The 50th percentile of the recorded event loop delays.', (h: Histogram) => h.percentile(50)],
  p90: ['The 90th percentile of the recorded event loop delays.', (h: Histogram) => h.percentile(90)],
  p99: ['The 99th percentile of the recorded event loop delays.', (h: Histogram) => h.percentile(99)],
} as const;

type Histogram = ReturnType<typeof monitorEventLoopDelay>;

/**
 * Replaces prom-client's `nodejs_eventloop_lag_{min,max,mean,stddev,p50,p90,p99}_seconds`.
 * prom-client resets its delay histogram at every scrape, so a scrape that comes before the
 * histogram's next sample (one per 10 ms, and none while the loop is busy; two scrapers, or
 * two scrapes in one burst) reads an empty histogram: mean and stddev NaN, min 2^63 ns. Here
 * an empty window leaves the gauges at the last window's values, and only a window that had
 * samples is consumed. `nodejs_eventloop_lag_seconds` (a setImmediate probe) stays prom-client's.
 */
export function registerEventLoopDelay(registry: Registry, prefix: string): void {
  const histogram = monitorEventLoopDelay();
  histogram.enable();
  const gauges = Object.entries(STATS).map(([stat, [help, read]], i) => {
    const name = `${prefix}nodejs_eventloop_lag_${stat}_seconds`;
    registry.removeSingleMetric(name);
    // The registry collects in registration order, so the first gauge's collect sets them all.
    const gauge = new Gauge({ name, help, registers: [registry], ...(i === 0 && { collect: collectAll }) });
    return { gauge, read };
  });
  function collectAll() {
    if (histogram.count === 0) return;
    for (const { gauge, read } of gauges) gauge.set(read(histogram) / 1e9);
    histogram.reset();
  }
}
