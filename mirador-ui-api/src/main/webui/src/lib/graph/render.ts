// SVG of a laid-out graph: nodes are links (keyboard-focusable), edges curves with arrows.
import { h, s } from '../dom';
import { edgeKey, type GraphEdge, type Layout } from './layout';

export interface GraphRenderOptions<E extends GraphEdge> {
  label: string;
  href: (node: string) => string;
  nodeClass?: (node: string) => string;
  nodeNote?: (node: string) => string;
  nodeTitle?: (node: string) => string;
  edgeClass?: (edge: E) => string;
  edgeLabel?: (edge: E) => string;
  /** show edge labels always (else on hover/focus only) */
  labels?: boolean;
  testid?: string;
  nodeWidth?: number;
  nodeHeight?: number;
}

const MARGIN = 16;

function truncate(text: string, max: number): string {
  return text.length > max ? text.slice(0, max - 1) + '…' : text;
}

export function graphSvg<E extends GraphEdge>(layout: Layout, edges: E[], o: GraphRenderOptions<E>): HTMLElement {
  const nw = o.nodeWidth ?? 160;
  const nh = o.nodeHeight ?? 36;
  const W = layout.width + MARGIN * 2;
  const H = layout.height + MARGIN * 2;
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, width: W, height: H, class: 'graph', role: 'group', 'aria-label': o.label });
  svg.appendChild(s('defs', null,
    s('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerUnits: 'userSpaceOnUse', markerWidth: 9, markerHeight: 9, orient: 'auto-start-reverse' },
      s('path', { d: 'M0,0L10,5L0,10z', class: 'arrowhead' }))));
  const edgeLayer = s('g', { class: 'edges' });
  const labelLayer = s('g', { class: o.labels ? 'edge-labels' : 'edge-labels hover-only' });
  for (const e of edges) {
    const a = layout.nodes.get(e.from);
    const b = layout.nodes.get(e.to);
    if (!a || !b) continue;
    let d: string;
    let mx: number;
    let my: number;
    if (e.from === e.to) {
      const x = a.x + MARGIN + nw;
      const y = a.y + MARGIN + nh / 2;
      d = `M${x},${y - 6}c30,-30 30,42 0,12`;
      mx = x + 26;
      my = y;
    } else if (b.layer > a.layer) {
      const x1 = a.x + MARGIN + nw;
      const y1 = a.y + MARGIN + nh / 2;
      const x2 = b.x + MARGIN;
      const y2 = b.y + MARGIN + nh / 2;
      const c = (x2 - x1) / 2;
      d = `M${x1},${y1}C${x1 + c},${y1} ${x2 - c},${y2} ${x2},${y2}`;
      mx = (x1 + x2) / 2;
      my = (y1 + y2) / 2;
    } else {
      // a back edge (cycle) or same layer: arc below the nodes
      const x1 = a.x + MARGIN + nw / 2;
      const y1 = a.y + MARGIN + nh;
      const x2 = b.x + MARGIN + nw / 2;
      const y2 = b.y + MARGIN + nh;
      const dip = 40 + Math.abs(x1 - x2) * 0.15;
      d = `M${x1},${y1}C${x1},${y1 + dip} ${x2},${y2 + dip} ${x2},${y2}`;
      mx = (x1 + x2) / 2;
      my = Math.max(y1, y2) + dip * 0.75;
    }
    const label = o.edgeLabel?.(e) ?? '';
    const cls = `edge ${o.edgeClass?.(e) ?? ''}${layout.reversed.has(edgeKey(e)) ? ' back' : ''}`;
    edgeLayer.appendChild(s('path', { d, class: cls, 'marker-end': 'url(#arrow)' }, s('title', null, `${e.from} → ${e.to}${label ? ': ' + label : ''}`)));
    if (label) {
      // on a forward edge the label sits in the gap just before the callee, clear of the nodes
      // (an edge that skips layers would otherwise put it on a node of a layer in between)
      const forward = b.layer > a.layer;
      const lx = forward ? b.x + MARGIN - layout.gap / 2 : mx;
      const ly = forward && b.layer - a.layer > 1 ? b.y + MARGIN + nh / 2 - 6 : my - 5;
      labelLayer.appendChild(s('text', { x: lx, y: ly, 'text-anchor': 'middle', class: 'edge-label', 'data-edge': `${e.from}→${e.to}` }, label));
    }
  }
  svg.appendChild(edgeLayer);
  svg.appendChild(labelLayer);
  const nodeLayer = s('g', { class: 'nodes' });
  for (const n of layout.nodes.values()) {
    const note = o.nodeNote?.(n.id) ?? '';
    const a = s('a', { href: o.href(n.id), class: o.nodeClass?.(n.id) ?? 'node', 'data-testid': o.testid ?? 'graph-node', 'data-service': n.id, 'aria-label': `${n.id}${note ? ', ' + note : ''}${o.nodeTitle ? ', ' + o.nodeTitle(n.id) : ''}` },
      s('title', null, `${n.id}${o.nodeTitle ? '\n' + o.nodeTitle(n.id) : ''}`),
      s('rect', { x: n.x + MARGIN, y: n.y + MARGIN, width: nw, height: nh, rx: 6 }),
      s('text', { x: n.x + MARGIN + 10, y: n.y + MARGIN + (note ? 15 : nh / 2 + 4) }, truncate(n.id, 22)),
      note ? s('text', { x: n.x + MARGIN + 10, y: n.y + MARGIN + 29, class: 'note' }, note) : null);
    nodeLayer.appendChild(a);
  }
  svg.appendChild(nodeLayer);
  return h('div', { class: 'graph-box' }, svg);
}
