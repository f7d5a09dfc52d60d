// Number formatting for durations, rates, percentages and counts. Non-finite values show "—".

const DASH = '—';

function trim(n: number, digits: number): string {
  return n.toFixed(digits).replace(/\.?0+$/, '');
}

/** 3 significant digits: 1.23, 12.3, 123, 1234. */
function sig(n: number): string {
  const a = Math.abs(n);
  if (a >= 100) return String(Math.round(n));
  if (a >= 10) return trim(n, 1);
  return trim(n, 2);
}

/** A duration in nanoseconds: 850 ns, 12.3 µs, 4.5 ms, 1.23 s, 2 min 3 s, 1 h 5 min. */
export function formatDurationNanos(nanos: number | null | undefined): string {
  if (nanos === null || nanos === undefined || !Number.isFinite(nanos)) return DASH;
  const a = Math.abs(nanos);
  if (a < 1e3) return `${Math.round(nanos)} ns`;
  if (a < 1e6) return `${sig(nanos / 1e3)} µs`;
  if (a < 1e9) return `${sig(nanos / 1e6)} ms`;
  if (a < 60e9) return `${sig(nanos / 1e9)} s`;
  const totalS = Math.round(nanos / 1e9);
  if (totalS < 3600) return `${Math.floor(totalS / 60)} min ${totalS % 60} s`;
  const totalMin = Math.round(totalS / 60);
  if (totalMin < 1440) return `${Math.floor(totalMin / 60)} h ${totalMin % 60} min`;
  return `${Math.floor(totalMin / 1440)} d ${Math.floor((totalMin % 1440) / 60)} h`;
}

export function formatDurationMs(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? DASH : formatDurationNanos(ms * 1e6);
}

/** Per-second rate: 0.5/s, 12.3/s, 1.2k/s. */
export function formatRate(perSecond: number | null | undefined): string {
  if (perSecond === null || perSecond === undefined || !Number.isFinite(perSecond)) return DASH;
  return `${formatCount(perSecond)}/s`;
}

/** A ratio (0..1) as a percentage: 0 %, 0.05 %, 1.2 %, 45 %, 100 %. */
export function formatPercent(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return DASH;
  const p = ratio * 100;
  if (p === 0) return '0 %';
  if (Math.abs(p) < 0.01) return '<0.01 %';
  return `${sig(p)} %`;
}

/** A count or magnitude with k/M/G suffixes: 950, 1.2k, 3.4M. */
export function formatCount(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return DASH;
  const a = Math.abs(n);
  if (a >= 1e9) return `${sig(n / 1e9)}G`;
  if (a >= 1e6) return `${sig(n / 1e6)}M`;
  if (a >= 1e4) return `${sig(n / 1e3)}k`;
  if (Number.isInteger(n)) return String(n);
  return sig(n);
}

/** A number as the API gave it, for places where a figure is compared with the API's. */
export function formatNumber(n: number | null | undefined, digits = 4): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return DASH;
  if (Number.isInteger(n)) return String(n);
  const a = Math.abs(n);
  if (a !== 0 && (a < 1e-3 || a >= 1e9)) return n.toExponential(2);
  return String(Number(n.toPrecision(digits)));
}

/**
 * A value of a named RCA feature in its unit: latency features (the service's latency, self time,
 * the wire gap of the calls into it) are nanoseconds.
 */
export function formatFeature(feature: string, value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  if (/^(latency_|self_time_|inbound_gap_)/.test(feature) || feature.endsWith('_nanos')) return formatDurationNanos(value);
  if (feature === 'error_rate') return formatPercent(value);
  if (feature.endsWith('.utilization')) return formatPercent(value);
  if (/memory|bytes/.test(feature)) return formatBytes(value);
  return formatNumber(value);
}

export function formatBytes(n: number): string {
  if (!Number.isFinite(n)) return DASH;
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${sig(v)} ${units[i]}`;
}

/** "250ms", "1.5s", "800us", "2m", "100000ns" -> nanoseconds; NaN when malformed. */
export function parseDurationToNanos(text: string | null | undefined): number {
  if (!text) return NaN;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ns|us|µs|ms|s|m|min|h)?\s*$/.exec(text);
  if (!m) return NaN;
  const n = Number(m[1]);
  const unit = m[2] ?? 'ms';
  const f: Record<string, number> = { ns: 1, us: 1e3, 'µs': 1e3, ms: 1e6, s: 1e9, m: 60e9, min: 60e9, h: 3600e9 };
  return Math.round(n * f[unit]!);
}
