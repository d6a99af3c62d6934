import type { Figure } from './harness.js';
import { summarize } from './harness.js';

/** How big a run is: `full` is WORKLOADS.md's setup; `tiny` only checks that every workload still runs. */
export type BenchSize = 'full' | 'tiny';

/** One line of the results table: a workload variant, our figure and the baseline's from the same run. */
export interface BenchRow {
  readonly id: string;
  readonly variant: string;
  readonly unit: string;
  /** Our figure, in `unit`: a rate (higher is better), or a duration or size per thing (lower is better). */
  readonly ours: Figure;
  readonly baseline?: Figure | undefined;
  /**
   * How we compare with the baseline, as the target is phrased: `cost` = what a unit of work costs us relative to
   * the baseline (lower is better), `speedup` = its inverse (higher is better). Over several rounds
   * ({@link combineRounds}), `value` is the median of the rounds' ratios, `min`…`max` their range and `rounds`
   * each measured round's, in order.
   */
  readonly ratio?:
    | {
        readonly kind: 'cost' | 'speedup';
        readonly value: number;
        readonly min?: number;
        readonly max?: number;
        readonly rounds?: readonly number[];
      }
    | undefined;
  readonly target?: string | undefined;
  readonly met?: boolean | undefined;
  /** Workload-specific facts: counts, correctness checks, bytes. */
  readonly facts?: Readonly<Record<string, number | string | boolean>> | undefined;
}

/** A workload variant that could not be measured here, and why (e.g. W7 without `--expose-gc`). */
export interface NotMeasured {
  readonly id: string;
  readonly variant: string;
  readonly reason: string;
}

/**
 * The ratio of two medians as the target is phrased. `better` says which way the figures go: `'higher'` for rates,
 * `'lower'` for durations and sizes per thing.
 */
export function compare(
  ours: Figure,
  baseline: Figure,
  kind: 'cost' | 'speedup',
  better: 'higher' | 'lower' = 'higher',
): { kind: 'cost' | 'speedup'; value: number } {
  const speedup = better === 'higher' ? ours.median / baseline.median : baseline.median / ours.median;
  return { kind, value: kind === 'speedup' ? speedup : 1 / speedup };
}

/**
 * One row for each workload variant of several rounds of the same run (`--rounds N`), each round its figure and its
 * baseline's measured side by side, so that a slow stretch of the machine falls on both sides of a round's ratio:
 *
 * - `ours` and `baseline`: the median of the rounds' medians, and the slowest and fastest repetition of any round;
 * - `ratio`: the median of the rounds' own ratios (a ratio of medians taken from different rounds would pair one
 *   moment of the machine with another), with their range and each measured round's; for an even count, the
 *   geometric mean of the middle two, so a cost's median is the inverse of the speedup's;
 * - `met`: met in more than half of the rounds, and the fact `metRounds` says in how many (`"2/3"`);
 * - facts: a `true` only when it held in every round (a count was exact, the writes in order), a number the median
 *   of the rounds' with `<name>Range` beside it (`"0–3"`) when the rounds differ, so a count of lost events in one
 *   round shows; text the rounds' texts when they differ;
 * - `rounds`: the rounds the row was measured in, when a round left it out (a workload that could not run).
 *
 * An odd number of rounds has a median round, so its `met` and its `ratio` agree.
 */
export function combineRounds(rounds: readonly (readonly BenchRow[])[]): BenchRow[] {
  const byVariant = new Map<string, BenchRow[]>();
  for (const row of rounds.flat()) {
    const key = `${row.id}\u0000${row.variant}`;
    const same = byVariant.get(key);
    if (same === undefined) byVariant.set(key, [row]);
    else same.push(row);
  }
  return [...byVariant.values()].map((same) => combineRow(same, rounds.length));
}

