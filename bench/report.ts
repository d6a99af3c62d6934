import type { Figure } from './harness.js';

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
   * the baseline (lower is better), `speedup` = its inverse (higher is better).
   */
  readonly ratio?: { readonly kind: 'cost' | 'speedup'; readonly value: number } | undefined;
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

const si = (n: number): string =>
  n >= 1e6 ? `${(n / 1e6).toFixed(2)} M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} k` : n.toFixed(n < 10 ? 2 : 0);

/** Renders rows as a fixed-width table. */
export function formatTable(rows: readonly BenchRow[]): string {
  const header = ['workload', 'ours', 'baseline', 'ratio', 'target', 'facts'];
  const cells = rows.map((r) => [
    `${r.id} ${r.variant}`,
    `${si(r.ours.median)} ${r.unit}`,
    r.baseline ? `${si(r.baseline.median)} ${r.unit}` : '—',
    r.ratio ? `${r.ratio.value.toFixed(2)}× ${r.ratio.kind}` : '—',
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
