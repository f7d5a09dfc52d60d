import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHTML } from 'linkedom';
import { useDocument } from '../src/lib/dom';
import { areaPath, lineChart, linePath, type Point } from '../src/lib/charts/line';

const { document } = parseHTML('<!doctype html><html><head></head><body></body></html>');
useDocument(document as unknown as Document);

/** The closed sub-shapes of an SVG path, each as its list of [x, y] vertices. */
function shapes(d: string): number[][][] {
  return d.split('M').filter(Boolean).map((part) =>
    part.replace(/Z$/, '').split('L').map((xy) => xy.split(',').map(Number)));
}

const MIN = 60_000;
// two runs of values with a gap of three minutes between them
const GAPPY: Point[] = [
  { t: 0, v: 2 }, { t: MIN, v: 4 }, { t: 2 * MIN, v: 3 },
  { t: 3 * MIN, v: null }, { t: 4 * MIN, v: Number.NaN }, { t: 5 * MIN, v: null },
  { t: 6 * MIN, v: 5 }, { t: 7 * MIN, v: 1 },
];

test('the line breaks at a gap', () => {
  const d = linePath(GAPPY, (t) => t / MIN, (v) => v);
  assert.equal(d, 'M0.0,2.0L1.0,4.0L2.0,3.0M6.0,5.0L7.0,1.0');
});

test('each run of the area closes to the baseline under that run only', () => {
  const d = areaPath(GAPPY, (t) => t / MIN, (v) => 100 - v, 100);
  const parts = shapes(d);
  assert.equal(parts.length, 2, d);
  assert.deepEqual(parts[0], [[0, 100], [0, 98], [1, 96], [2, 97], [2, 100]]);
  assert.deepEqual(parts[1], [[6, 100], [6, 95], [7, 99], [7, 100]]);
  // a lone point between gaps has no width: no area, and no empty path
  assert.equal(areaPath([{ t: 0, v: null }, { t: MIN, v: 3 }, { t: 2 * MIN, v: null }], (t) => t, (v) => v, 0), '');
});

test('the chart\'s area has no wedge across a gap', () => {
  const fig = lineChart({ title: 'latency', series: [{ name: 'p95', points: GAPPY }], from: 0, to: 7 * MIN, yFormat: String, area: true });
  const area = fig.querySelector('path.area');
  const line = fig.querySelector('path.line');
  assert.ok(area && line);
  const areaShapes = shapes(area.getAttribute('d')!);
  const lineRuns = shapes(line.getAttribute('d')!);
  assert.equal(areaShapes.length, 2, 'one closed area per run of values');
  assert.equal(lineRuns.length, 2, 'the line is broken at the gap');
  const base = Math.max(...areaShapes.flat().map(([, y]) => y!));
  areaShapes.forEach((shape, i) => {
    const xs = lineRuns[i]!.map(([x]) => x!);
    const [lo, hi] = [Math.min(...xs), Math.max(...xs)];
    for (const [x] of shape) assert.ok(x! >= lo && x! <= hi, `area ${i} stays within its run's x range [${lo}, ${hi}], got ${x}`);
    assert.deepEqual(shape[0], [lo, base], 'starts on the baseline under the run\'s first point');
    assert.deepEqual(shape[shape.length - 1], [hi, base], 'ends on the baseline under the run\'s last point');
  });
});
