import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csvCell, toCsv } from '../src/lib/csv';
import { auditCsv } from '../src/views/admin/view';

test('cells are quoted and quotes doubled', () => {
  assert.equal(csvCell('plain'), '"plain"');
  assert.equal(csvCell('a "b", c\nd'), '"a ""b"", c\nd"');
  assert.equal(csvCell(null), '""');
  assert.equal(csvCell(42), '"42"');
});

test('a cell a spreadsheet would evaluate is prefixed with a quote', () => {
  for (const payload of ['=HYPERLINK("http://x")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1']) {
    const cell = csvCell(payload);
    assert.ok(cell.startsWith(`"'`), cell);
  }
  assert.equal(csvCell('a=b'), '"a=b"');
});

test('the audit export has a header, one line per record and CRLF line ends', () => {
  const csv = auditCsv([
    { time: '2026-01-01T00:00:00Z', actor: 'oidc:=cmd', tenant: 'demo', action: 'query.spans.search', parameters: { service: '=evil()', limit: '10' }, outcome: 'ok', resultCount: 3 },
  ]);
  const lines = csv.split('\r\n');
  assert.equal(lines[0], '"time","actor","tenant","action","parameters","outcome","resultCount"');
  assert.equal(lines[1], '"2026-01-01T00:00:00Z","oidc:=cmd","demo","query.spans.search","service==evil(); limit=10","ok","3"');
  assert.equal(lines[2], '');
  assert.equal(toCsv(['a'], [['-1']]), '"a"\r\n"\'-1"\r\n');
});
