/**
 * `TILLPOINT_MODE`: `test` (the default: simulated processors, test helpers, test keys) or
 * `live` (test helper routes answer 404, crash points are inert, a weak master secret is refused).
 */
export type Mode = 'test' | 'live';

export function mode(env: Record<string, string | undefined> = process.env): Mode {
  const value = env.TILLPOINT_MODE ?? 'test';
  if (value !== 'test' && value !== 'live') throw new Error(`TILLPOINT_MODE must be 'test' or 'live', got '${value}'`);
  return value;
}

export const isLiveMode = () => mode() === 'live';
