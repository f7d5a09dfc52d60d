// Line/area chart: time on x, one or more series, an optional shaded window (the incident), an
// optional baseline band (median ± IQR) and markers (anomalies). Hover or focus reads values out;
// dragging selects a window when onSelect is given.
import { h, s } from '../dom';
import { formatClock, formatTime } from '../time';
import { linearScale, niceDomain, niceTicks, timeTicks } from './scale';

export interface Point {
  t: number;
  v: number | null;
}

export interface Series {
  name: string;
  points: Point[];
}

export interface Marker {
  t: number;
  label: string;
  severity?: 'warn' | 'bad';
}

export interface LineChartOptions {
  title: string;
  series: Series[];
  from: number;
  to: number;
  yFormat: (v: number) => string;
  window?: { from: number; to: number; label?: string } | undefined;
  band?: { lo: number; hi: number; label: string } | undefined;
  markers?: Marker[];
  /** whether markers are tab stops (one chart of a group is enough) */
  markersFocusable?: boolean;
  onSelect?: (from: number, to: number) => void;
  area?: boolean;
  height?: number;
  /** viewBox width: text scales with the ratio of the shown width to this */
  width?: number;
  testid?: string;
}

const PAD = { left: 64, right: 12, top: 10, bottom: 24 };

/** The runs of finite values of a series: a gap (null, NaN, ±Infinity) ends a run. */
export function segments(points: Point[]): { t: number; v: number }[][] {
  const out: { t: number; v: number }[][] = [];
  let run: { t: number; v: number }[] = [];
  for (const p of points) {
    if (p.v === null || !Number.isFinite(p.v)) {
      if (run.length) out.push(run);
      run = [];
      continue;
    }
    run.push({ t: p.t, v: p.v });
  }
  if (run.length) out.push(run);
  return out;
}

/** Path data for a series; gaps (null) break the line. */
export function linePath(points: Point[], x: (t: number) => number, y: (v: number) => number): string {
  let d = '';
  for (const run of segments(points)) {
    run.forEach((p, i) => { d += `${i === 0 ? 'M' : 'L'}${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`; });
  }
  return d;
}

/**
 * Area path data: one closed shape per run of values, from the baseline up at the run's first
 * point, along the run, and down to the baseline at its last point. A gap leaves no fill (a single
 * point between gaps has no width and gets none).
 */
export function areaPath(points: Point[], x: (t: number) => number, y: (v: number) => number, base: number): string {
  let d = '';
  const b = base.toFixed(1);
  for (const run of segments(points)) {
    if (run.length < 2) continue;
    d += `M${x(run[0]!.t).toFixed(1)},${b}`;
    for (const p of run) d += `L${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`;
    d += `L${x(run[run.length - 1]!.t).toFixed(1)},${b}Z`;
  }
  return d;
}

