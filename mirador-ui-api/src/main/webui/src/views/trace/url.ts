import { pathWithQuery, seg } from '../../lib/url';

export interface TraceState {
  tenant: string;
  traceId: string;
  /** the selected span (its details panel is open) */
  span: string;
}

export function parse(traceId: string, q: URLSearchParams): TraceState {
  const span = q.get('span') ?? '';
  return { tenant: q.get('tenant') ?? '', traceId, span: /^[0-9a-f]{16}$/.test(span) ? span : '' };
}

export function build(s: TraceState): string {
  return pathWithQuery(`/traces/${seg(s.traceId)}`, { tenant: s.tenant, span: s.span });
}
