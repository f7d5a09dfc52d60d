import { parseScope, pathWithQuery, scopeQuery, textParam, type Scope } from '../../lib/url';

export interface MapState extends Scope {
  /** a service whose neighbourhood (callers and callees, two hops) is shown alone */
  focus: string;
}

export function parse(q: URLSearchParams): MapState {
  return { ...parseScope(q), focus: textParam(q, 'focus') };
}

export function build(s: MapState): string {
  return pathWithQuery('/map', { ...scopeQuery(s), focus: s.focus });
}
