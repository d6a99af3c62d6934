import type { SchedulerLike } from 'rxjs';
import type { EventsV1Event } from '../../../src/meta/types.js';
import { SinkError } from '../../../src/sink/sink-error.js';
import type { EventSink } from '../../../src/sink/types.js';
import { ScheduledAnswer } from '../../../src/testing/internal/scheduled-answer.js';

/** One call made to a {@link SeriesSink}: `<time> <method> <event name> <count sent>`, and the patch text. */
export interface SeriesSinkCall {
  readonly line: string;
  readonly patch: string | undefined;
}

/** Options of {@link SeriesSink}. */
export interface SeriesSinkOptions {
  readonly scheduler: SchedulerLike;
  /** @defaultValue 5 */
  readonly latencyMs?: number;
  /** Return an error to answer call number `index` (from 0) with it instead. */
  readonly fail?: (method: 'create' | 'patch' | 'update', name: string, index: number) => unknown;
}

export function statusError(status: number, reason: string): SinkError {
  return new SinkError(`${String(status)} ${reason}`, { kind: 'status', status, reason });
}

/**
 * An events.k8s.io/v1 API server behind `EventSink<EventsV1Event>`, answering `latencyMs` of virtual time after each
 * call: create answers 409 `AlreadyExists` when the name is taken, patch 404 when it is not; a patch's `series` is
 * stored.
 */
export class SeriesSink implements EventSink<EventsV1Event> {
  readonly calls: SeriesSinkCall[] = [];
  readonly events = new Map<string, EventsV1Event>();
  private readonly options: SeriesSinkOptions;

  constructor(options: SeriesSinkOptions) {
    this.options = options;
  }

  /** Every call as `<time> <method> <name> <count>`. */
  get lines(): string[] {
    return this.calls.map((call) => call.line);
  }

  /** The series count the server holds for `name` (1 without a series). */
  countOf(name: string): number | undefined {
    const event = this.events.get(name);
    return event === undefined ? undefined : (event.series?.count ?? 1);
  }

  create(event: EventsV1Event): PromiseLike<EventsV1Event> {
    return this.answer('create', event, event.series?.count ?? 1, undefined, () => {
      if (this.events.has(nameOf(event))) throw statusError(409, 'AlreadyExists');
      return event;
    });
  }

  update(event: EventsV1Event): PromiseLike<EventsV1Event> {
    return this.answer('update', event, event.series?.count ?? 1, undefined, () => event);
  }

  patch(oldEvent: EventsV1Event, patch: string): PromiseLike<EventsV1Event> {
    const { series } = JSON.parse(patch) as { series: { count: number; lastObservedTime: string } };
    return this.answer('patch', oldEvent, series.count, patch, () => {
      const stored = this.events.get(nameOf(oldEvent));
      if (stored === undefined) throw statusError(404, 'NotFound');
      return { ...stored, series: { count: series.count, lastObservedTime: new Date(series.lastObservedTime) } };
    });
  }

  private answer(
    method: 'create' | 'patch' | 'update',
    event: EventsV1Event,
    count: number,
    patch: string | undefined,
    apply: () => EventsV1Event,
  ): PromiseLike<EventsV1Event> {
    const { scheduler, latencyMs = 5, fail } = this.options;
    const name = nameOf(event);
    const index = this.calls.length;
    this.calls.push({ line: `${String(scheduler.now())} ${method} ${name} ${String(count)}`, patch });
    const scripted = fail?.(method, name, index);
    const answer = new ScheduledAnswer<EventsV1Event>();
    scheduler.schedule(() => {
      if (scripted !== undefined) {
        answer.reject(scripted);
        return;
      }
      try {
        const written = apply();
        this.events.set(name, written);
        answer.resolve(structuredClone(written));
      } catch (error) {
        answer.reject(error);
      }
    }, latencyMs);
    return answer;
  }
}

function nameOf(event: EventsV1Event): string {
  return event.metadata.name ?? '';
}
