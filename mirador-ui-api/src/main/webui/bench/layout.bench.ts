// Layout timings of the waterfall and the service map (node, no DOM): npm run bench.
import { layoutTrace, type SpanLike } from '../src/lib/waterfall/layout';
import { layoutGraph, type GraphEdge } from '../src/lib/graph/layout';

function trace(n: number): SpanLike[] {
  const out: SpanLike[] = [{ spanId: 's0', parentSpanId: '', startTimeUnixNano: 0, durationNanos: 1e9, name: 'root' }];
  for (let i = 1; i < n; i++) out.push({ spanId: `s${i}`, parentSpanId: `s${Math.floor((i - 1) / 4)}`, startTimeUnixNano: i * 1000, durationNanos: 1e6, name: `op${i % 50}` });
  return out.reverse();
}

function graph(n: number, extra: number): { nodes: string[]; edges: GraphEdge[] } {
  const nodes = Array.from({ length: n }, (_, i) => `svc-${i}`);
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const edges: GraphEdge[] = [];
  for (let i = 1; i < n; i++) edges.push({ from: nodes[Math.floor(rnd() * i)]!, to: nodes[i]! });
  for (let k = 0; k < extra; k++) edges.push({ from: nodes[Math.floor(rnd() * n)]!, to: nodes[Math.floor(rnd() * n)]! });
  return { nodes, edges };
}

function time(label: string, runs: number, f: () => void): void {
  f();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  console.log(`${label.padEnd(40)} median ${ms[Math.floor(ms.length / 2)]!.toFixed(1)} ms, max ${ms[ms.length - 1]!.toFixed(1)} ms (${runs} runs)`);
}

for (const n of [5_000, 10_000, 50_000]) {
  const spans = trace(n);
  time(`waterfall layout, ${n} spans`, 15, () => layoutTrace(spans));
}
for (const [n, extra] of [[200, 400], [1000, 2000]] as const) {
  const g = graph(n, extra);
  time(`map layout, ${n} services, ${g.edges.length} edges`, 15, () => layoutGraph(g.nodes, g.edges, { maxRows: 24 }));
}
