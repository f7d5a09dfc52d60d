import { parseScope, pathWithQuery, scopeQuery, seg, type Scope } from '../../lib/url';

export interface ServiceState extends Scope {
  service: string;
}

export function parse(service: string, q: URLSearchParams): ServiceState {
  return { ...parseScope(q), service };
}

export function build(s: ServiceState): string {
  return pathWithQuery(`/services/${seg(s.service)}`, scopeQuery(s));
}
