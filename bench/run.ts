import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { KubeConfig } from '@kubernetes/client-node';
import { buildClientGo, clientGoRows, runClientGo } from './client-go/index.js';
import type { ClientGoFigure } from './client-go/index.js';
import { collectGarbage } from './harness.js';
import { combineRounds, formatTable } from './report.js';
import type { BenchRow, BenchSize, NotMeasured } from './report.js';
import { w1Fanout } from './workloads/w1-fanout.js';
import { w2CorrelateUnique } from './workloads/w2-correlate-unique.js';
import { w3CorrelateDuplicate } from './workloads/w3-correlate-duplicate.js';
import { w4CorrelateSimilar } from './workloads/w4-correlate-similar.js';
import { w5EndToEnd } from './workloads/w5-end-to-end.js';
import { w5Http } from './workloads/w5-http.js';
import { w6RecorderCall } from './workloads/w6-recorder-call.js';
import { w8EventsV1 } from './workloads/w8-events-v1.js';
import { kubeApiserverRows } from './workloads/kube-apiserver.js';
import { w7Memory } from './workloads/w7-memory.js';

/** Where the machine ran the benchmark. */
export interface Machine {
  readonly cpuModel: string;
  readonly cpuCount: number;
  readonly totalMemoryBytes: number;
  readonly node: string;
}

/** One run of every workload: the rows, what could not be measured here, and where and when it ran. */
export interface BenchResult {
  readonly size: BenchSize;
  readonly date: string;
  readonly machine: Machine;
  readonly rows: BenchRow[];
  readonly notMeasured: NotMeasured[];
  /** With `--client-go`: our rows beside client-go v1.20.2's figures from the same run, theirs as the baseline. */
  readonly clientGo?: BenchRow[] | undefined;
  /** With `--rounds N`: how many times every workload ran, each time beside its baselines ({@link runRounds}). */
  readonly rounds?: number | undefined;
}

/**
 * Runs every workload of WORKLOADS.md, each beside its baseline, in this process: `full` at WORKLOADS.md's sizes,
 * `tiny` (a few seconds) only to check that every workload still runs and its correctness facts hold.
 *
 * @param after - called after each workload that client-go's program also runs, with the name it knows it by
 *   (`w1`…`w7`), so that its figure can be measured right after ours rather than minutes later
 */
export async function runBench(size: BenchSize, after?: (clientGoWorkload: string) => void): Promise<BenchResult> {
  const date = new Date().toISOString();
  const rows: BenchRow[] = [];
  const workloads: [clientGoWorkload: string | undefined, run: (size: BenchSize) => Promise<BenchRow[]>][] = [
    ['w1', w1Fanout],
    ['w2', w2CorrelateUnique],
    ['w3', w3CorrelateDuplicate],
    ['w4', w4CorrelateSimilar],
    ['w5', w5EndToEnd],
    [undefined, w5Http],
    ['w6', w6RecorderCall],
    [undefined, w8EventsV1],
  ];
  for (const [clientGoWorkload, workload] of workloads) {
    collectGarbage();
    rows.push(...(await workload(size)));
    if (clientGoWorkload !== undefined) after?.(clientGoWorkload);
  }
  collectGarbage();
  const memory = w7Memory(size);
  rows.push(...memory.rows);
  after?.('w7');
  const cpu = cpus();
  return {
    size,
    date,
    machine: {
      cpuModel: cpu[0]?.model ?? 'unknown',
      cpuCount: cpu.length,
      totalMemoryBytes: totalmem(),
      node: process.version,
    },
    rows,
    notMeasured: memory.notMeasured,
  };
}

/**
 * `--client-go`: builds the client-go v1.20.2 program, and runs every workload (and, when `.ci/kube-apiserver.sh`
 * started a kube-apiserver for this run, ours against that server) with client-go's run of the same workload right
 * after ours, seconds apart, so that a slow stretch of the machine falls on both; sets its figures beside ours. What
 * cannot run here is reported as not measured.
 */
