// What every view receives from the shell.
import type { Session } from '../lib/api';
import { resolveRange, type TimeRange } from '../lib/time';

export interface ViewContext {
  /** The element the view renders into (its data-view is set by the shell). */
  root: HTMLElement;
  params: string[];
  query: URLSearchParams;
  session: Session;
  /** The tenant of the URL (the shell fills in the first of the session's when missing). */
  tenant: string;
  /** Aborted when the user leaves the view: pending requests stop. */
  signal: AbortSignal;
  /** Runs when the view is left (timers, listeners on document). */
  onLeave(fn: () => void): void;
  /** Go somewhere (pushState); replace keeps history clean for in-place changes. */
  navigate(url: string, replace?: boolean): void;
}

export type View = (ctx: ViewContext) => void | Promise<void>;

/** [from, to) as ISO strings for an API query. */
export function apiRange(range: TimeRange, now = Date.now()): { from: string; to: string; fromMs: number; toMs: number } {
  const r = resolveRange(range, now);
  return { from: new Date(r.from).toISOString(), to: new Date(r.to).toISOString(), fromMs: r.from, toMs: r.to };
}

export function isAdmin(session: Session): boolean {
  return session.roles.includes('admin');
}
