import { Subject } from 'rxjs';
import { Broadcaster } from '../../src/watch/index.js';
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
    let broadcaster = new Broadcaster<Small>();
    const ours = await time(
      async () => {
        const last = events.length - 1;
        for (let i = 0; i < last; i++) void broadcaster.action('ADDED', events[i]!);
        await broadcaster.action('ADDED', events[last]!);
        check(counts, total, 'broadcaster');
      },
      async () => {
        await broadcaster.shutdown();
        broadcaster = new Broadcaster<Small>({ queueLength: 1000, fullQueue: 'wait' });
        counts = Array.from({ length: n }, () => 0);
        for (let j = 0; j < n; j++) {
          broadcaster.watch().events$.subscribe(() => {
            counts[j]!++;
          });
        }
      },
    );
    let subject = new Subject<Small>();
    const baseline = await time(
      () => {
        for (const e of events) subject.next(e);
        check(counts, total, 'Subject');
        subject.complete();
      },
      () => {
        subject = new Subject<Small>();
        counts = Array.from({ length: n }, () => 0);
        for (let j = 0; j < n; j++) {
          subject.subscribe(() => {
            counts[j]!++;
          });
        }
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
