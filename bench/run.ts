import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { KubeConfig } from '@kubernetes/client-node';
import { buildClientGo, clientGoRows, runClientGo } from './client-go/index.js';
import { collectGarbage } from './harness.js';
import { formatTable } from './report.js';
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
}

/**
 * Runs every workload of WORKLOADS.md, each beside its baseline, in this process: `full` at WORKLOADS.md's sizes,
 * `tiny` (a few seconds) only to check that every workload still runs and its correctness facts hold.
 */
export async function runBench(size: BenchSize): Promise<BenchResult> {
  const date = new Date().toISOString();
  const rows: BenchRow[] = [];
  const workloads = [
    w1Fanout,
    w2CorrelateUnique,
    w3CorrelateDuplicate,
    w4CorrelateSimilar,
    w5EndToEnd,
    w5Http,
    w6RecorderCall,
    w8EventsV1,
  ];
  for (const workload of workloads) {
    collectGarbage();
    rows.push(...(await workload(size)));
  }
  collectGarbage();
  const memory = w7Memory(size);
  rows.push(...memory.rows);
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
 * `--client-go`: builds the client-go v1.20.2 program, runs it on W1–W6 (and, when `.ci/kube-apiserver.sh` started a
 * kube-apiserver for this run, ours and its burst and plain writer against that server), and sets its figures
 * beside ours. What cannot run here is reported as not measured.
 */
export async function withClientGo(result: BenchResult): Promise<BenchResult> {
  const kubeconfig = process.env['RX_KUBE_E2E_KUBECONFIG'];
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
  }
  const built = buildClientGo();
  if ('reason' in built) {
    notMeasured.push({ id: 'client-go', variant: 'every workload', reason: built.reason });
    return { ...result, rows, notMeasured, clientGo: [] };
  }
  const figures = runClientGo(built.binary, result.size, kubeconfig);
  return { ...result, rows, notMeasured, clientGo: clientGoRows(rows, figures) };
}

/** The table `npm run bench` prints. */
export function formatResult(result: BenchResult): string {
  const { machine } = result;
  return [
    `${result.size} run, ${result.date}: ${machine.cpuModel} × ${String(machine.cpuCount)}, ` +
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

async function main(): Promise<void> {
  const size: BenchSize = process.argv.includes('--tiny') ? 'tiny' : 'full';
  const clientGo = process.argv.includes('--client-go');
  const plain = await runBench(size);
  const result = clientGo ? await withClientGo(plain) : plain;
  process.stdout.write(`${formatResult(result)}\n`);
  // Only a full run stands for this machine; a tiny run's figures mean nothing.
  if (size === 'full') {
    const file = resultsFile(clientGo);
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(`\nwritten to ${file}\n`);
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) await main();
