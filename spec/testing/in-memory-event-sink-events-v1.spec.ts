import { catchError, from, map, mergeMap, of } from 'rxjs';
import type { Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { formatMicroTime } from '../../src/index.js';
import type { CoreV1Event, EventSink, EventsV1Event, SinkError } from '../../src/index.js';
import { InMemoryEventSink } from '../../src/testing/index.js';

function newScheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => {
    expect(actual).toEqual(expected);
  });
}

const start = Date.UTC(2024, 0, 1);
const name = 'web-0.17f0a1b2c3d4e5f6';

/** An events.k8s.io/v1 event as its recorder makes it: a singleton, no series. */
function singleton(): EventsV1Event {
  return {
    metadata: { name, namespace: 'shop' },
    eventTime: new Date(start),
    reportingController: 'example.com/web',
    reportingInstance: 'web-host',
    action: 'Restart',
    reason: 'BackOff',
    regarding: { kind: 'Pod', namespace: 'shop', name: 'web-0', uid: 'uid-1', apiVersion: 'v1' },
    note: 'Back-off restarting failed container',
    type: 'Warning',
  };
}

/** client-go's `createPatchBytesForSeries`: `{"series":{"count":N,"lastObservedTime":"<RFC3339Micro>"}}`. */
function seriesPatch(count: number, atMs: number): string {
  return JSON.stringify({ series: { count, lastObservedTime: formatMicroTime(new Date(start + atMs)) } });
}

const brief = (e: EventsV1Event): string =>
  `${String(e.series?.count ?? 1)} at ${String((e.series?.lastObservedTime?.getTime() ?? start) - start)} rv ${e.metadata.resourceVersion ?? ''}`;