export async function runWithClientGo(size: BenchSize): Promise<BenchResult> {
  const kubeconfig = process.env['RX_KUBE_E2E_KUBECONFIG'];
  const built = buildClientGo();
  const figures: ClientGoFigure[] = [];
  const clientGo = (workloads: readonly string[]): void => {
    if (!('reason' in built)) figures.push(...runClientGo(built.binary, size, workloads, kubeconfig));
  };
  const result = await runBench(size, (workload) => {
    clientGo([workload]);
  });
  const rows = [...result.rows];
  const notMeasured = [...result.notMeasured];
  if (kubeconfig === undefined) {
    notMeasured.push({
      id: 'burst',
      variant: 'kube-apiserver v1.20.2',
      reason: 'no kube-apiserver for this run: `npm run bench:client-go` starts one',
    });
  } else {
    const kc = new KubeConfig();
    kc.loadFromFile(kubeconfig);
    rows.push(...(await kubeApiserverRows(result.size, kc)));
    clientGo(['burst', 'plain']);
  }
  if ('reason' in built) {
    notMeasured.push({ id: 'client-go', variant: 'every workload', reason: built.reason });
    return { ...result, rows, notMeasured, clientGo: [] };
  }
  return { ...result, rows, notMeasured, clientGo: clientGoRows(rows, figures) };
}

/**
 * `--rounds N`: the whole run `once` (every workload beside its baselines, and client-go's) N times over, one row per
 * variant from the rounds' figures ({@link combineRounds}: the median of the rounds' ratios, with their range). A
 * ratio between two figures taken seconds apart moves with the machine's moment; its median over rounds says which
 * side of a target a workload is on, where one run can land on either.
 */
export async function runRounds(rounds: number, once: () => Promise<BenchResult>): Promise<BenchResult> {
  if (!Number.isInteger(rounds) || rounds < 1) {
    throw new RangeError(`--rounds takes a whole number of rounds, 1 or more (got ${String(rounds)})`);
  }
  const results: BenchResult[] = [];
  for (let round = 0; round < rounds; round++) results.push(await once());
  const [first] = results as [BenchResult, ...BenchResult[]];
  if (rounds === 1) return first;
  const clientGo = results.map((result) => result.clientGo ?? []);
  const notMeasured = new Map(results.flatMap((r) => r.notMeasured).map((entry) => [JSON.stringify(entry), entry]));
  return {
    ...first,
    rows: combineRounds(results.map((result) => result.rows)),
    notMeasured: [...notMeasured.values()],
    ...(first.clientGo === undefined ? {} : { clientGo: combineRounds(clientGo) }),
    rounds,
  };
}

/** The table `npm run bench` prints. */
export function formatResult(result: BenchResult): string {
  const { machine } = result;
  const rounds = result.rounds === undefined ? '' : `, ${String(result.rounds)} rounds (medians of their ratios)`;
  return [
    `${result.size} run, ${result.date}${rounds}: ${machine.cpuModel} × ${String(machine.cpuCount)}, ` +
      `${(machine.totalMemoryBytes / 2 ** 30).toFixed(1)} GiB, Node ${machine.node}`,
    '',
    formatTable(result.rows),
    ...result.notMeasured.map(({ id, variant, reason }) => `${id} ${variant}: not measured (${reason})`),
    ...(result.clientGo && result.clientGo.length > 0
      ? ['', 'client-go v1.20.2 as the baseline (same run; ratio: ours ÷ client-go, higher is better):', '']
      : []),
    ...(result.clientGo && result.clientGo.length > 0 ? [formatTable(result.clientGo)] : []),
  ].join('\n');
}

const resultsFile = (clientGo: boolean): string =>
  fileURLToPath(new URL(clientGo ? './results-client-go.json' : './results.json', import.meta.url));

/** `--rounds N` or `--rounds=N` (1 without either); `NaN` for a missing or non-numeric N, which `runRounds` refuses. */
export function roundsArgument(argv: readonly string[]): number {
  const at = argv.findIndex((arg) => arg === '--rounds' || arg.startsWith('--rounds='));
  if (at === -1) return 1;
  const arg = argv[at]!;
  return Number(arg === '--rounds' ? (argv[at + 1] ?? Number.NaN) : arg.slice('--rounds='.length));
}

async function main(): Promise<void> {
  const size: BenchSize = process.argv.includes('--tiny') ? 'tiny' : 'full';
  const clientGo = process.argv.includes('--client-go');
  const rounds = roundsArgument(process.argv);
  const result = await runRounds(rounds, () => (clientGo ? runWithClientGo(size) : runBench(size)));
  process.stdout.write(`${formatResult(result)}\n`);
  // Only a full run stands for this machine; a tiny run's figures mean nothing.
  if (size === 'full') {
    const file = resultsFile(clientGo);
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(`\nwritten to ${file}\n`);
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) await main();
