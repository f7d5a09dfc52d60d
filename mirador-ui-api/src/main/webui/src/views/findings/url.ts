import { oneOf, parseScope, pathWithQuery, scopeQuery, textParam, type Scope } from '../../lib/url';

export const STATES = ['', 'open', 'closed'] as const;
export type FindingState = (typeof STATES)[number];

export interface FindingsState extends Scope {
  service: string;
  state: FindingState;
}

export function parse(q: URLSearchParams): FindingsState {
  return { ...parseScope(q), service: textParam(q, 'service'), state: oneOf(q.get('state'), STATES, '') };
}

export function build(s: FindingsState): string {
  return pathWithQuery('/findings', { ...scopeQuery(s), service: s.service, state: s.state });
}
