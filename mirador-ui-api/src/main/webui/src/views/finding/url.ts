import { parseInstant, toIso } from '../../lib/time';
import { pathWithQuery, seg } from '../../lib/url';

export interface FindingState {
  tenant: string;
  id: string;
  /** A window chosen for a re-run of the RCA (absolute, ms), kept in the URL like Coroot's rcaFrom/rcaTo. */
  rcaFrom: number | null;
  rcaTo: number | null;
}

export function parse(id: string, q: URLSearchParams): FindingState {
  const from = parseInstant(q.get('rcaFrom'));
  const to = parseInstant(q.get('rcaTo'));
  const ok = Number.isFinite(from) && Number.isFinite(to) && from < to;
  return { tenant: q.get('tenant') ?? '', id, rcaFrom: ok ? from : null, rcaTo: ok ? to : null };
}

export function build(s: FindingState): string {
  return pathWithQuery(`/findings/${seg(s.id)}`, {
    tenant: s.tenant,
    rcaFrom: s.rcaFrom === null ? null : toIso(s.rcaFrom),
    rcaTo: s.rcaTo === null ? null : toIso(s.rcaTo),
  });
}