describe('InMemoryEventSink<EventsV1Event>', () => {
  it('stores a singleton, merges series patches, and re-creates an expired series with series in the body', () => {
    const testScheduler = newScheduler();
    const sink = new InMemoryEventSink<EventsV1Event>({ scheduler: testScheduler, latencyMs: 5 });
    testScheduler.run(({ cold, expectObservable }) => {
      const steps: Record<string, () => Observable<EventsV1Event>> = {
        a: () => from(sink.create(singleton())),
        b: () => from(sink.patch(singleton(), seriesPatch(2, 10))),
        c: () => from(sink.patch(singleton(), seriesPatch(7, 1_740_011))),
        d: () => {
          sink.expire(name); // the server's TTL ran out
          const series = { count: 8, lastObservedTime: new Date(start + 1_740_021) };
          return from(sink.patch(singleton(), seriesPatch(8, 1_740_021))).pipe(
            catchError((error: unknown) =>
              (error as { status?: number }).status === 404 ? from(sink.create({ ...singleton(), series })) : of(),
            ),
          );
        },
      };
      const answers$ = cold('a 9ms b 29m c 9ms d', steps).pipe(
        mergeMap((step) => step()),
        map(brief),
      );
      // a at 0 → 5; b at 10 → 15; c at 29 min + 11 → +5; d at +10: its patch answers 404 5 ms later, the create 5 more
      expectObservable(answers$).toBe('5ms w 9ms x 29m y 14ms z', {
        w: '1 at 0 rv 1',
        x: '2 at 10 rv 2',
        y: '7 at 1740011 rv 3',
        z: '8 at 1740021 rv 4',
      });
    });
    expect(sink.calls.map((c) => `${String(c.time)} ${c.method} ${String(c.count)}`)).toEqual([
      '0 create 1',
      '10 patch 2',
      '1740011 patch 7',
      '1740021 patch 8',
      '1740026 create 8',
    ]);
    expect(sink.countOf(name)).toBe(8);
    expect(sink.events.get(name)).toStrictEqual({
      ...singleton(),
      metadata: { name, namespace: 'shop', resourceVersion: '4' },
      series: { count: 8, lastObservedTime: new Date(start + 1_740_021) },
    });
  });

  it('keeps everything but the series on a series patch, and removes the series on "series":null', () => {
    const testScheduler = newScheduler();
    const sink = new InMemoryEventSink<EventsV1Event>({ scheduler: testScheduler });
    testScheduler.run(({ cold, expectObservable }) => {
      const steps: Record<string, () => PromiseLike<EventsV1Event>> = {
        a: () => sink.create(singleton()),
        b: () => sink.patch(singleton(), seriesPatch(2, 1)),
        c: () => sink.patch(singleton(), JSON.stringify({ series: { count: 3 } })),
        d: () => sink.patch(singleton(), JSON.stringify({ series: null })),
      };
      const answers$ = cold('abcd', steps).pipe(
        mergeMap((step) => from(step())),
        map((e) => [e.note, e.eventTime?.getTime(), e.series]),
      );
      expectObservable(answers$).toBe('abcd', {
        a: [singleton().note, start, undefined],
        b: [singleton().note, start, { count: 2, lastObservedTime: new Date(start + 1) }],
        c: [singleton().note, start, { count: 3, lastObservedTime: new Date(start + 1) }],
        d: [singleton().note, start, undefined],
      });
    });
    expect(sink.countOf(name)).toBe(1);
    expect('series' in sink.events.get(name)!).toBe(false);
  });

  it('answers faults for this API as for core/v1: a status with Retry-After, a lost answer, a drop, AlreadyExists', () => {
    const testScheduler = newScheduler();
    const sink = new InMemoryEventSink<EventsV1Event>({ scheduler: testScheduler, latencyMs: 2 });
    testScheduler.run(({ cold, expectObservable }) => {
      sink.script([
        { status: 429, retryAfterMs: 1500 },
        { status: 503, after: true },
        { drop: true, latencyMs: 7 },
      ]);
      const outcome = (call: () => PromiseLike<EventsV1Event>): Observable<string> =>
        from(call()).pipe(
          map(brief),
          catchError((error: unknown) => {
            const { kind, status, reason, retryAfterMs } = error as SinkError;
            return of([kind, status, reason, retryAfterMs].filter((f) => f !== undefined).join(' '));
          }),
        );
      const steps: Record<string, () => Observable<string>> = {
        a: () => outcome(() => sink.create(singleton())),
        b: () => outcome(() => sink.create(singleton())),
        c: () => outcome(() => sink.patch(singleton(), seriesPatch(2, 10))),
        d: () => outcome(() => sink.create({ ...singleton(), series: { count: 2, lastObservedTime: new Date(0) } })),
        e: () => outcome(() => sink.patch(singleton(), seriesPatch(3, 30))),
      };
      expectObservable(cold('a 9ms b 9ms c 9ms d 9ms e', steps).pipe(mergeMap((step) => step()))).toBe(
        '2ms a 9ms b 14ms c 4ms d 9ms e',
        {
          a: 'status 429 TooManyRequests 1500',
          b: 'status 503 ServiceUnavailable',
          c: 'transport',
          d: 'status 409 AlreadyExists',
          e: '3 at 30 rv 2',
        },
      );
    });
    // The create whose 503 was injected after the write happened is stored; the dropped patch never was.
    expect(sink.calls.map((c) => `${c.method} ${String(c.count)}`)).toEqual([
      'create 1',
      'create 1',
      'patch 2',
      'create 2',
      'patch 3',
    ]);
    expect(sink.countOf(name)).toBe(3);
  });

  it('cancels an answer whose signal aborts, on the scheduler, and leaves the store untouched', () => {
    const testScheduler = newScheduler();
    const sink = new InMemoryEventSink<EventsV1Event>({ scheduler: testScheduler, latencyMs: 10 });
    testScheduler.run(({ cold, expectObservable }) => {
      const abort = new AbortController();
      const steps: Record<string, () => Observable<string>> = {
        a: () =>
          from(sink.create(singleton(), abort.signal)).pipe(
            map(brief),
            catchError((error: unknown) => of(`aborted: ${(error as Error).message}`)),
          ),
        b: () => {
          abort.abort();
          return of();
        },
      };
      expectObservable(cold('a 2ms b', steps).pipe(mergeMap((step) => step()))).toBe('3ms a', {
        a: `aborted: create of event ${name} was aborted`,
      });
    });
    expect(sink.events.size).toBe(0);
  });

  it('is an EventSink<EventsV1Event>, and an EventSink of core/v1 events by default', () => {
    expectTypeOf<InMemoryEventSink<EventsV1Event>>().toExtend<EventSink<EventsV1Event>>();
    expectTypeOf<InMemoryEventSink>().toExtend<EventSink>();
    expectTypeOf<InMemoryEventSink['events']>().toEqualTypeOf<ReadonlyMap<string, CoreV1Event>>();
  });
});
