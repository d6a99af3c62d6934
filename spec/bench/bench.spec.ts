import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { runBench } from '../../bench/run.js';
import type { BenchResult } from '../../bench/run.js';
import type { BenchRow } from '../../bench/report.js';

const resultsFile = fileURLToPath(new URL('../../bench/results.json', import.meta.url));

// Figures are never asserted: a tiny run on a shared machine says nothing about speed. What it must show is that
// every workload runs, reports finite positive figures, and keeps the correctness facts the figures stand on.
describe('npm run bench, tiny size', () => {
  let result: BenchResult;
  let resultsBefore: number | undefined;
  /** The workloads `runBench` said it had finished, for client-go's run of each to follow at once. */
  const finished: string[] = [];

  beforeAll(async () => {
    resultsBefore = existsSync(resultsFile) ? statSync(resultsFile).mtimeMs : undefined;
    result = await runBench('tiny', (workload) => finished.push(workload));
  }, 60_000);

  const rows = (id: string): BenchRow[] => result.rows.filter((row) => row.id === id);
  const fact = (row: BenchRow | undefined, name: string): unknown => row?.facts?.[name];

  it('runs every workload: W7 is measured or reported as not measured', () => {
    const ids = new Set(result.rows.map((row) => row.id));
    expect([...ids]).toEqual(expect.arrayContaining(['W1', 'W2', 'W3', 'W4', 'W5', 'W6']));
    const w7NotMeasured = result.notMeasured.filter((entry) => entry.id === 'W7');
    // Inside vitest there is no global.gc unless the pool exposes it; either way W7 says which it is.
    expect(ids.has('W7') !== (w7NotMeasured.length === 1)).toBe(true);
  });

  it("says when each workload client-go's program also runs is done, in order, so client-go's can follow at once", () => {
    expect(finished).toEqual(['w1', 'w2', 'w3', 'w4', 'w5', 'w6', 'w7']);
  });

  it('gives every row finite positive figures for ours and, where there is one, the baseline', () => {
    for (const row of result.rows) {
      for (const figure of [row.ours, ...(row.baseline ? [row.baseline] : [])]) {
        for (const value of [figure.median, figure.min, figure.max]) {
          expect(Number.isFinite(value) && value > 0, `${row.id} ${row.variant}`).toBe(true);
        }
        expect(figure.min).toBeLessThanOrEqual(figure.median);
        expect(figure.median).toBeLessThanOrEqual(figure.max);
      }
      if (row.ratio) expect(Number.isFinite(row.ratio.value) && row.ratio.value > 0).toBe(true);
      if (row.target !== undefined) expect(typeof row.met).toBe('boolean');
    }
  });

  it('has W1 beside its baseline at each watcher count', () => {
    expect(rows('W1').length).toBeGreaterThanOrEqual(2);
    for (const row of rows('W1')) expect(row.baseline).toBeDefined();
  });

  it('counts what the correlator skipped and aggregated', () => {
    const [w3] = rows('W3');
    const [w4] = rows('W4');
    expect(fact(w3, 'skipped')).toBe((fact(w3, 'events') as number) - 25);
    expect(fact(w4, 'aggregated')).toBeGreaterThan(0);
  });

  it('ends W5 in process with every Pod at count 10, the writes in order, and nothing lost', () => {
    const w5 = rows('W5').filter((row) => !row.variant.includes('HTTP'));
    expect(w5.length).toBeGreaterThanOrEqual(2);
    for (const row of w5) {
      expect(fact(row, 'countsExact')).toBe(true);
      expect(fact(row, 'baselineCountsExact')).toBe(true);
      expect(fact(row, 'inOrder')).toBe(true);
      expect(fact(row, 'baselineInOrder')).toBe(true);
      expect(fact(row, 'lost')).toBe(0);
      expect(fact(row, 'baselineLost')).toBe(0);
      // Coalescing: about one write per Pod, never one per event.
      expect(fact(row, 'writes')).toBeLessThan(fact(row, 'events') as number);
    }
  });

  it('ends W8 with every Pod at series count 10, in at most two writes per Pod, in order, nothing lost', () => {
    const w8 = rows('W8');
    expect(w8).toHaveLength(2);
    for (const row of w8) {
      expect(row.baseline).toBeDefined();
      for (const prefix of ['', 'baseline']) {
        const name = (fact: string): string =>
          prefix === '' ? fact : `${prefix}${fact[0]!.toUpperCase()}${fact.slice(1)}`;
        expect(fact(row, name('countsExact'))).toBe(true);
        expect(fact(row, name('inOrder'))).toBe(true);
        expect(fact(row, name('lost'))).toBe(0);
        // The create and one patch with the newest count, per Pod (10 occurrences each).
        expect(fact(row, name('writes'))).toBeLessThanOrEqual((fact(row, 'events') as number) / 5);
      }
    }
  });

  it('ends W5 over HTTP with the server holding every Pod at count 10, each event written in order', () => {
    const [http] = rows('W5').filter((row) => row.variant.includes('HTTP'));
    expect(fact(http, 'countsExact')).toBe(true);
    expect(fact(http, 'inOrder')).toBe(true);
    expect(fact(http, 'lost')).toBe(0);
    expect(fact(http, 'baselineOk')).toBe(true);
    expect(fact(http, 'baselineWrites')).toBe(fact(http, 'writes'));
  });

  it('drops nothing in W6', () => {
    expect(fact(rows('W6')[0], 'dropped')).toBe(0);
  });

  it('never writes bench/results.json', () => {
    expect(existsSync(resultsFile) ? statSync(resultsFile).mtimeMs : undefined).toBe(resultsBefore);
  });
});
