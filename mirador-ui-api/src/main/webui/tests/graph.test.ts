import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crossings, edgeKey, layoutGraph, type GraphEdge } from '../src/lib/graph/layout';

test('a chain lays out left to right, one layer per hop', () => {
  const l = layoutGraph(['a', 'b', 'c', 'd'], [{ from: 'a', to: 'b' }, { from: 'b', to: 'c' }, { from: 'c', to: 'd' }]);
  assert.deepEqual(['a', 'b', 'c', 'd'].map((n) => l.nodes.get(n)!.layer), [0, 1, 2, 3]);
  assert.ok(l.nodes.get('a')!.x < l.nodes.get('d')!.x);
});

test('a cycle is broken by reversing one edge; every other edge points to a later layer', () => {
  const edges: GraphEdge[] = [{ from: 'a', to: 'b' }, { from: 'b', to: 'c' }, { from: 'c', to: 'a' }, { from: 'c', to: 'd' }];
  const l = layoutGraph([], edges);
  assert.equal(l.reversed.size, 1);
  for (const e of edges) {
    const [f, t] = [l.nodes.get(e.from)!.layer, l.nodes.get(e.to)!.layer];
    if (l.reversed.has(edgeKey(e))) assert.ok(f > t);
    else assert.ok(t > f, `${e.from}->${e.to}`);
  }
});

test('self calls and duplicate edges do not disturb the layout', () => {
  const l = layoutGraph(['x'], [{ from: 'x', to: 'x' }, { from: 'x', to: 'y' }, { from: 'x', to: 'y' }]);
  assert.equal(l.nodes.size, 2);
  assert.equal(l.reversed.size, 0);
  assert.equal(l.nodes.get('y')!.layer, 1);
});

test('isolated services are placed too; an empty graph is empty', () => {
  const l = layoutGraph(['lonely', 'a', 'b'], [{ from: 'a', to: 'b' }]);
  assert.equal(l.nodes.size, 3);
  assert.equal(layoutGraph([], []).nodes.size, 0);
});

test('the ordering sweeps remove avoidable crossings', () => {
  // without reordering, a->y and b->x cross (names sort a,b and x,y)
  const edges = [{ from: 'a', to: 'y' }, { from: 'b', to: 'x' }];
  assert.equal(crossings(layoutGraph([], edges, { sweeps: 0 }), edges), 1);
  assert.equal(crossings(layoutGraph([], edges), edges), 0);
});

test('200 services with cycles lay out quickly, each in exactly one position', () => {
  const nodes = Array.from({ length: 200 }, (_, i) => `svc-${i}`);
  const edges: GraphEdge[] = [];
  let seed = 42;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let i = 1; i < 200; i++) edges.push({ from: nodes[Math.floor(rnd() * i)]!, to: nodes[i]! });
  for (let k = 0; k < 400; k++) edges.push({ from: nodes[Math.floor(rnd() * 200)]!, to: nodes[Math.floor(rnd() * 200)]! });
  const t0 = performance.now();
  const l = layoutGraph(nodes, edges);
  const ms = performance.now() - t0;
  assert.equal(l.nodes.size, 200);
  const spots = new Set([...l.nodes.values()].map((p) => `${p.x},${p.y}`));
  assert.equal(spots.size, 200);
  // a guard against quadratic behaviour, not a benchmark
  assert.ok(ms < 2000, `layout took ${ms.toFixed(1)} ms`);
  for (const e of edges) {
    if (e.from === e.to || l.reversed.has(edgeKey(e))) continue;
    assert.ok(l.nodes.get(e.to)!.layer > l.nodes.get(e.from)!.layer);
  }
});

test('a wide layer wraps into columns, all before the next layer', () => {
  const edges: GraphEdge[] = Array.from({ length: 50 }, (_, i) => ({ from: 'root', to: `leaf-${i}` }));
  edges.push({ from: 'leaf-0', to: 'deep' });
  const l = layoutGraph([], edges, { maxRows: 20, nodeWidth: 100, columnGap: 10, layerGap: 200 });
  const leaves = [...l.nodes.values()].filter((n) => n.layer === 1);
  const columns = new Set(leaves.map((n) => n.x));
  assert.equal(columns.size, 3);
  assert.ok(Math.max(...leaves.map((n) => n.y)) < 20 * 56);
  assert.ok(l.nodes.get('deep')!.x > Math.max(...leaves.map((n) => n.x)) + 100);
  const spots = new Set([...l.nodes.values()].map((p) => `${p.x},${p.y}`));
  assert.equal(spots.size, l.nodes.size);
});
