import { oneOf, parseScope, pathWithQuery, scopeQuery, textParam, type Scope } from '../../lib/url';

export const TABS = ['audit', 'agents', 'keys', 'tenants', 'privacy'] as const;
export type Tab = (typeof TABS)[number];

export interface AdminState extends Scope {
  tab: Tab;
  actor: string;
  action: string;
}

export function parse(tab: string, q: URLSearchParams): AdminState {
  return { ...parseScope(q), tab: oneOf(tab, TABS, 'audit'), actor: textParam(q, 'actor'), action: textParam(q, 'action') };
}

export function build(s: AdminState): string {
  return pathWithQuery(`/admin/${s.tab}`, { ...scopeQuery(s), actor: s.tab === 'audit' ? s.actor : '', action: s.tab === 'audit' ? s.action : '' });
}
