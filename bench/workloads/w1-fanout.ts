import { Subject } from 'rxjs';
import { Broadcaster } from 'rx-kube-events';
import { rate, time } from '../harness.js';
import { compare } from '../report.js';
import type { BenchRow, BenchSize } from '../report.js';

interface Small {
  readonly i: number;
}

/**
 * W1: a broadcaster in `'wait'` mode with queue length 1000 and N counting watchers; the producer sends every event
 * with `action()` and awaits the last one (the FIFO makes that the moment every watcher has everything). Baseline: a
 * bare `Subject` with N counting subscribers.
 */
export async function w1Fanout(size: BenchSize): Promise<BenchRow[]> {
  const total = size === 'full' ? 100_000 : 1_000;
  const watcherCounts = size === 'full' ? [1, 10, 100] : [1, 10];
  const events: Small[] = Array.from({ length: total }, (_, i) => ({ i }));
  const rows: BenchRow[] = [];
  for (const n of watcherCounts) {
    let counts: number[] = [];
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
          counts = Array.from({ length: n }, () => 0);
          for (let j = 0; j < n; j++) {
            broadcaster.watch().events$.subscribe(() => {
              counts[j]!++;
            });
          }
        },
        teardown: () => broadcaster?.shutdown(),
      },
    );
    let subject: Subject<Small> | undefined;
    const baseline = await time(
      () => {
        const s = subject!;
        for (const e of events) s.next(e);
        check(counts, total, 'Subject');
      },
      {
        setup: () => {
          subject = new Subject<Small>();
          counts = Array.from({ length: n }, () => 0);
          for (let j = 0; j < n; j++) {
            subject.subscribe(() => {
              counts[j]!++;
            });
          }
        },
        teardown: () => {
          subject?.complete();
        },
      },
    );
    const oursRate = rate(total * n, ours);
    const baselineRate = rate(total * n, baseline);
    const ratio = compare(oursRate, baselineRate, 'cost');
    rows.push({
      id: 'W1',
      variant: `fan-out N=${n}`,
      unit: 'deliveries/s',
      ours: oursRate,
      baseline: baselineRate,
      ratio,
      target: '≤ 1.3× cost',
      met: ratio.value <= 1.3,
    });
  }
  return rows;
}

function check(counts: readonly number[], total: number, what: string): void {
  if (counts.some((c) => c !== total)) throw new Error(`W1: a ${what} watcher missed events: ${counts.join(',')}`);
}
