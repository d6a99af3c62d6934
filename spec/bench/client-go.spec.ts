import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildClientGo, clientGoRows } from '../../bench/client-go/index.js';
import type { ClientGoFigure } from '../../bench/client-go/index.js';
import type { BenchRow } from '../../bench/report.js';

const figure = (median: number): { median: number; min: number; max: number } => ({
  median,
  min: median / 2,
  max: median * 2,
});

const row = (id: string, variant: string, unit: string, median: number, facts = {}): BenchRow => ({
  id,
  variant,
  unit,
  ours: figure(median),
  facts,
});

const goFigure = (id: string, variant: string, unit: string, median: number, facts = {}): ClientGoFigure => ({
  id,
  variant,
  unit,
  ...figure(median),
  facts,
});

describe('clientGoRows', () => {
  it("sets client-go's figure as the baseline of every row of the same workload, refined variants included", () => {
    const rows = [
      row('W5', 'end to end, L=2 ms, concurrency 4', 'events/s', 1000, { countsExact: true, timeMs: 5 }),
      row('W5', 'end to end, L=2 ms, concurrency 6', 'events/s', 2000),
      row('W5', 'end to end over HTTP, concurrency 4', 'writes/s', 300),
    ];
    const table = clientGoRows(rows, [goFigure('W5', 'end to end, L=2 ms', 'events/s', 250, { kept: 10 })]);
    expect(table.map((r) => [r.variant, r.baseline?.median, r.ratio])).toEqual([
      ['end to end, L=2 ms, concurrency 4', 250, { kind: 'speedup', value: 4 }],
      ['end to end, L=2 ms, concurrency 6', 250, { kind: 'speedup', value: 8 }],
    ]);
    expect(table[0]?.facts).toEqual({ countsExact: true, 'clientGo.kept': 10 });
  });

  it('reads a cost per call the other way round: fewer nanoseconds is the higher ratio', () => {
    const table = clientGoRows(
      [row('W6', 'recorder call', 'ns/call', 500)],
      [goFigure('W6', 'recorder call', 'ns/call', 2000)],
    );
    expect(table[0]?.ratio).toEqual({ kind: 'speedup', value: 4 });
  });

  it('reads memory as a cost: ours ÷ client-go bytes', () => {
    const table = clientGoRows(
      [row('W7', 'memory, correlator after W2', 'bytes', 3000)],
      [goFigure('W7', 'memory, correlator after W2', 'bytes', 4000)],
    );
    expect(table[0]?.ratio).toEqual({ kind: 'cost', value: 0.75 });
  });

  it('leaves out rows client-go has no figure for, and figures that match no row', () => {
    const table = clientGoRows([row('W7', 'memory', 'bytes', 1)], [goFigure('W1', 'fan-out N=1', 'deliveries/s', 1)]);
    expect(table).toEqual([]);
  });
});

describe('buildClientGo', () => {
  const saved = process.env['RX_KUBE_CACHE'];
  let empty: string | undefined;
  afterEach(() => {
    if (saved === undefined) delete process.env['RX_KUBE_CACHE'];
    else process.env['RX_KUBE_CACHE'] = saved;
    if (empty !== undefined) rmSync(empty, { recursive: true });
  });

  it('says why when there is no kubernetes tree to build in', () => {
    empty = mkdtempSync(join(tmpdir(), 'rx-kube-cache-'));
    process.env['RX_KUBE_CACHE'] = empty;
    const built = buildClientGo();
    expect(built).toEqual({ reason: expect.stringContaining('kube-apiserver.sh --build makes them') as unknown });
  });
});
