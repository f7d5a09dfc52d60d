import { parseDurationToNanos } from '../../lib/format';
import { oneOf, parseScope, pathWithQuery, scopeQuery, textParam, type Scope } from '../../lib/url';

export const STATUSES = ['', 'Ok', 'Error', 'Unset'] as const;
export type Status = (typeof STATUSES)[number];

export interface TracesState extends Scope {
  service: string;
  operation: string;
  status: Status;
  /** as typed: 250ms, 1.5s, 800us */
  minDuration: string;
  /** key=value filters */
  attr: string[];
}

export function parse(q: URLSearchParams): TracesState {
  const min = textParam(q, 'minDuration', 32);
  return {
    ...parseScope(q),
    service: textParam(q, 'service'),
    operation: textParam(q, 'operation'),
    status: oneOf(q.get('status'), STATUSES, ''),
    minDuration: Number.isFinite(parseDurationToNanos(min)) ? min : '',
    attr: q.getAll('attr').filter((a) => a.indexOf('=') > 0 && a.length <= 512).slice(0, 16),
  };
}

export function build(s: TracesState): string {
  return pathWithQuery('/traces', {
    ...scopeQuery(s), service: s.service, operation: s.operation, status: s.status, minDuration: s.minDuration, attr: s.attr,
  });
}
