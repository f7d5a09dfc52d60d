// Time ranges (a live relative preset or an absolute [from, to)), step choice and formatting.

export const PRESETS = ['15m', '1h', '6h', '24h', '7d'] as const;
export type Preset = (typeof PRESETS)[number];

const PRESET_MS: Record<Preset, number> = {
  '15m': 15 * 60_000,
  '1h': 3_600_000,
  '6h': 6 * 3_600_000,
  '24h': 24 * 3_600_000,
  '7d': 7 * 24 * 3_600_000,
};

export type TimeRange =
  | { kind: 'relative'; preset: Preset }
  | { kind: 'absolute'; from: number; to: number };

export const DEFAULT_RANGE: TimeRange = { kind: 'relative', preset: '1h' };

export function isPreset(value: string | null | undefined): value is Preset {
  return value !== null && value !== undefined && (PRESETS as readonly string[]).includes(value);
}

export function presetMillis(preset: Preset): number {
  return PRESET_MS[preset];
}

/** Strict ISO-8601 instant in UTC or with an offset (what the core accepts); NaN otherwise. */
export function parseInstant(text: string | null | undefined): number {
  if (!text || text.length > 40) return NaN;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(text)) return NaN;
  return Date.parse(text);
}

/** ISO-8601 UTC instant, whole seconds when the value has no milliseconds. */
export function toIso(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.endsWith('.000Z') ? iso.slice(0, -5) + 'Z' : iso;
}

/**
 * The range a URL asks for: absolute from/to when both parse and from < to, else a known preset,
 * else the default. A malformed value never throws: the page shows the default instead.
 */
export function rangeFromParams(q: URLSearchParams, fallback: TimeRange = DEFAULT_RANGE): TimeRange {
  const from = parseInstant(q.get('from'));
  const to = parseInstant(q.get('to'));
  if (Number.isFinite(from) && Number.isFinite(to) && from < to) {
    return { kind: 'absolute', from, to };
  }
  const preset = q.get('range');
  if (isPreset(preset)) return { kind: 'relative', preset };
  return fallback;
}

/** Writes the range into q (and removes the other form). */
export function rangeToParams(range: TimeRange, q: URLSearchParams): void {
  q.delete('from');
  q.delete('to');
  q.delete('range');
  if (range.kind === 'absolute') {
    q.set('from', toIso(range.from));
    q.set('to', toIso(range.to));
  } else {
    q.set('range', range.preset);
  }
}

/** [from, to) in epoch milliseconds; a live preset ends now, on a whole second. */
export function resolveRange(range: TimeRange, now: number): { from: number; to: number } {
  if (range.kind === 'absolute') return { from: range.from, to: range.to };
  const to = Math.floor(now / 1000) * 1000;
  return { from: to - PRESET_MS[range.preset], to };
}

/** The absolute range a live preset covers now: what a shared link must carry. */
export function freeze(range: TimeRange, now: number): TimeRange {
  const r = resolveRange(range, now);
  return { kind: 'absolute', from: r.from, to: r.to };
}

export function rangeEquals(a: TimeRange, b: TimeRange): boolean {
  if (a.kind === 'relative' && b.kind === 'relative') return a.preset === b.preset;
  if (a.kind === 'absolute' && b.kind === 'absolute') return a.from === b.from && a.to === b.to;
  return false;
}

/** Steps a chart may use, in seconds; the store's minute is the finest. */
export const STEPS = [60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 43200, 86400];

/** The finest step that keeps a range within maxPoints points. */
export function chooseStep(rangeMs: number, maxPoints = 240): number {
  const need = rangeMs / 1000 / maxPoints;
  for (const step of STEPS) if (step >= need) return step;
  return STEPS[STEPS.length - 1]!;
}

/** A step for a URL and the core: 60s, 5m, 1h, 1d. */
export function formatStep(seconds: number): string {
  if (seconds % 86400 === 0) return `${seconds / 86400}d`;
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

/** 60s, 1m, 2h, 1d, PT1M -> seconds; NaN when malformed or not positive. */
export function parseStep(text: string | null | undefined): number {
  if (!text) return NaN;
  const m = /^(\d{1,6})(s|m|h|d)$/.exec(text);
  if (m) {
    const n = Number(m[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[m[2] as 's' | 'm' | 'h' | 'd'];
    return n > 0 ? n : NaN;
  }
  const iso = /^PT(?:(\d{1,4})H)?(?:(\d{1,6})M)?(?:(\d{1,7})S)?$/.exec(text);
  if (iso && (iso[1] || iso[2] || iso[3])) {
    const n = Number(iso[1] ?? 0) * 3600 + Number(iso[2] ?? 0) * 60 + Number(iso[3] ?? 0);
    return n > 0 ? n : NaN;
  }
  return NaN;
}

// ---- display preferences -------------------------------------------------------------------

let utc = true;

export function setUtc(value: boolean): void {
  utc = value;
}

export function isUtc(): boolean {
  return utc;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** 2026-12-06 21:30:05 UTC, or local time with its offset. */
export function formatTime(ms: number, withSeconds = true, inUtc = utc): string {
  if (!Number.isFinite(ms)) return '—';
  const d = new Date(ms);
  const [y, mo, da, h, mi, se] = inUtc
    ? [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()]
    : [d.getFullYear(), d.getMonth() + 1, d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds()];
  const time = `${y}-${pad(mo)}-${pad(da)} ${pad(h)}:${pad(mi)}${withSeconds ? ':' + pad(se) : ''}`;
  if (inUtc) return time + ' UTC';
  const off = -d.getTimezoneOffset();
  return `${time} ${off >= 0 ? '+' : '-'}${pad(Math.floor(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`;
}

/** HH:MM for chart axes. */
export function formatClock(ms: number, inUtc = utc): string {
  const d = new Date(ms);
  return inUtc ? `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}` : `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Value for <input type="datetime-local"> in the current display zone. */
export function toInputValue(ms: number, inUtc = utc): string {
  const d = new Date(ms);
  return inUtc
    ? `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`
    : `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Reads <input type="datetime-local"> in the current display zone; NaN when malformed. */
export function fromInputValue(value: string, inUtc = utc): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (!m) return NaN;
  const [y, mo, d, h, mi, se] = m.slice(1).map((x) => Number(x ?? 0)) as number[];
  return inUtc
    ? Date.UTC(y!, mo! - 1, d!, h!, mi!, se ?? 0)
    : new Date(y!, mo! - 1, d!, h!, mi!, se ?? 0).getTime();
}

/** A range as a person reads it: "last 1h" or "2026-12-06 20:00 – 21:00 UTC". */
export function describeRange(range: TimeRange): string {
  if (range.kind === 'relative') return `last ${range.preset}`;
  return `${formatTime(range.from, false)} – ${formatTime(range.to, false)}`;
}