function combineRow(same: readonly BenchRow[], rounds: number): BenchRow {
  const [first] = same as [BenchRow, ...BenchRow[]];
  if (same.length === 1 && rounds === 1) return first;
  const baselines = same.flatMap((row) => (row.baseline ? [row.baseline] : []));
  const ratios = same.flatMap((row) => (row.ratio ? [row.ratio.value] : []));
  const kind = same.find((row) => row.ratio !== undefined)?.ratio?.kind;
  const verdicts = same.flatMap((row) => (row.met === undefined ? [] : [row.met]));
  const met = verdicts.filter(Boolean).length;
  return {
    id: first.id,
    variant: first.variant,
    unit: first.unit,
    ours: combineFigures(same.map((row) => row.ours)),
    ...(baselines.length > 0 ? { baseline: combineFigures(baselines) } : {}),
    ...(kind === undefined
      ? {}
      : {
          ratio: {
            kind,
            value: medianRatio(ratios),
            min: Math.min(...ratios),
            max: Math.max(...ratios),
            rounds: ratios,
          },
        }),
    ...(first.target === undefined ? {} : { target: first.target }),
    ...(verdicts.length > 0 ? { met: met > verdicts.length / 2 } : {}),
    facts: {
      ...combineFacts(same.map((row) => row.facts ?? {})),
      ...(verdicts.length > 0 ? { metRounds: `${String(met)}/${String(verdicts.length)}` } : {}),
      ...(same.length < rounds ? { rounds: same.length } : {}),
    },
  };
}

/** The middle ratio; of an even count, the geometric mean of the middle two (the same read as a cost or a speedup). */
function medianRatio(ratios: readonly number[]): number {
  const sorted = [...ratios].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : Math.sqrt(sorted[mid - 1]! * sorted[mid]!);
}

const rounded = (n: number): string => String(Math.round(n * 100) / 100);

function combineFigures(figures: readonly Figure[]): Figure {
  return {
    median: summarize(figures.map((figure) => figure.median)).median,
    min: Math.min(...figures.map((figure) => figure.min)),
    max: Math.max(...figures.map((figure) => figure.max)),
  };
}

function combineFacts(
  facts: readonly Readonly<Record<string, number | string | boolean>>[],
): Record<string, number | string | boolean> {
  const names = [...new Set(facts.flatMap((each) => Object.keys(each)))];
  return Object.fromEntries(
    names.flatMap((name): [string, number | string | boolean][] => {
      const values = facts.flatMap((each) => (name in each ? [each[name]!] : []));
      if (values.every((value) => typeof value === 'number')) {
        const { median, min, max } = summarize(values);
        return min === max
          ? [[name, median]]
          : [
              [name, median],
              [`${name}Range`, `${rounded(min)}–${rounded(max)}`],
            ];
      }
      if (values.every((value) => typeof value === 'boolean')) return [[name, values.every(Boolean)]];
      return [[name, [...new Set(values.map(String))].join(' | ')]];
    }),
  );
}

const si = (n: number): string =>
  n >= 1e6 ? `${(n / 1e6).toFixed(2)} M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} k` : n.toFixed(n < 10 ? 2 : 0);

const ratioRange = ({ min, max }: { min?: number; max?: number }): string =>
  min === undefined || max === undefined ? '' : ` (${min.toFixed(2)}–${max.toFixed(2)})`;

/** Renders rows as a fixed-width table. */
export function formatTable(rows: readonly BenchRow[]): string {
  const header = ['workload', 'ours', 'baseline', 'ratio', 'target', 'facts'];
  const cells = rows.map((r) => [
    `${r.id} ${r.variant}`,
    `${si(r.ours.median)} ${r.unit}`,
    r.baseline ? `${si(r.baseline.median)} ${r.unit}` : '—',
    r.ratio ? `${r.ratio.value.toFixed(2)}× ${r.ratio.kind}${ratioRange(r.ratio)}` : '—',
    r.target ? `${r.target} ${r.met === undefined ? '' : r.met ? '✓' : '✗'}`.trim() : '—',
    Object.entries(r.facts ?? {})
      .map(([k, v]) => `${k}=${typeof v === 'number' ? Math.round(v * 100) / 100 : String(v)}`)
      .join(' '),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]?.length ?? 0)));
  const line = (c: readonly string[]): string =>
    c
      .map((x, i) => x.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}
