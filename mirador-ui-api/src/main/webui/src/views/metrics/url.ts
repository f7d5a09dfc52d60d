import { parseStep } from '../../lib/time';
import { oneOf, parseScope, pathWithQuery, scopeQuery, textParam, type Scope } from '../../lib/url';

export const TYPES = ['', 'gauge', 'sum', 'histogram', 'exp_histogram', 'summary'] as const;
export type MetricType = (typeof TYPES)[number];
export const AGGS = ['', 'avg', 'min', 'max', 'sum', 'rate', 'increase', 'p50', 'p90', 'p95', 'p99'] as const;
export type Agg = (typeof AGGS)[number];

/** What the core accepts per type (the contract); the first is the default. */
export const AGGS_BY_TYPE: Record<string, Agg[]> = {
  gauge: ['avg', 'min', 'max', 'sum'],
  sum: ['rate', 'increase'],
  histogram: ['p95', 'p50', 'p90', 'p99', 'avg', 'rate'],
  exp_histogram: ['p95', 'p50', 'p90', 'p99', 'avg', 'rate'],
  summary: ['avg'],
};

export interface MetricsState extends Scope {
  name: string;
  type: MetricType;
  service: string;
  attr: string[];
  /** 60s, 5m... ('' = chosen from the range) */
  step: string;
  agg: Agg;
}

export function parse(q: URLSearchParams): MetricsState {
  const step = textParam(q, 'step', 16);
  return {
    ...parseScope(q),
    name: textParam(q, 'name'),
    type: oneOf(q.get('type'), TYPES, ''),
    service: textParam(q, 'service'),
    attr: q.getAll('attr').filter((a) => a.indexOf('=') > 0 && a.length <= 512).slice(0, 16),
    step: Number.isFinite(parseStep(step)) ? step : '',
    agg: oneOf(q.get('agg'), AGGS, ''),
  };
}

export function build(s: MetricsState): string {
  return pathWithQuery('/metrics', {
    ...scopeQuery(s), name: s.name, type: s.type, service: s.service, attr: s.attr, step: s.step, agg: s.agg,
  });
}
