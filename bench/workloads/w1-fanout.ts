import { share, Subject } from 'rxjs';
import { Broadcaster } from 'rx-kube-events';
import { rate, time } from '../harness.js';
import type { Timing } from '../harness.js';
import { compare } from '../report.js';
import type { BenchRow, BenchSize } from '../report.js';

interface Small {
  readonly i: number;
}

/**
 * W1: a broadcaster in `'wait'` mode with queue length 1000 and N counting watchers; the producer sends every event
 * with `action()` and awaits the last one (the FIFO makes that the moment every watcher has everything). Baseline: a
 * bare `Subject` with N counting subscribers.
 *
 * Beside them, as facts, the floor of the broadcaster's shape: a bare `Subject` piped through N `share()`s, each with
 * one counting subscriber: the primitives alone, without a gate, backlog or counters (`floorCost`: its cost over the
 * baseline; `vsFloor`: ours over it).
 */
export async function w1Fanout(size: BenchSize): Promise<BenchRow[]> {
  const total = size === 'full' ? 100_000 : 1_000;
  const watcherCounts = size === 'full' ? [1, 10, 100] : [1, 10];
  const events: Small[] = Array.from({ length: total }, (_, i) => ({ i }));
  const rows: BenchRow[] = [];
  for (const n of watcherCounts) {
    let counts: number[] = [];
    const counters = (): (() => void)[] => {
      counts = Array.from({ length: n }, () => 0);
      return counts.map((_, j) => () => {
        counts[j]!++;
      });
    };
    let broadcaster: Broadcaster<Small> | undefined;
    const ours = await time(
      async () => {
        const b = broadcaster!;
        const last = events.length - 1;
        for (let i = 0; i < last; i++) void b.action('ADDED', events[i]!);
        await b.action('ADDED', events[last]!);
        check(counts, total, 'broadcaster');
      },
      {
        setup: () => {
          broadcaster = new Broadcaster<Small>({ queueLength: 1000, fullQueue: 'wait' });
          for (const count of counters()) broadcaster.watch().events$.subscribe(count);
        },
        teardown: () => broadcaster?.shutdown(),
      },
    );
    const fanOut = (subscribe: (subject: Subject<Small>, count: () => void) => void): Promise<Timing> => {
      let subject: Subject<Small> | undefined;
      return time(
        () => {
          const s = subject!;
          for (const e of events) s.next(e);
          check(counts, total, 'Subject');
        },
        {
          setup: () => {
            const created = new Subject<Small>();
            subject = created;
            for (const count of counters()) subscribe(created, count);
          },
          teardown: () => {
            subject?.complete();
          },
        },
      );
    };
    const baseline = await fanOut((subject, count) => subject.subscribe(count));
    const floor = await fanOut((subject, count) => subject.pipe(share()).subscribe(count));
    const oursRate = rate(total * n, ours);
    const baselineRate = rate(total * n, baseline);
    const floorRate = rate(total * n, floor);
    const ratio = compare(oursRate, baselineRate, 'cost');
    rows.push({
      id: 'W1',
      variant: `fan-out N=${n}`,
      unit: 'deliveries/s',
      ours: oursRate,
      baseline: baselineRate,
      ratio,
      target: '≤ 3× cost',
      met: ratio.value <= 3,
      facts: {
        floor: Math.round(floorRate.median),
        floorCost: compare(floorRate, baselineRate, 'cost').value,
        vsFloor: compare(oursRate, floorRate, 'cost').value,
      },
    });
  }
  return rows;
}

function check(counts: readonly number[], total: number, what: string): void {
  if (counts.some((c) => c !== total)) throw new Error(`W1: a ${what} watcher missed events: ${counts.join(',')}`);
}
