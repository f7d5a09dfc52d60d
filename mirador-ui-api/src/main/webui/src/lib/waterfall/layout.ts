// Trace layout: spans as a tree (parent before children, children by start time), depth,
// orphans (parent not stored) as extra roots, clock-skew flags and the critical path.
// Iterative throughout: a 5,000-span chain does not overflow the stack.

export interface SpanLike {
  spanId: string;
  parentSpanId: string;
  startTimeUnixNano: number;
  durationNanos: number;
  name: string;
}

export interface Row<S extends SpanLike> {
  span: S;
  depth: number;
  /** ns from the trace's start */
  offset: number;
  /** index of the row after this span's subtree */
  subtreeEnd: number;
  childCount: number;
  /** the parent id names a span that is not in the trace */
  orphan: boolean;
  /** starts before its parent or ends after it: the hosts' clocks disagree */
  skew: boolean;
  critical: boolean;
}

export interface TraceLayout<S extends SpanLike> {
  rows: Row<S>[];
  start: number;
  end: number;
}

const end = (s: SpanLike) => s.startTimeUnixNano + Math.max(0, s.durationNanos);
const hasParent = (s: SpanLike) => !!s.parentSpanId && !/^0*$/.test(s.parentSpanId);

export function layoutTrace<S extends SpanLike>(spans: readonly S[]): TraceLayout<S> {
  const byId = new Map<string, S>();
  for (const s of spans) if (!byId.has(s.spanId)) byId.set(s.spanId, s);
  const unique = [...byId.values()];
  const children = new Map<string, S[]>();
  const roots: S[] = [];
  for (const s of unique) {
    const parent = hasParent(s) && s.parentSpanId !== s.spanId ? byId.get(s.parentSpanId) : undefined;
    if (parent) {
      let list = children.get(parent.spanId);
      if (!list) children.set(parent.spanId, (list = []));
      list.push(s);
    } else {
      roots.push(s);
    }
  }
  const byStart = (a: S, b: S) => a.startTimeUnixNano - b.startTimeUnixNano || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  roots.sort(byStart);
  for (const list of children.values()) list.sort(byStart);
  let start = Infinity;
  let last = -Infinity;
  for (const s of unique) {
    start = Math.min(start, s.startTimeUnixNano);
    last = Math.max(last, end(s));
  }
  if (!unique.length) return { rows: [], start: 0, end: 0 };

  const rows: Row<S>[] = [];
  const visited = new Set<string>();
  const walk = (root: S) => {
    // explicit stack; row >= 0 once the span has its row: seeing it again closes its subtree
    const stack: { span: S; depth: number; row: number }[] = [{ span: root, depth: 0, row: -1 }];
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      if (top.row >= 0) {
        rows[top.row]!.subtreeEnd = rows.length;
        stack.pop();
        continue;
      }
      if (visited.has(top.span.spanId)) {
        stack.pop();
        continue;
      }
      visited.add(top.span.spanId);
      const parent = top.depth > 0 ? byId.get(top.span.parentSpanId) : undefined;
      const kids = children.get(top.span.spanId) ?? [];
      top.row = rows.length;
      rows.push({
        span: top.span,
        depth: top.depth,
        offset: top.span.startTimeUnixNano - start,
        subtreeEnd: -1,
        childCount: kids.length,
        orphan: top.depth === 0 && hasParent(top.span),
        skew: !!parent && (top.span.startTimeUnixNano < parent.startTimeUnixNano || end(top.span) > end(parent)),
        critical: false,
      });
      for (let i = kids.length - 1; i >= 0; i--) stack.push({ span: kids[i]!, depth: top.depth + 1, row: -1 });
    }
  };
  for (const r of roots) walk(r);
  // spans caught in a parent cycle have no root: each becomes an orphan root
  for (const s of unique) {
    if (!visited.has(s.spanId)) {
      const before = rows.length;
      walk(s);
      if (rows[before]) rows[before]!.orphan = true;
    }
  }
  markCriticalPath(rows, children);
  return { rows, start, end: last };
}

/**
 * The critical path: from each root, the child that finished last before the cursor, then the
 * one that finished last before that child started, and so on, recursively (as Jaeger does).
 */
function markCriticalPath<S extends SpanLike>(rows: Row<S>[], children: Map<string, S[]>): void {
  const rowOf = new Map<string, Row<S>>();
  for (const r of rows) rowOf.set(r.span.spanId, r);
  const roots = rows.filter((r) => r.depth === 0);
  // the longest root tree carries the path
  const main = roots.reduce<Row<S> | undefined>((a, r) => (!a || end(r.span) - r.span.startTimeUnixNano > end(a.span) - a.span.startTimeUnixNano ? r : a), undefined);
  if (!main) return;
  const stack: { span: S; cursor: number }[] = [{ span: main.span, cursor: end(main.span) }];
  while (stack.length) {
    const { span, cursor: limit } = stack.pop()!;
    const row = rowOf.get(span.spanId);
    if (!row || row.critical) continue;
    row.critical = true;
    const kids = [...(children.get(span.spanId) ?? [])].sort((a, b) => end(b) - end(a));
    let cursor = Math.min(end(span), limit);
    for (const k of kids) {
      if (end(k) <= cursor && end(k) > span.startTimeUnixNano) {
        stack.push({ span: k, cursor });
        cursor = k.startTimeUnixNano;
      }
    }
  }
}

/** The rows shown when the spans in collapsed have their subtrees hidden. */
export function visibleRows<S extends SpanLike>(rows: Row<S>[], collapsed: ReadonlySet<string>): Row<S>[] {
  if (collapsed.size === 0) return rows;
  const out: Row<S>[] = [];
  for (let i = 0; i < rows.length; ) {
    const r = rows[i]!;
    out.push(r);
    i = collapsed.has(r.span.spanId) && r.childCount > 0 ? r.subtreeEnd : i + 1;
  }
  return out;
}

/** The slice of rows a viewport of `height` px scrolled to `scrollTop` shows, plus overscan. */
export function windowOf(total: number, rowHeight: number, scrollTop: number, height: number, overscan = 10): { first: number; last: number } {
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(total, Math.ceil((scrollTop + height) / rowHeight) + overscan);
  return { first, last };
}
