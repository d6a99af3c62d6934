import { describe, expect, it } from 'vitest';
import { combineRounds, formatTable } from '../../bench/report.js';
import type { BenchRow } from '../../bench/report.js';
import { roundsArgument, runRounds } from '../../bench/run.js';
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
    // Round 2 ran in a slow moment of the machine for our side only; the medians alone would pair round 1's 800
    // with round 3's 300 (2.67×).
    const [row] = combineRounds([[w2(800, 200)], [w2(400, 400)], [w2(900, 300)]]);
    expect(row?.ratio).toEqual({ kind: 'speedup', value: 3, min: 1, max: 4, rounds: [4, 1, 3] });
    expect(row?.ours).toEqual({ median: 800, min: 390, max: 910 });
    expect(row?.baseline).toEqual({ median: 300, min: 180, max: 420 });
  });

  it('reads an even count of rounds the same whether the ratio is a cost or a speedup', () => {
    const cost = (value: number): BenchRow => ({ ...w2(1, 1), ratio: { kind: 'cost', value } });
    const speedup = (value: number): BenchRow => ({ ...w2(1, 1), ratio: { kind: 'speedup', value } });
    const [asCost] = combineRounds([[cost(1)], [cost(1 / 3)]]);
    const [asSpeedup] = combineRounds([[speedup(1)], [speedup(3)]]);
    expect(asCost?.ratio?.value).toBeCloseTo(1 / Math.sqrt(3));
    expect(asSpeedup?.ratio?.value).toBeCloseTo(Math.sqrt(3));
  });

  it('keeps the ratio of the rounds that have one, when the first round has none', () => {
    const withoutRatio: BenchRow = { ...w2(800, 400), ratio: undefined };
    const [row] = combineRounds([[withoutRatio], [w2(800, 400)], [w2(900, 300)], [w2(800, 200)]]);
    expect(row?.ratio).toEqual({ kind: 'speedup', value: 3, min: 2, max: 4, rounds: [2, 3, 4] });
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

  it('keeps a correctness fact true only when it held in every round; a number is the median, with its range', () => {
    const [row] = combineRounds([
      [w2(800, 400, { countsExact: true, lost: 0, writes: 1000, server: 'v1.20.2', calls: 500 })],
      [w2(800, 400, { countsExact: false, lost: 3, writes: 1010.123, server: 'v1.21.0', calls: 500 })],
      [w2(800, 400, { countsExact: true, lost: 0, writes: 1004, server: 'v1.20.2', calls: 500 })],
    ]);
    expect(row?.facts).toEqual({
      countsExact: false,
      // The median alone would hide round 2's three lost events.
      lost: 0,
      lostRange: '0–3',
      writes: 1004,
      writesRange: '1000–1010.12',
      server: 'v1.20.2 | v1.21.0',
      calls: 500,
      metRounds: '3/3',
    });
  });

  it('counts the verdicts of the rounds that gave one', () => {
    const noVerdict: BenchRow = { ...w2(700, 400), met: undefined };
    const [row] = combineRounds([[w2(800, 400)], [noVerdict], [w2(700, 400)]]);
    expect(row?.met).toBe(false);
    expect(row?.facts?.['metRounds']).toBe('1/2');
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

describe('roundsArgument', () => {
  it('reads --rounds N and --rounds=N, 1 without either, NaN (refused by runRounds) for a missing N', () => {
    expect(roundsArgument(['node', 'run.ts', '--client-go'])).toBe(1);
    expect(roundsArgument(['node', 'run.ts', '--rounds', '5'])).toBe(5);
    expect(roundsArgument(['node', 'run.ts', '--rounds=3', '--tiny'])).toBe(3);
    expect(roundsArgument(['node', 'run.ts', '--rounds'])).toBeNaN();
    expect(roundsArgument(['node', 'run.ts', '--rounds=x'])).toBeNaN();
  });
});
