// Per-minute feature series from the core's /features answer, by the RCA's feature names.
import type { Point } from './charts/line';
import type { SelfTimeMinute, ServiceMinute } from './types';

/** The value of an RCA feature in one service-minute (null when not measured). */
export function featureValue(m: ServiceMinute, feature: string): number | null {
  switch (feature) {
    case 'requests': return m.requests;
    case 'error_rate': return m.errorRate;
    case 'error_logs': return m.errorLogs;
    case 'latency_p50': return m.latencyP50Nanos;
    case 'latency_p95': return m.latencyP95Nanos;
    case 'latency_p99': return m.latencyP99Nanos;
    default: {
      const v = m.gauges?.[feature];
      return v === undefined ? null : v;
    }
  }
}

/** One point per minute of [from, to); minutes without a row for the service are gaps. */
export function featureSeries(rows: ServiceMinute[], service: string, feature: string, from: number, to: number): Point[] {
  const byMinute = new Map<number, ServiceMinute>();
  for (const r of rows) if (r.service === service) byMinute.set(Math.round(r.minuteStartUnixNano / 1e6 / 60_000) * 60_000, r);
  const out: Point[] = [];
  for (let t = Math.floor(from / 60_000) * 60_000; t < to; t += 60_000) {
    const r = byMinute.get(t);
    const v = r ? featureValue(r, feature) : null;
    out.push({ t, v: v === null || !Number.isFinite(v) ? null : v });
  }
  return out;
}

/** self_time_p50 / self_time_p95 per minute from the core's /features/self-times rows. */
export function selfTimeSeries(rows: SelfTimeMinute[], service: string, feature: string, from: number, to: number): Point[] {
  const byMinute = new Map<number, SelfTimeMinute>();
  for (const r of rows) if (r.service === service) byMinute.set(Math.round(r.minuteStartUnixNano / 1e6 / 60_000) * 60_000, r);
  const out: Point[] = [];
  for (let t = Math.floor(from / 60_000) * 60_000; t < to; t += 60_000) {
    const r = byMinute.get(t);
    const v = !r ? null : feature === 'self_time_p50' ? r.p50Nanos : feature === 'self_time_p95' ? r.p95Nanos : null;
    out.push({ t, v: v === null || !Number.isFinite(v) ? null : v });
  }
  return out;
}

export const isSelfTime = (feature: string): boolean => feature.startsWith('self_time_');

/** A person's name for a feature. */
export function featureLabel(feature: string): string {
  const names: Record<string, string> = {
    requests: 'requests per minute',
    error_rate: 'error rate',
    error_logs: 'error log records per minute',
    latency_p50: 'latency p50',
    latency_p95: 'latency p95',
    latency_p99: 'latency p99',
    self_time_p50: 'self time p50',
    self_time_p95: 'self time p95',
    inbound_calls: 'calls into it per minute',
    inbound_gap_p50: 'wire gap of calls into it, p50',
    inbound_gap_p95: 'wire gap of calls into it, p95',
    inbound_repeats: 'calls into it repeated by their callers (retries) per minute',
    inbound_repeated_percent: 'share of calls into it repeated by their callers (retries), %',
  };
  return names[feature] ?? feature;
}
