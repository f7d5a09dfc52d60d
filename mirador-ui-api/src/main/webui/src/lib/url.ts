// Building blocks of the per-view URL builders: every link this UI renders is a same-origin path
// built here, with each value percent-encoded, so telemetry text cannot change a link's target.
import { rangeFromParams, rangeToParams, type TimeRange } from './time';

export type QueryValue = string | number | null | undefined | readonly string[];

/** "/base?k=v&..." with empty values left out, keys in the given order. */
export function pathWithQuery(base: string, query: Record<string, QueryValue>): string {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === null || value === undefined || value === '') continue;
    if (Array.isArray(value)) {
      for (const v of value) if (v !== '') q.append(key, v);
    } else {
      q.set(key, String(value));
    }
  }
  const s = q.toString();
  return s ? `${base}?${s}` : base;
}

/** One path segment, percent-encoded (a "/" or ".." in a service name stays inside it). */
export function seg(value: string): string {
  return encodeURIComponent(value);
}

/** tenant and time range, the state every timed view carries. */
export interface Scope {
  tenant: string;
  range: TimeRange;
}

export function parseScope(q: URLSearchParams): Scope {
  return { tenant: q.get('tenant') ?? '', range: rangeFromParams(q) };
}

/** The query of a scope: tenant first, then range or from/to. */
export function scopeQuery(scope: Scope): Record<string, QueryValue> {
  const q = new URLSearchParams();
  rangeToParams(scope.range, q);
  const out: Record<string, QueryValue> = { tenant: scope.tenant };
  for (const [k, v] of q) out[k] = v;
  return out;
}

/** A bounded, trimmed text parameter ('' when absent). */
export function textParam(q: URLSearchParams, name: string, max = 256): string {
  const v = q.get(name) ?? '';
  return v.length > max ? v.slice(0, max) : v;
}

export function oneOf<T extends string>(value: string | null, allowed: readonly T[], fallback: T): T {
  return (allowed as readonly string[]).includes(value ?? '') ? (value as T) : fallback;
}

/** 32 lower-case hex digits (trace and finding ids). */
export function isHexId(value: string, length = 32): boolean {
  return value.length === length && /^[0-9a-f]+$/.test(value);
}
