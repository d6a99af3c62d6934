import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Figure } from '../harness.js';
import { compare } from '../report.js';
import type { BenchRow, BenchSize } from '../report.js';

/** One figure of client-go v1.20.2, as `bench/client-go/main.go` prints it (one JSON object per line). */
export interface ClientGoFigure extends Figure {
  readonly id: string;
  readonly variant: string;
  readonly unit: string;
  readonly facts?: Readonly<Record<string, number | string | boolean>> | undefined;
}

const buildScript = fileURLToPath(new URL('./build.sh', import.meta.url));

/**
 * Builds the client-go program (`build.sh`: GOPATH mode inside the kubernetes v1.20.2 tree that
 * `.ci/kube-apiserver.sh` unpacks); resolves to its path, or to why it could not be built.
 */
export function buildClientGo(): { readonly binary: string } | { readonly reason: string } {
  const built = spawnSync('bash', [buildScript], { encoding: 'utf8' });
  if (built.status === 0) return { binary: built.stdout.trim() };
  const why = built.stderr.trim().split('\n').slice(-3).join(' ');
  return { reason: `client-go could not be built: ${why || `build.sh exited ${String(built.status)}`}` };
}

/**
 * Runs the client-go program on `workloads` (`w1`…`w7` in process; `burst` and `plain` need `kubeconfig`, the
 * kube-apiserver they write to).
 */
export function runClientGo(
  binary: string,
  size: BenchSize,
  workloads: readonly string[],
  kubeconfig: string | undefined,
): ClientGoFigure[] {
  const args = [
    '-size',
    size,
    '-only',
    workloads.join(','),
    ...(kubeconfig === undefined ? [] : ['-kubeconfig', kubeconfig]),
  ];
  const run = spawnSync(binary, args, { encoding: 'utf8', maxBuffer: 16 * 2 ** 20 });
  if (run.status !== 0) throw new Error(`client-go bench failed (${String(run.status)}): ${run.stderr.trim()}`);
  return run.stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as ClientGoFigure);
}

/** Whether `figure` measures `row`'s workload: the same id, and the row's variant is the figure's or refines it. */
function measures(figure: ClientGoFigure, row: BenchRow): boolean {
  return figure.id === row.id && (row.variant === figure.variant || row.variant.startsWith(`${figure.variant},`));
}

/**
 * Ours against client-go's: a speedup for rates and costs per call (fewer nanoseconds is the higher ratio), and for
 * memory the cost, ours ÷ client-go's bytes, as W7's target is phrased.
 */
function ratioTo(row: BenchRow, baseline: Figure): BenchRow['ratio'] {
  if (row.unit === 'bytes') return compare(row.ours, baseline, 'cost', 'lower');
  return compare(row.ours, baseline, 'speedup', row.unit.startsWith('ns/') ? 'lower' : 'higher');
}

/**
 * Our rows beside client-go's figure for the same workload, which becomes the baseline; a row client-go has no figure
 * for is left out. Facts are client-go's (prefixed `clientGo.`), plus ours that say whether counts stayed exact.
 */
export function clientGoRows(rows: readonly BenchRow[], figures: readonly ClientGoFigure[]): BenchRow[] {
  return rows.flatMap((row) => {
    const figure = figures.find((f) => measures(f, row));
    if (figure === undefined) return [];
    const baseline: Figure = { median: figure.median, min: figure.min, max: figure.max };
    const ours = row.facts ?? {};
    return [
      {
        id: row.id,
        variant: row.variant,
        unit: row.unit,
        ours: row.ours,
        baseline,
        ratio: ratioTo(row, baseline),
        facts: {
          ...Object.fromEntries(
            ['countsExact', 'lost', 'skipped', 'aggregated'].filter((k) => k in ours).map((k) => [k, ours[k]!]),
          ),
          ...Object.fromEntries(Object.entries(figure.facts ?? {}).map(([k, v]) => [`clientGo.${k}`, v])),
        },
      },
    ];
  });
}
