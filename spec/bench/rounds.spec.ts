import { describe, expect, it } from 'vitest';
import { combineRounds, formatTable } from '../../bench/report.js';
import type { BenchRow } from '../../bench/report.js';
import { runRounds } from '../../bench/run.js';
import type { BenchResult } from '../../bench/run.js';

const w2 = (ours: number, clientGo: number, facts: BenchRow['facts'] = {}): BenchRow => ({
  id: 'W2',
  variant: 'correlate, all unique',
  unit: 'events/s',
  ours: { median: ours, min: ours - 10, max: ours + 10 },
  baseline: { median: clientGo, min: clientGo - 20, max: clientGo + 20 },
  ratio: { kind: 'speedup', value: ours / clientGo },
  target: '≥ 2× client-go',
  met: ours / clientGo >= 2,
  facts,
});

describe('combineRounds', () => {
  it("takes the median of the rounds' own ratios, not the ratio of medians from different rounds", () => {
    // The machine slowed down in round 2: both sides at half speed, the ratio unchanged.
    const [row] = combineRounds([[w2(800, 400)], [w2(400, 210)], [w2(900, 400)]]);
    expect(row?.ratio).toEqual({ kind: 'speedup', value: 2, min: 400 / 210, max: 2.25, rounds: [2, 400 / 210, 2.25] });
    // Alone, the medians would pair round 1's 800 with round 3's 400.
    expect(row?.ours).toEqual({ median: 800, min: 390, max: 910 });
    expect(row?.baseline).toEqual({ median: 400, min: 190, max: 420 });
  });

  it('says a target is met when more than half of the rounds met it, and in how many', () => {
    const [twoOfThree] = combineRounds([[w2(800, 400)], [w2(700, 400)], [w2(900, 400)]]);
    expect(twoOfThree?.met).toBe(true);
    expect(twoOfThree?.facts?.['metRounds']).toBe('2/3');
    const [oneOfThree] = combineRounds([[w2(800, 400)], [w2(700, 400)], [w2(600, 400)]]);
    expect(oneOfThree?.met).toBe(false);
    expect(oneOfThree?.facts?.['metRounds']).toBe('1/3');
    const [half] = combineRounds([[w2(800, 400)], [w2(700, 400)]]);
    expect(half?.met).toBe(false);
  });

  it('keeps a correctness fact true only when it held in every round; numbers are their median', () => {
    const [row] = combineRounds([
      [w2(800, 400, { countsExact: true, lost: 0, writes: 1000, server: 'v1.20.2' })],
      [w2(800, 400, { countsExact: false, lost: 3, writes: 1010, server: 'v1.20.2' })],
      [w2(800, 400, { countsExact: true, lost: 0, writes: 1004, server: 'v1.20.2' })],
    ]);
    expect(row?.facts).toMatchObject({ countsExact: false, lost: 0, writes: 1004, server: 'v1.20.2' });
  });

  it('says in how many rounds a row was measured when a round left it out, and keeps every variant', () => {
    const w3: BenchRow = { ...w2(1, 1), id: 'W3', variant: 'correlate, all duplicate' };
    const rows = combineRounds([[w2(800, 400), w3], [w2(800, 400)], [w2(800, 400)]]);
    expect(rows.map((row) => [row.id, row.facts?.['rounds']])).toEqual([
      ['W2', undefined],
      ['W3', 1],
    ]);
  });

  it('leaves the rows of a single round as they were', () => {
    const row = w2(800, 400, { lost: 0 });
    expect(combineRounds([[row]])).toEqual([row]);
  });

  it("prints the rounds' range beside the median ratio", () => {
    const table = formatTable(combineRounds([[w2(800, 400)], [w2(600, 400)], [w2(900, 400)]]));
    expect(table).toContain('2.00× speedup (1.50–2.25)');
  });
});

describe('runRounds', () => {
  const result = (ratio: number): BenchResult => ({
    size: 'tiny',
    date: '2026-12-02T09:00:00.000Z',
    machine: { cpuModel: 'cpu', cpuCount: 2, totalMemoryBytes: 2 ** 30, node: 'v20.20.2' },
    rows: [w2(400 * ratio, 400)],
    notMeasured: [{ id: 'burst', variant: 'kube-apiserver v1.20.2', reason: 'no kube-apiserver for this run' }],
    clientGo: [w2(400 * ratio, 400)],
  });

  it('runs the whole bench once a round and combines our rows and the client-go rows alike', async () => {
    const ratios = [2.5, 1.5, 2.1];
    let runs = 0;
    const combined = await runRounds(3, () => Promise.resolve(result(ratios[runs++]!)));
    expect(runs).toBe(3);
    expect(combined.rounds).toBe(3);
    expect(combined.rows[0]?.ratio?.value).toBeCloseTo(2.1);
    expect(combined.clientGo?.[0]?.ratio).toMatchObject({ min: 1.5, max: 2.5 });
    expect(combined.clientGo?.[0]?.ratio?.value).toBeCloseTo(2.1);
    // The same reason in every round is said once.
    expect(combined.notMeasured).toHaveLength(1);
  });

  it('refuses a count of rounds that is not a whole number of at least one, before running anything', async () => {
    let runs = 0;
    const once = (): Promise<BenchResult> => Promise.resolve(result(runs++));
    for (const bad of [0, -1, 1.5, Number.NaN]) {
      await expect(runRounds(bad, once)).rejects.toThrow(/--rounds takes a whole number of rounds, 1 or more/);
    }
    expect(runs).toBe(0);
  });
});
