// The page of an open finding follows the stored finding: the detection loop re-ranks an open
// incident as its window grows (every minute for its first ten), and the first ranking of a fresh
// incident covers one minute, often a partial one (no error example yet, say).
import type { Finding } from '../../lib/types';

/**
 * How often the page of an open finding asks the core whether it changed: a quarter of the
 * detection loop's minute, so a new ranking shows within 15 s of being stored. One small GET; the
 * page's series are fetched again only when the finding changed.
 */
export const FINDING_REFRESH_MS = 15_000;

/** A stored finding's version: a re-rank, a grown window and the close each change it. */
export function findingVersion(f: Finding): string {
  return [f.updatedAt, f.status, f.closedAt ?? '', f.symptom.from, f.symptom.to].join('|');
}

export interface FindingWatch {
  /** the finding as the page shows it */
  first: Finding;
  every: number;
  /** reads the stored finding */
  fetch: () => Promise<Finding>;
  /** a new version: shown before the next check is scheduled */
  changed: (f: Finding) => Promise<void> | void;
  /** after each check, changed or not; `error` set when the check failed (the next one retries) */
  checked: (at: number, error: unknown) => void;
  /** setTimeout by default; answers a cancel function */
  schedule?: (task: () => void, ms: number) => () => void;
  now?: () => number;
}

/**
 * Checks the finding every `every` ms while it is open and calls `changed` with each new version;
 * stops once a closed version was shown, or when the answered cancel function is called (the view
 * was left). One check at a time: the next is scheduled when the previous one and its rendering
 * are done, so a slow core never stacks requests.
 */
export function watchFinding(w: FindingWatch): () => void {
  const schedule = w.schedule ?? ((task: () => void, ms: number) => {
    const t = setTimeout(task, ms);
    return () => clearTimeout(t);
  });
  const now = w.now ?? Date.now;
  let shown = findingVersion(w.first);
  let stopped = w.first.status !== 'OPEN';
  let cancel: () => void = () => {};
  const tick = async () => {
    if (stopped) return;
    let error: unknown = null;
    try {
      const f = await w.fetch();
      if (stopped) return;
      const version = findingVersion(f);
      if (version !== shown) {
        shown = version;
        await w.changed(f);
        if (f.status !== 'OPEN') stopped = true;
      }
    } catch (e) {
      error = e;
    }
    if (stopped) return;
    w.checked(now(), error);
    cancel = schedule(() => void tick(), w.every);
  };
  if (!stopped) cancel = schedule(() => void tick(), w.every);
  return () => {
    stopped = true;
    cancel();
  };
}
