// Sparklines and horizontal bars.
import { h, s } from '../dom';
import { linearScale, niceDomain } from './scale';
import { linePath, type Point } from './line';

export function sparkline(points: Point[], label: string, width = 120, height = 28): SVGElement {
  const ts = points.map((p) => p.t);
  const x = linearScale([Math.min(...ts), Math.max(...ts)], [1, width - 1]);
  const [y0, y1] = niceDomain(points.map((p) => p.v ?? NaN));
  const y = linearScale([y0, y1], [height - 2, 2]);
  return s('svg', { viewBox: `0 0 ${width} ${height}`, class: 'sparkline', role: 'img', 'aria-label': label, width, height },
    s('path', { class: 'line series-0', d: linePath(points, x, y) }));
}

/** A bar filled to ratio (0..1) with the value as text beside it. */
export function bar(ratio: number, label: string, testid?: string): HTMLElement {
  const r = Number.isFinite(ratio) ? Math.max(0, Math.min(1, ratio)) : 0;
  const fill = h('span', { class: 'bar-fill' });
  fill.style.setProperty('width', `${(r * 100).toFixed(1)}%`);
  return h('span', { class: 'bar', role: 'meter', 'aria-valuemin': 0, 'aria-valuemax': 1, 'aria-valuenow': r, 'aria-label': label, 'data-testid': testid },
    h('span', { class: 'bar-track' }, fill), h('span', { class: 'bar-label' }, label));
}
