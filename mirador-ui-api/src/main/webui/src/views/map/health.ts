// A service's health on the map: error rate, and p95 latency against the preceding window.
import type { ServiceSummary } from '../../lib/types';

/** The services within `hops` calls of focus, either direction (the focus itself included). */
export function neighbourhood(focus: string, edges: { from: string; to: string }[], hops = 2): Set<string> {
  const near = new Set([focus]);
  let frontier = [focus];
  for (let i = 0; i < hops && frontier.length; i++) {
    const next: string[] = [];
    for (const e of edges) {
      for (const [a, b] of [[e.from, e.to], [e.to, e.from]] as const) {
        if (frontier.includes(a) && !near.has(b)) {
          near.add(b);
          next.push(b);
        }
      }
    }
    frontier = next;
  }
  return near;
}

export type Health = 'ok' | 'warn' | 'bad' | 'idle';

export const ERROR_WARN = 0.01;
export const ERROR_BAD = 0.05;
export const LATENCY_WARN = 1.5;
export const LATENCY_BAD = 3;

/** p95 now divided by p95 in the baseline window; null when either is unknown. */
export function latencyRatio(now: ServiceSummary | undefined, before: ServiceSummary | undefined): number | null {
  const a = now?.latencyP95Nanos;
  const b = before?.latencyP95Nanos;
  if (a === null || a === undefined || b === null || b === undefined || b <= 0) return null;
  return a / b;
}

export function health(now: ServiceSummary | undefined, before: ServiceSummary | undefined): Health {
  if (!now || now.requests === 0) return 'idle';
  const ratio = latencyRatio(now, before);
  if (now.errorRate >= ERROR_BAD || (ratio !== null && ratio >= LATENCY_BAD)) return 'bad';
  if (now.errorRate >= ERROR_WARN || (ratio !== null && ratio >= LATENCY_WARN)) return 'warn';
  return 'ok';
}
