/** The summary `haven demo` prints keeps its year columns apart, however wide the figures get. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatSummary } from './format.ts';
import type { DemoResult } from './generate.ts';
import type { YearFigures } from './summary.ts';

test('every row has one cell per year, separated, even at scale 20', () => {
  // Figures of the size scale 20 produces: every count 18,940 and every percentage 35.1%.
  const year = (label: string): YearFigures =>
    new Proxy({} as YearFigures, { get: (_t, key) => (key === 'year' ? label : String(key).endsWith('Pct') ? 35.1 : 18_940) });
  const result = { years: [year('2023-24'), year('2024-25'), year('2025-26')], counts: { child: 658_121 }, rows: 5_567_264, seconds: 869.3, phases: [], signIns: [] } as unknown as DemoResult;
  const lines = formatSummary('309', 20, 1, result, 'pglite').split('\n');
  const early = lines.find((l) => l.startsWith('  closed / successful and sustained'));
  assert.ok(early);
  assert.deepEqual(early.slice(36).trim().split(/\s{2,}/), ['18,940 / 35.1%', '18,940 / 35.1%', '18,940 / 35.1%']);
  const header = lines.find((l) => l.includes('2023-24'))!;
  assert.deepEqual(header.trim().split(/\s+/), ['2023-24', '2024-25', '2025-26']);
  assert.equal(header.length, early.length, 'the years stand over their columns');
});