export function lineChart(o: LineChartOptions): HTMLElement {
  const W = o.width ?? 640;
  const H = o.height ?? 180;
  const values: number[] = [];
  for (const se of o.series) for (const p of se.points) if (p.v !== null && Number.isFinite(p.v)) values.push(p.v);
  if (o.band) values.push(o.band.lo, o.band.hi);
  const [y0, y1] = niceDomain(values);
  const x = linearScale([o.from, o.to], [PAD.left, W - PAD.right]);
  const y = linearScale([y0, y1], [H - PAD.bottom, PAD.top]);
  const svg = s('svg', {
    viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img', 'aria-label': o.title, preserveAspectRatio: 'xMidYMid meet',
  });
  const clamp = (t: number) => Math.max(PAD.left, Math.min(W - PAD.right, x(t)));
  if (o.window) {
    const x0 = clamp(o.window.from);
    const x1 = clamp(o.window.to);
    svg.appendChild(s('rect', { class: 'window', x: x0, y: PAD.top, width: Math.max(1, x1 - x0), height: H - PAD.top - PAD.bottom, 'data-testid': 'incident-window' },
      s('title', null, o.window.label ?? 'incident window')));
  }
  if (o.band) {
    const top = y(Math.min(y1, o.band.hi));
    const bottom = y(Math.max(y0, o.band.lo));
    svg.appendChild(s('rect', { class: 'band', x: PAD.left, y: top, width: W - PAD.left - PAD.right, height: Math.max(1, bottom - top), 'data-testid': 'baseline-band' },
      s('title', null, o.band.label)));
  }
  for (const t of niceTicks(y0, y1, 4)) {
    svg.appendChild(s('line', { class: 'gridline', x1: PAD.left, x2: W - PAD.right, y1: y(t), y2: y(t) }));
    svg.appendChild(s('text', { class: 'tick', x: PAD.left - 6, y: y(t) + 4, 'text-anchor': 'end' }, o.yFormat(t)));
  }
  for (const t of timeTicks(o.from, o.to, 6)) {
    svg.appendChild(s('text', { class: 'tick', x: x(t), y: H - 6, 'text-anchor': 'middle' }, formatClock(t)));
  }
  o.series.forEach((se, i) => {
    const d = linePath(se.points, x, y);
    if (!d) return;
    if (o.area && o.series.length === 1) {
      const area = areaPath(se.points, x, y, y(Math.max(0, y0)));
      if (area) svg.appendChild(s('path', { class: `area series-${i % 8}`, d: area }));
    }
    svg.appendChild(s('path', { class: `line series-${i % 8}`, d }));
    const lone = se.points.filter((p, j, a) => p.v !== null && (a[j - 1]?.v ?? null) === null && (a[j + 1]?.v ?? null) === null);
    for (const p of lone) svg.appendChild(s('circle', { class: `dot series-${i % 8}`, cx: x(p.t), cy: y(p.v!), r: 2.5 }));
  });
  const readout = h('div', { class: 'readout', 'aria-live': 'off' }, '\u00a0');
  for (const m of o.markers ?? []) {
    const g = s('g', { class: `marker ${m.severity ?? 'warn'}`, tabindex: o.markersFocusable === false ? null : 0, role: 'img', 'aria-label': m.label, 'data-testid': 'anomaly-marker' },
      s('title', null, m.label),
      s('line', { x1: x(m.t), x2: x(m.t), y1: PAD.top, y2: H - PAD.bottom }),
      s('circle', { cx: x(m.t), cy: PAD.top + 5, r: 5 }));
    const show = () => { readout.textContent = m.label; };
    g.addEventListener('mouseenter', show);
    g.addEventListener('focus', show);
    svg.appendChild(g);
  }
  const cursor = s('line', { class: 'cursor', x1: 0, x2: 0, y1: PAD.top, y2: H - PAD.bottom, visibility: 'hidden' });
  const selection = s('rect', { class: 'selection', x: 0, y: PAD.top, width: 0, height: H - PAD.top - PAD.bottom, visibility: 'hidden' });
  svg.appendChild(selection);
  svg.appendChild(cursor);
  const toChartX = (e: PointerEvent): number => {
    const r = svg.getBoundingClientRect();
    return ((e.clientX - r.left) / (r.width || 1)) * W;
  };
  let dragFrom: number | null = null;
  svg.addEventListener('pointermove', (e) => {
    const px = toChartX(e);
    if (px < PAD.left || px > W - PAD.right) return;
    const t = x.invert(px);
    cursor.setAttribute('x1', String(px));
    cursor.setAttribute('x2', String(px));
    cursor.setAttribute('visibility', 'visible');
    const parts = o.series.map((se) => {
      let best: Point | undefined;
      for (const p of se.points) if (!best || Math.abs(p.t - t) < Math.abs(best.t - t)) best = p;
      return best && best.v !== null ? `${se.name} ${o.yFormat(best.v)}` : `${se.name} —`;
    });
    readout.textContent = `${formatTime(t, false)} · ${parts.join(' · ')}`;
    if (dragFrom !== null) {
      const a = Math.min(dragFrom, px);
      selection.setAttribute('x', String(a));
      selection.setAttribute('width', String(Math.abs(px - dragFrom)));
      selection.setAttribute('visibility', 'visible');
    }
  });
  svg.addEventListener('pointerleave', () => cursor.setAttribute('visibility', 'hidden'));
  if (o.onSelect) {
    const select = o.onSelect;
    svg.classList.add('selectable');
    svg.addEventListener('pointerdown', (e) => {
      dragFrom = Math.max(PAD.left, Math.min(W - PAD.right, toChartX(e)));
      svg.setPointerCapture?.(e.pointerId);
    });
    svg.addEventListener('pointerup', (e) => {
      if (dragFrom === null) return;
      const px = Math.max(PAD.left, Math.min(W - PAD.right, toChartX(e)));
      const a = x.invert(Math.min(dragFrom, px));
      const b = x.invert(Math.max(dragFrom, px));
      dragFrom = null;
      selection.setAttribute('visibility', 'hidden');
      if (b - a >= 60_000) select(Math.floor(a / 60_000) * 60_000, Math.ceil(b / 60_000) * 60_000);
    });
  }
  const legend = o.series.length > 1
    ? h('ul', { class: 'legend' }, o.series.map((se, i) => h('li', null, h('span', { class: `swatch series-${i % 8}`, 'aria-hidden': 'true' }), se.name)))
    : null;
  return h('figure', { class: 'chart-box', 'data-testid': o.testid },
    h('figcaption', null, o.title), svg, readout, legend);
}
