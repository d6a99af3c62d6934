import { Observable, Subscription, timer } from 'rxjs';
import type { OperatorFunction, SchedulerLike, Subscriber, TeardownLogic } from 'rxjs';
import { formatMicroTime } from '../../meta/kube-time.js';
import type { EventsV1Event } from '../../meta/types.js';
import type { SeriesStep, SeriesStepKind } from '../types.js';
import { seriesKey } from './series-key.js';

/** `eventSeries()`'s options, checked, with their defaults. */
export interface SeriesSettings {
  readonly scheduler: SchedulerLike;
  readonly keyResourceVersion: boolean;
  readonly maxSeries: number;
  readonly finishTimeMs: number;
  readonly refreshTimeMs: number;
}

/** One event the cache holds: a singleton (count 1) or a series. */
interface Entry {
  readonly seriesKey: string;
  /** The first occurrence, as recorded: its name, note and eventTime are the server's. */
  readonly first: EventsV1Event;
  /** `namespace/name` of the server-side event. */
  readonly key: string;
  /** The first occurrence's time, ms. */
  readonly since: number;
  count: number;
  /** The newest occurrence's time, ms. */
  lastObserved: number;
  /** The newest count the server was sent (1: the create). */
  sent: number;
}

/**
 * The cache of the series stage and its heartbeat and finish passes (see `eventSeries()` for the rules). One
 * `eventSeries()` subscription has a cache of its own; a recording to a sink keeps one for its user's pipeline, so
 * that a pipeline subscribed again after a stage threw goes on with the same series and the same passes.
 */
export class SeriesCache {
  private readonly settings: SeriesSettings;
  /** Least recently observed first: an occurrence moves its entry to the end. */
  private readonly cache = new Map<string, Entry>();
  /** The heartbeat and finish passes, from the first subscription until the input ends or `stop()`. */
  private passes: Subscription | undefined;
  /** Where the passes' steps go: the subscription attached last (none between a stage's error and its retry). */
  private out: Subscriber<SeriesStep> | undefined;

  constructor(settings: SeriesSettings) {
    this.settings = settings;
  }

  /** Events the cache holds now. */
  get size(): number {
    return this.cache.size;
  }

  /**
   * The series stage on this cache, kept across subscriptions: an input error leaves the cache and the passes as
   * they are (the pipeline is subscribed again), its completion flushes the open series and stops the passes.
   */
  stage(): OperatorFunction<EventsV1Event, SeriesStep> {
    return (source) => new Observable<SeriesStep>((subscriber) => this.run(source, subscriber, false));
  }

  /**
   * Runs `source` through the cache into `subscriber`. `own`: the cache is this subscription's alone, flushed when
   * the input errors too and cleared when the subscriber leaves.
   */
  run(source: Observable<EventsV1Event>, subscriber: Subscriber<SeriesStep>, own: boolean): TeardownLogic {
    this.out = subscriber;
    this.passes ??= this.startPasses();
    const end = (): void => {
      this.stop();
      this.flush(subscriber);
    };
    const input = source.subscribe({
      next: (event) => {
        this.observe(event, subscriber);
      },
      error: (error: unknown) => {
        if (own) end();
        subscriber.error(error);
      },
      complete: () => {
        end();
        subscriber.complete();
      },
    });
    return () => {
      input.unsubscribe();
      if (this.out === subscriber) this.out = undefined;
      if (!own) return;
      this.stop();
      this.cache.clear();
    };
  }

  /** Stops the heartbeat and finish passes. */
  stop(): void {
    this.passes?.unsubscribe();
    this.passes = undefined;
  }

  private startPasses(): Subscription {
    const { scheduler, refreshTimeMs, finishTimeMs } = this.settings;
    const passes = new Subscription();
    // wait.Until's first pass runs at once, on the empty cache: a no-op, so the passes start one period in. A pass
    // scheduled at 0 would instead run after whatever is recorded in the same instant, heartbeating a series
    // that has only just started.
    passes.add(
      timer(refreshTimeMs, refreshTimeMs, scheduler).subscribe(() => {
        if (this.out !== undefined) this.refresh(this.out);
      }),
    );
    passes.add(
      timer(finishTimeMs, finishTimeMs, scheduler).subscribe(() => {
        if (this.out !== undefined) this.finish(this.out);
      }),
    );
    return passes;
  }

  private emit(out: Subscriber<SeriesStep>, kind: SeriesStepKind, entry: Entry, write: boolean): void {
    const { key, seriesKey: stepKey, first, count } = entry;
    if (!write || kind === 'create') {
      out.next({ kind, key, seriesKey: stepKey, event: first, count, skip: !write });
      return;
    }
    entry.sent = count;
    const lastObservedTime = new Date(entry.lastObserved);
    const series = Object.freeze({ count, lastObservedTime });
    const event = Object.freeze({ ...first, series });
    const patch = JSON.stringify({ series: { count, lastObservedTime: formatMicroTime(lastObservedTime) } });
    out.next({ kind, key, seriesKey: stepKey, event, count, patch, skip: false });
  }

  private observe(event: EventsV1Event, out: Subscriber<SeriesStep>): void {
    const { cache } = this;
    const { scheduler, keyResourceVersion, maxSeries } = this.settings;
    const now = scheduler.now();
    const k = seriesKey(event, keyResourceVersion);
    const known = cache.get(k);
    if (known === undefined) {
      const oldest = cache.size >= maxSeries ? cache.values().next().value : undefined;
      if (oldest !== undefined) {
        cache.delete(oldest.seriesKey);
        this.emit(out, 'evict', oldest, unsent(oldest));
      }
      const { namespace = '', name = '' } = event.metadata;
      const entry: Entry = {
        seriesKey: k,
        first: event,
        key: `${namespace}/${name}`,
        since: event.eventTime?.getTime() ?? now,
        count: 1,
        lastObserved: now,
        sent: 1,
      };
      cache.set(k, entry);
      this.emit(out, 'create', entry, true);
      return;
    }
    cache.delete(k);
    cache.set(k, known);
    known.count += 1;
    known.lastObserved = now;
    if (known.count === 2) this.emit(out, 'series', known, true);
    else this.emit(out, 'observed', known, false);
  }

  private refresh(out: Subscriber<SeriesStep>): void {
    for (const entry of [...this.cache.values()]) if (entry.count > 1) this.emit(out, 'heartbeat', entry, true);
  }

  private finish(out: Subscriber<SeriesStep>): void {
    const before = this.settings.scheduler.now() - this.settings.finishTimeMs;
    for (const [k, entry] of [...this.cache.entries()]) {
      const series = entry.count > 1;
      if ((series ? entry.lastObserved : entry.since) >= before) continue;
      this.cache.delete(k);
      if (series) this.emit(out, 'finish', entry, unsent(entry));
      else this.emit(out, 'forget', entry, false);
    }
  }

  private flush(out: Subscriber<SeriesStep>): void {
    const open = [...this.cache.values()];
    this.cache.clear();
    for (const entry of open) if (unsent(entry)) this.emit(out, 'flush', entry, true);
  }
}

/** The server has not been sent the entry's newest count. */
function unsent(entry: Entry): boolean {
  return entry.count > entry.sent;
}
