import { firstValueFrom, from, lastValueFrom, map, mergeAll, of, retry, take, tap, timer, toArray } from 'rxjs';
import type { Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import type { CorrelateResult } from '../../src/correlate/types.js';
import type { CoreV1Event } from '../../src/meta/types.js';
import { isBenignSinkError } from '../../src/sink/retry-policy.js';
import { SinkError } from '../../src/sink/sink-error.js';
import type { EventSink, WriteResult } from '../../src/sink/types.js';
import { clientGoWriteOptions, writeToSink } from '../../src/sink/write-to-sink.js';
import type { WriteToSinkOptions } from '../../src/sink/write-to-sink.js';
import { failCall, FakeSink, statusError, transportError } from './helpers/fake-sink.js';
import { brief, nameOf, occurrence, occurrences } from './helpers/results.js';
import { TrackingScheduler } from './helpers/tracking-scheduler.js';
import { ScheduledAnswer } from '../../src/testing/internal/scheduled-answer.js';

function newScheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => {
    expect(actual).toEqual(expected);
  });
}

/** `writeToSink` on the test scheduler, with jitter pinned to the middle (`random() = 0.5` waits exactly 1 s, 2 s…). */
function written(
  input: Observable<CorrelateResult>,
  sink: EventSink,
  scheduler: TestScheduler,
  options: WriteToSinkOptions = {},
): Observable<WriteResult> {
  return input.pipe(writeToSink(sink, { scheduler, random: () => 0.5, ...options }));
}

/** Records what the writer feeds back to the correlator. */
function recordingCorrelator(): { updateState(event: CoreV1Event): void; readonly fed: CoreV1Event[] } {
  const fed: CoreV1Event[] = [];
  return {
    fed,
    updateState: (event) => {
      fed.push(event);
    },
  };
}

function callsOf(sink: FakeSink): string[] {
  return sink.calls.map((c) => `${c.time} ${c.method} ${c.name.split('.')[0] ?? ''} c${c.count}`);
}

function sumOfEvents(results: readonly WriteResult[]): number {
  return results.reduce((sum, r) => sum + r.events, 0);
}

describe('writeToSink', () => {
  describe('create and patch', () => {
    it('creates the first occurrence, patches the next, and feeds the server copies to the correlator', () => {
      const ts = newScheduler();
      const sink = new FakeSink({ scheduler: ts });
      const correlator = recordingCorrelator();
      ts.run(({ cold, expectObservable }) => {
        const input = cold('a 9ms b 9ms |', { a: occurrence('x', 1), b: occurrence('x', 2) });
        expectObservable(written(input, sink, ts, { correlator }).pipe(map(brief))).toBe('5ms a 9ms b 4ms |', {
          a: 'x:created:c1:a1:e1',
          b: 'x:patched:c2:a1:e1',
        });
      });
      expect(callsOf(sink)).toEqual(['0 create x c1', '10 patch x c2']);
      expect(correlator.fed.map((e) => [e.count, e.metadata.resourceVersion])).toEqual([
        [1, '1'],
        [2, '2'],
      ]);
      expect(sink.countOf(nameOf('x'))).toBe(2);
    });

    it('answers a patch of an event the server no longer has (404) with a create, resourceVersion cleared', () => {
      const ts = newScheduler();
      const sink = new FakeSink({ scheduler: ts });
      const third = occurrence('x', 3);
      ts.run(({ cold, expectObservable }) => {
        const input = cold('a 20ms |', { a: third });
        expectObservable(written(input, sink, ts).pipe(map(brief))).toBe('10ms a 10ms |', { a: 'x:created:c3:a2:e1' });
      });
      expect(callsOf(sink)).toEqual(['0 patch x c3', '5 create x c3']);
      expect(sink.calls[1]?.resourceVersion).toBeUndefined();
      expect(third.event.metadata.resourceVersion).toBe('41');
      expect(sink.countOf(nameOf('x'))).toBe(3);
    });

    it('ignores skipped results: nothing written, counted or emitted', () => {
      const ts = newScheduler();
      const sink = new FakeSink({ scheduler: ts });
      ts.run(({ cold, expectObservable }) => {
        const input = cold('ab|', { a: occurrence('x', 1, { skip: true }), b: occurrence('y', 1, { skip: true }) });
        expectObservable(written(input, sink, ts)).toBe('--|');
      });
      expect(sink.calls).toEqual([]);
    });

    it('completes at once on an empty input, and never on a never-ending one', () => {
      const ts = newScheduler();
      const sink = new FakeSink({ scheduler: ts });
      ts.run(({ cold, expectObservable }) => {
        expectObservable(written(cold('|'), sink, ts)).toBe('|');
        expectObservable(written(cold('a', { a: occurrence('x', 1) }), sink, ts).pipe(map(brief))).toBe('5ms a', {
          a: 'x:created:c1:a1:e1',
        });
      });
    });
  });

  describe('coalescing per key', () => {
    it('sends one follow-up patch with the newest count for results that arrive while the create is in flight', () => {
      const ts = newScheduler();
      const sink = new FakeSink({ scheduler: ts, latencyMs: 10 });
      const correlator = recordingCorrelator();
      ts.run(({ cold, expectObservable }) => {
        const input = cold('abcdef 20ms |', occurrences('x', 6));
        expectObservable(written(input, sink, ts, { correlator }).pipe(map(brief))).toBe('10ms a 9ms b 5ms |', {
          a: 'x:created:c1:a1:e1',
          b: 'x:patched:c6:a1:e5',
        });
      });
      expect(callsOf(sink)).toEqual(['0 create x c1', '10 patch x c6']);
      // The create's copy (count 1) is not fed back: the correlator already counts 6.
      expect(correlator.fed.map((e) => e.count)).toEqual([6]);
    });

    it('queues the follow-up of a key behind keys that were waiting (the TSDoc diagram)', () => {
      const ts = newScheduler();
      const sink = new FakeSink({ scheduler: ts });
      ts.run(({ cold, expectObservable }) => {
        const input = cold('(abcd|)', { ...occurrences('a', 3), d: occurrence('b', 1) });
        expectObservable(written(input, sink, ts, { concurrency: 1 }).pipe(map(brief))).toBe('-----A----B----(C|)', {
          A: 'a:created:c1:a1:e1',
          B: 'b:created:c1:a1:e1',
          C: 'a:patched:c3:a1:e2',
        });
      });
    });

    it('keeps a waiting create a create, carrying the newest body, when newer results replace it', () => {
      const ts = newScheduler();
      const sink = new FakeSink({ scheduler: ts });
      ts.run(({ cold, expectObservable }) => {
        const input = cold('yabc 9ms |', { y: occurrence('y', 1), ...occurrences('x', 3) });
        expectObservable(written(input, sink, ts, { concurrency: 1 }).pipe(map(brief))).toBe('5ms a 4ms b 2ms |', {
          a: 'y:created:c1:a1:e1',
          b: 'x:created:c3:a1:e3',
        });
      });
      expect(callsOf(sink)).toEqual(['0 create y c1', '5 create x c3']);
      expect(sink.calls[1]?.resourceVersion).toBeUndefined();
    });

    for (const { title, failing, input, output, values, calls } of [
      {
        title: 'keeps a create that waits to retry a create, and sends the newest count',
        failing: 0,
        input: 'a 99ms b 99ms c 1000ms |',
        output: '1010ms a 190ms |',
        values: { a: 'x:created:c3:a2:e3' },
        calls: ['0 create x c1', '1005 create x c3'],
      },
      {
        title: 'retries a patch with the newest patch',
        failing: 1,
        input: 'a 9ms b 99ms c 2000ms |',
        output: '5ms a 1014ms b 1090ms |',
        values: { a: 'x:created:c1:a1:e1', b: 'x:patched:c3:a2:e2' },
        calls: ['0 create x c1', '10 patch x c2', '1015 patch x c3'],
      },
    ]) {
      it(`absorbs newer results into a write waiting to retry: ${title}`, () => {
        const ts = newScheduler();
        const sink = new FakeSink({ scheduler: ts, fail: failCall(failing, statusError(503)) });
        ts.run(({ cold, expectObservable }) => {
          expectObservable(written(cold(input, occurrences('x', 3)), sink, ts).pipe(map(brief))).toBe(output, values);
        });
        expect(callsOf(sink)).toEqual(calls);
      });
    }

    for (const { failure, followUp, why } of [
      {
        failure: statusError(422, 'Invalid'),
        followUp: 'create',
        why: 'the create failed, so the event does not exist',
      },
      { failure: statusError(409, 'AlreadyExists'), followUp: 'patch', why: 'the server has the event' },
    ]) {
      it(`sends the follow-up of a create that failed with ${failure.status} as a ${followUp}: ${why}`, () => {
        const ts = newScheduler();
        const sink = new FakeSink({ scheduler: ts, fail: failCall(0, failure) });
        if (followUp === 'patch') {
          sink.events.set(nameOf('x'), { ...occurrence('x', 1).event, metadata: { name: nameOf('x') } });
        }
        ts.run(({ cold, expectObservable }) => {
          const input = cold('ab 20ms |', { a: occurrence('x', 1), b: occurrence('x', 2) });
          expectObservable(written(input, sink, ts).pipe(map(brief))).toBe('5ms a 4ms b 11ms |', {
            a: 'x:failed:c1:a1:e1',
            b: `x:${followUp === 'create' ? 'created' : 'patched'}:c2:a1:e1`,
          });
        });
        expect(callsOf(sink)).toEqual(['0 create x c1', `5 ${followUp} x c2`]);
      });
    }

    it('drops a result for a new key when maxPending keys are pending, and absorbs results for pending keys', () => {
      const ts = newScheduler();
      const sink = new FakeSink({ scheduler: ts });
      ts.run(({ cold, expectObservable }) => {
        const input = cold('abcd 16ms e 9ms |', {
          a: occurrence('a', 1),
          b: occurrence('b', 1),
          c: occurrence('c', 1),
          d: occurrence('a', 2),
          e: occurrence('c', 1),
        });
        expectObservable(written(input, sink, ts, { maxPending: 2 }).pipe(map(brief))).toBe(
          '2ms a 2ms b c 3ms d 14ms e 4ms |',
          {
            a: 'c:dropped:c1:a0:e1',
            b: 'a:created:c1:a1:e1',
            c: 'b:created:c1:a1:e1',
            d: 'a:patched:c2:a1:e1',
            e: 'c:created:c1:a1:e1',
          },
        );
      });
    });
  });

  describe('concurrency and order', () => {
    it('keeps the writes of each key in order and never exceeds the concurrency, with many keys', () => {
      const ts = newScheduler();
      const sink = new FakeSink({ scheduler: ts, latencyMs: 3 });
      const results: WriteResult[] = [];
      ts.run(() => {
        // Four results a millisecond, faster than 4 writes per 3 ms: the writer runs at its limit.
        const input = timer(0, 1, ts).pipe(
          take(25),
          map((ms) => [0, 1, 2, 3].map((j) => ms * 4 + j)),
          mergeAll(),
          map((i) => occurrence(`k${i % 20}`, Math.floor(i / 20) + 1)),
        );
        written(input, sink, ts).subscribe((r) => results.push(r));
      });
      expect(sink.maxInFlight).toBe(4);
      expect(sink.maxInFlightPerName).toBe(1);
      for (let k = 0; k < 20; k++) {
        const counts = sink.calls.filter((c) => c.name === nameOf(`k${k}`)).map((c) => c.count ?? 0);
        expect(counts).toEqual([...counts].sort((a, b) => a - b));
        expect(new Set(counts).size).toBe(counts.length);
        expect(sink.countOf(nameOf(`k${k}`))).toBe(5);
      }
      expect(sumOfEvents(results)).toBe(100);
    });

    it('serves keys first come, first served', () => {
      const ts = newScheduler();
      const sink = new FakeSink({ scheduler: ts });
      ts.run(({ cold }) => {
        const keys = ['a', 'b', 'c', 'd', 'e'];
        const input = cold('(abcde|)', Object.fromEntries(keys.map((k) => [k, occurrence(k, 1)])));
        written(input, sink, ts, { concurrency: 2 }).subscribe();
      });
      expect(callsOf(sink)).toEqual([
        '0 create a c1',
        '0 create b c1',
        '5 create c c1',
        '5 create d c1',
        '10 create e c1',
      ]);
    });

    it('serves a key whose retry delay has ended before keys queued after it', () => {
      const ts = newScheduler();
      const sink = new FakeSink({
        scheduler: ts,
        fail: failCall(0, statusError(503)),
      });
      ts.run(() => {
        const burst = [occurrence('a', 1), ...Array.from({ length: 300 }, (_, i) => occurrence(`k${i}`, 1))];
        written(from(burst), sink, ts, { concurrency: 1, retry: { initialDelayMs: 1002, jitter: 0 } }).subscribe();
      });
      // a fails at 5 and may retry from 1007: it takes the slot freed at 1010, ahead of k201.
      expect(callsOf(sink).slice(200, 204)).toEqual([
        '1000 create k199 c1',
        '1005 create k200 c1',
        '1010 create a c1',
        '1015 create k201 c1',
      ]);
    });
  });

  describe('errors and retries', () => {
    for (const { name, failure } of [
      { name: 'AlreadyExists', failure: statusError(409, 'AlreadyExists') },
      {
        name: 'NamespaceTerminating',
        failure: statusError(403, 'Forbidden', { causes: [{ type: 'NamespaceTerminating' }] }),
      },
    ]) {
      it(`ends a write rejected with ${name} as failed at once, benign, even if retryable() says otherwise`, () => {
        const ts = newScheduler();
        const sink = new FakeSink({ scheduler: ts, fail: () => failure });
        const results: WriteResult[] = [];
        ts.run(({ cold, expectObservable }) => {
          const out = written(cold('a 9ms |', { a: occurrence('x', 1) }), sink, ts, {
            retry: { retryable: () => true },
          });
          expectObservable(
            out.pipe(
              tap((r) => results.push(r)),
              map(brief),
            ),
          ).toBe('5ms a 4ms |', { a: 'x:failed:c1:a1:e1' });
        });
        expect(results[0]?.error).toBe(failure);
        expect(isBenignSinkError(failure)).toBe(true);
      });
    }

    it('ends a write rejected with 422 Invalid as failed at once, not benign', () => {
      const ts = newScheduler();
      const invalid = statusError(422, 'Invalid');
      const sink = new FakeSink({ scheduler: ts, fail: () => invalid });
      const results: WriteResult[] = [];
      ts.run(({ cold }) => {
        written(cold('a|', { a: occurrence('x', 1) }), sink, ts).subscribe((r) => results.push(r));
      });
      expect(results.map(brief)).toEqual(['x:failed:c1:a1:e1']);
      expect(results[0]?.error).toBe(invalid);
      expect(isBenignSinkError(invalid)).toBe(false);
    });

    it('retries 503 with exponential backoff (1 s, 2 s, 4 s) until the write succeeds', () => {
      const ts = newScheduler();
      const sink = new FakeSink({ scheduler: ts, fail: (_call, index) => (index < 3 ? statusError(503) : undefined) });
      ts.run(({ cold, expectObservable }) => {
        const input = cold('a 8000ms |', { a: occurrence('x', 1) });
        expectObservable(written(input, sink, ts).pipe(map(brief))).toBe('7020ms a 980ms |', {
          a: 'x:created:c1:a4:e1',
        });
      });
      expect(sink.calls.map((c) => c.time)).toEqual([0, 1005, 3010, 7015]);
    });

    for (const { title, retryAfterMs, retry, retriedAt } of [
      {
        title: 'waits the Retry-After when it is longer than the backoff',
        retryAfterMs: 5000,
        retry: {},
        retriedAt: 5005,
      },
      { title: 'waits the backoff when it is longer', retryAfterMs: 300, retry: {}, retriedAt: 1005 },
      { title: 'caps the Retry-After at 60 s', retryAfterMs: 3_600_000, retry: {}, retriedAt: 60_005 },
      { title: 'caps it at maxRetryAfterMs', retryAfterMs: 5000, retry: { maxRetryAfterMs: 2000 }, retriedAt: 2005 },
      {
        title: 'ignores it with honourRetryAfter: false',
        retryAfterMs: 5000,
        retry: { honourRetryAfter: false },
        retriedAt: 1005,
      },
    ]) {
      it(`retries 429 Too Many Requests: ${title}`, () => {
        const ts = newScheduler();
        const tooMany = statusError(429, 'TooManyRequests', { retryAfterMs });
        const sink = new FakeSink({ scheduler: ts, fail: failCall(0, tooMany) });
        const results: WriteResult[] = [];
        ts.run(({ cold }) => {
          written(cold('a|', { a: occurrence('x', 1) }), sink, ts, { retry }).subscribe((r) => results.push(r));
        });
        expect(sink.calls.map((c) => c.time)).toEqual([0, retriedAt]);
        expect(results.map(brief)).toEqual(['x:created:c1:a2:e1']);
      });
    }

    it('retries transport errors up to 12 attempts, then ends the write as failed with the last error', () => {
      const ts = newScheduler();
      const sink = new FakeSink({ scheduler: ts, fail: () => transportError() });
      const results: WriteResult[] = [];
      ts.run(({ cold, expectObservable }) => {
        const out = written(cold('a|', { a: occurrence('x', 1) }), sink, ts);
        expectObservable(
          out.pipe(
            tap((r) => results.push(r)),
            map(brief),
          ),
        ).toBe('211060ms (a|)', { a: 'x:failed:c1:a12:e1' });
      });
      // Waits of 1, 2, 4, 8 and 16 s, then six of 30 s (the cap), each after a 5 ms answer.
      expect(sink.calls.map((c) => c.time)).toEqual([
        0, 1005, 3010, 7015, 15020, 31025, 61030, 91035, 121040, 151045, 181050, 211055,
      ]);
      expect(results[0]?.error?.kind).toBe('transport');
    });

    for (const { title, sinkFor } of [
      {
        title: 'throws synchronously',
        sinkFor: (fake: FakeSink, error: Error): EventSink => ({
          create: () => {
            throw error;
          },
          update: (e) => fake.update(e),
          patch: (e, p) => fake.patch(e, p),
        }),
      },
      {
        title: 'rejects with a plain Error',
        sinkFor: (fake: FakeSink, error: Error): EventSink => ({
          create: () => {
            const answer = new ScheduledAnswer<CoreV1Event>();
            answer.reject(error);
            return answer;
          },
          update: (e) => fake.update(e),
          patch: (e, p) => fake.patch(e, p),
        }),
      },
    ]) {
      it(`wraps an error of a sink that ${title} into a transport SinkError with the error as cause`, () => {
        const ts = newScheduler();
        const boom = new Error('socket hang up');
        const sink = sinkFor(new FakeSink({ scheduler: ts }), boom);
        const results: WriteResult[] = [];
        ts.run(({ cold }) => {
          written(cold('a|', { a: occurrence('x', 1) }), sink, ts, { retry: { maxAttempts: 3 } }).subscribe((r) =>
            results.push(r),
          );
        });
        expect(results.map(brief)).toEqual(['x:failed:c1:a3:e1']);
        const error = results[0]?.error;
        expect(error).toBeInstanceOf(SinkError);
        expect(error?.kind).toBe('transport');
        expect(error?.cause).toBe(boom);
        expect(error?.key).toBe('x');
      });
    }

    it('drains a long queue against a sink that throws synchronously without deepening the stack', () => {
      const ts = newScheduler();
      const fake = new FakeSink({ scheduler: ts });
      const sink: EventSink = {
        create: (event) => {
          if (fake.calls.length > 0) {
            throw new Error('client closed');
          }
          return fake.create(event);
        },
        update: (e) => fake.update(e),
        patch: (e, p) => fake.patch(e, p),
      };
      const results: WriteResult[] = [];
      ts.run(() => {
        const burst = Array.from({ length: 20_000 }, (_, i) => occurrence(`k${i}`, 1));
        const options = { concurrency: 1, maxPending: 20_000, retry: { maxAttempts: 1 } };
        written(from(burst), sink, ts, options).subscribe((r) => results.push(r));
      });
      expect(results).toHaveLength(20_000);
      expect(results.filter((r) => r.outcome === 'failed')).toHaveLength(19_999);
    });
  });

  describe('a key never sends an older body after a newer one', () => {
    it('retries a failed create with the results that arrived during it and during the wait, and sends no stale patch', () => {
      const ts = newScheduler();
      const sink = new FakeSink({ scheduler: ts, latencyMs: 300, fail: failCall(0, statusError(503)) });
      ts.run(({ cold, expectObservable }) => {
        // b arrives while the create is in flight (it fails at 300); c and d while it waits to retry (until 1300).
        const input = cold('a 99ms b 299ms c 99ms d|', occurrences('x', 4));
        expectObservable(written(input, sink, ts).pipe(map(brief))).toBe('1600ms (a|)', { a: 'x:created:c4:a2:e4' });
      });
      expect(callsOf(sink)).toEqual(['0 create x c1', '1300 create x c4']);
      expect(sink.countOf(nameOf('x'))).toBe(4);
    });

    it('retries a failed patch with the newest count when newer results arrived during the call', () => {
      const ts = newScheduler();
      const sink = new FakeSink({ scheduler: ts, latencyMs: 300, fail: failCall(1, statusError(503)) });
      ts.run(({ cold, expectObservable }) => {
        // a is created by 300; b's patch fails at 600 while c arrived at 400; d arrives during the wait.
        const input = cold('a 99ms b 299ms c 299ms d|', occurrences('x', 4));
        expectObservable(written(input, sink, ts).pipe(map(brief))).toBe('300ms a 1599ms (b|)', {
          a: 'x:created:c1:a1:e1',
          b: 'x:patched:c4:a2:e3',
        });
      });
      expect(callsOf(sink)).toEqual(['0 create x c1', '300 patch x c2', '1600 patch x c4']);
      expect(sink.countOf(nameOf('x'))).toBe(4);
    });
  });

  describe('a create whose answer was lost', () => {
    it('patches the newest count when its retry is answered AlreadyExists', () => {
      const ts = newScheduler();
      const sink = new FakeSink({
        scheduler: ts,
        fail: failCall(0, statusError(500, 'InternalError')),
        appliedBeforeFailure: (index) => index === 0,
      });
      ts.run(({ cold, expectObservable }) => {
        const input = cold('a 99ms b 99ms c 99ms d 99ms e|', occurrences('x', 5));
        expectObservable(written(input, sink, ts).pipe(map(brief))).toBe('1015ms (a|)', { a: 'x:patched:c5:a3:e5' });
      });
      expect(callsOf(sink)).toEqual(['0 create x c1', '1005 create x c5', '1010 patch x c5']);
      expect(sink.countOf(nameOf('x'))).toBe(5);
    });

    it('counts a retried first occurrence answered AlreadyExists as created: the server has that very event', () => {
      const ts = newScheduler();
      const sink = new FakeSink({
        scheduler: ts,
        fail: failCall(0, transportError()),
        appliedBeforeFailure: (index) => index === 0,
      });
      ts.run(({ cold, expectObservable }) => {
        expectObservable(written(cold('a|', occurrences('x', 1)), sink, ts).pipe(map(brief))).toBe('1010ms (a|)', {
          a: 'x:created:c1:a2:e1',
        });
      });
      expect(sink.countOf(nameOf('x'))).toBe(1);
    });

    it('makes at most three calls in one try when the server contradicts itself (409 to create, 404 to patch)', async () => {
      const calls: string[] = [];
      let creates = 0;
      const sink: EventSink = {
        create: () => {
          calls.push('create');
          return Promise.reject(creates++ === 0 ? transportError() : statusError(409, 'AlreadyExists'));
        },
        update: () => Promise.reject(statusError(404, 'NotFound')),
        patch: () => {
          calls.push('patch');
          return Promise.reject(statusError(404, 'NotFound'));
        },
      };
      const results = await firstValueFrom(
        of(occurrence('x', 2)).pipe(
          writeToSink(sink, { retry: { maxAttempts: 2, initialDelayMs: 0 } }),
          map(brief),
          toArray(),
        ),
      );
      // Try 1: patch → 404 → create (no answer). Try 2, a create: 409 (ours) → patch → 404 → create → 409: give up.
      expect(calls).toEqual(['patch', 'create', 'create', 'patch', 'create']);
      expect(results).toEqual(['x:failed:c2:a5:e1']);
    });

    it('still fails a first create answered AlreadyExists: the name belongs to someone else', () => {
      const ts = newScheduler();
      const sink = new FakeSink({ scheduler: ts, fail: failCall(0, statusError(409, 'AlreadyExists')) });
      ts.run(({ cold, expectObservable }) => {
        expectObservable(written(cold('a|', occurrences('x', 1)), sink, ts).pipe(map(brief))).toBe('5ms (a|)', {
          a: 'x:failed:c1:a1:e1',
        });
      });
    });
  });

  describe('clientGoCompatible', () => {
    for (const random of [0, 0.25, 0.9999]) {
      it(`waits 10 s × random() (${random}) before the first retry, then exactly 10 s, for 12 attempts`, () => {
        const ts = newScheduler();
        const sink = new FakeSink({ scheduler: ts, fail: () => transportError() });
        const results: WriteResult[] = [];
        ts.run(({ cold }) => {
          const input = cold('a|', { a: occurrence('x', 1) });
          written(input, sink, ts, { ...clientGoWriteOptions, random: () => random }).subscribe((r) => results.push(r));
        });
        const first = 5 + Math.floor(10_000 * random);
        expect(sink.calls.map((c) => c.time)).toEqual([0, ...Array.from({ length: 11 }, (_, i) => first + 10_005 * i)]);
        expect(results.map(brief)).toEqual(['x:failed:c1:a12:e1']);
      });
    }

    for (const status of [429, 500, 503]) {
      it(`treats ${status} as final, as client-go treats every status error`, () => {
        const ts = newScheduler();
        const sink = new FakeSink({
          scheduler: ts,
          fail: () => statusError(status, undefined, { retryAfterMs: 1000 }),
        });
        const results: WriteResult[] = [];
        ts.run(({ cold }) => {
          written(cold('a|', { a: occurrence('x', 1) }), sink, ts, clientGoWriteOptions).subscribe((r) =>
            results.push(r),
          );
        });
        expect(results.map(brief)).toEqual(['x:failed:c1:a1:e1']);
      });
    }

    it('writes one event at a time', () => {
      const ts = newScheduler();
      const sink = new FakeSink({ scheduler: ts });
      ts.run(({ cold }) => {
        const input = cold('(ab|)', { a: occurrence('a', 1), b: occurrence('b', 1) });
        written(input, sink, ts, clientGoWriteOptions).subscribe();
      });
      expect(callsOf(sink)).toEqual(['0 create a c1', '5 create b c1']);
    });
  });

  describe('end of input, abort and unsubscribe', () => {
    it('finishes pending writes when the input errors, then errors with it', () => {
      const ts = newScheduler();
      const sink = new FakeSink({ scheduler: ts });
      ts.run(({ cold, expectObservable }) => {
        expectObservable(written(cold('a--#', { a: occurrence('x', 1) }), sink, ts).pipe(map(brief))).toBe('5ms (a#)', {
          a: 'x:created:c1:a1:e1',
        });
        expectObservable(written(cold('#'), sink, ts)).toBe('#');
      });
    });

    it('abandons every pending write at once on abort, ignores late answers, and completes', () => {
      const ts = newScheduler();
      const sink = new FakeSink({ scheduler: ts, latencyMs: 10 });
      const correlator = recordingCorrelator();
      const controller = new AbortController();
      ts.run(({ hot, expectObservable, expectSubscriptions }) => {
        const input = hot('abc', { a: occurrence('a', 1), b: occurrence('b', 1), c: occurrence('a', 2) });
        ts.schedule(() => {
          controller.abort();
        }, 5);
        const out = written(input, sink, ts, { concurrency: 1, correlator, signal: controller.signal });
        expectObservable(out.pipe(map(brief))).toBe('5ms (abc|)', {
          a: 'a:abandoned:c1:a1:e1',
          b: 'a:abandoned:c2:a0:e1',
          c: 'b:abandoned:c1:a0:e1',
        });
        expectSubscriptions(input.subscriptions).toBe('^----!');
      });
      expect(sink.calls).toHaveLength(1);
      expect(correlator.fed).toEqual([]);
    });

    it('reports each write once when the consumer aborts from inside next', () => {
      const ts = newScheduler();
      const sink = new FakeSink({ scheduler: ts });
      const controller = new AbortController();
      const results: string[] = [];
      ts.run(({ cold }) => {
        const input = cold('(abc)', { a: occurrence('a', 1), b: occurrence('b', 1), c: occurrence('c', 1) });
        written(input, sink, ts, { concurrency: 1, signal: controller.signal }).subscribe({
          next: (r) => {
            results.push(brief(r));
            controller.abort();
          },
          complete: () => results.push(`complete at ${ts.now()}`),
        });
      });
      expect(results).toEqual(['a:created:c1:a1:e1', 'b:abandoned:c1:a0:e1', 'c:abandoned:c1:a0:e1', 'complete at 5']);
      expect(callsOf(sink)).toEqual(['0 create a c1']);
    });

    it('abandons a key waiting to retry with its last error', () => {
      const ts = newScheduler();
      const unavailable = statusError(503);
      const sink = new FakeSink({ scheduler: ts, fail: () => unavailable });
      const controller = new AbortController();
      const results: WriteResult[] = [];
      ts.run(({ cold }) => {
        ts.schedule(() => {
          controller.abort();
        }, 100);
        const input = cold('a', { a: occurrence('x', 1) });
        written(input, sink, ts, { signal: controller.signal }).subscribe((r) => results.push(r));
      });
      expect(results.map(brief)).toEqual(['x:abandoned:c1:a1:e1']);
      expect(results[0]?.error).toBe(unavailable);
      expect(sink.calls).toHaveLength(1);
    });

    it('completes at once without subscribing to the input when the signal is already aborted', () => {
      const ts = newScheduler();
      const sink = new FakeSink({ scheduler: ts });
      ts.run(({ cold, expectObservable, expectSubscriptions }) => {
        const input = cold('a|', { a: occurrence('x', 1) });
        expectObservable(written(input, sink, ts, { signal: AbortSignal.abort() })).toBe('|');
        expectSubscriptions(input.subscriptions).toBe([]);
      });
    });

    it('cancels retry timers and ignores late answers on unsubscribe, emitting nothing', () => {
      const ts = newScheduler();
      const tracking = new TrackingScheduler(ts);
      const sink = new FakeSink({
        scheduler: ts,
        latencyMs: 10,
        fail: (call) => (call.name === nameOf('x') ? statusError(503) : undefined),
      });
      const correlator = recordingCorrelator();
      let pendingAfter = -1;
      ts.run(({ cold, expectObservable }) => {
        const input = cold('a 9ms b', { a: occurrence('x', 1), b: occurrence('y', 1) });
        ts.schedule(() => {
          pendingAfter = tracking.pending;
        }, 500);
        const out = written(input, sink, ts, { correlator, scheduler: tracking });
        // x fails at 10 and waits to retry until 1010; y is in flight from 10 to 20.
        expectObservable(out, '^ 14ms !').toBe('-');
      });
      expect(tracking.total).toBe(1);
      expect(pendingAfter).toBe(0);
      expect(callsOf(sink)).toEqual(['0 create x c1', '10 create y c1']);
      expect(correlator.fed).toEqual([]);
    });
  });

  describe('callbacks that throw', () => {
    it('keeps a write whose correlator feedback threw written, with the error, and goes on', () => {
      const ts = newScheduler();
      const sink = new FakeSink({ scheduler: ts });
      const broken = new Error('correlator broke');
      ts.run(({ cold, expectObservable }) => {
        const input = cold('ab|', { a: occurrence('x', 1), b: occurrence('y', 1) });
        const correlator = {
          updateState: (event: CoreV1Event) => {
            if (event.involvedObject.name === 'x') throw broken;
          },
        };
        const out = written(input, sink, ts, { correlator }).pipe(
          map((r) => `${brief(r)}${r.error === undefined ? '' : `:${r.error.message}`}`),
        );
        expectObservable(out).toBe('5ms a(b|)', {
          a: `x:created:c1:a1:e1:Unable to write event x: correlator.updateState threw: correlator broke`,
          b: 'y:created:c1:a1:e1',
        });
      });
    });

    for (const { title, retry, random, message } of [
      {
        title: 'retryable() throws',
        retry: {
          retryable: () => {
            throw new TypeError('bad classifier');
          },
        },
        random: () => 0.5,
        message: 'bad classifier',
      },
      {
        title: 'random() throws',
        retry: {},
        random: () => {
          throw new Error('no entropy');
        },
        message: 'no entropy',
      },
      {
        title: 'random() returns NaN',
        retry: {},
        random: () => Number.NaN,
        message: 'random gave a wait that is not a finite number of milliseconds ≥ 0 (NaN)',
      },
      {
        title: 'backoff() returns -1',
        retry: { backoff: () => -1 },
        random: () => 0.5,
        message: 'retry.backoff gave a wait that is not a finite number of milliseconds ≥ 0 (-1)',
      },
      {
        title: 'retryable() returns a string',
        retry: { retryable: () => 'yes' as unknown as boolean },
        random: () => 0.5,
        message: 'retry.retryable must return a boolean, got string',
      },
    ]) {
      it(`fails only the write concerned, and goes on, when ${title}`, () => {
        const ts = newScheduler();
        const sink = new FakeSink({
          scheduler: ts,
          fail: (call) => (call.name === nameOf('x') ? statusError(503) : undefined),
        });
        ts.run(({ cold, expectObservable }) => {
          const input = cold('ab 9ms c|', { a: occurrence('x', 1), b: occurrence('y', 1), c: occurrence('z', 1) });
          const out = written(input, sink, ts, { retry, random }).pipe(
            map((r) => `${brief(r)}:${r.error?.kind ?? ''}:${r.error?.message.includes(message) === true}`),
          );
          expectObservable(out).toBe('5ms ab 9ms (c|)', {
            a: 'x:failed:c1:a1:e1:request:true',
            b: 'y:created:c1:a1:e1::false',
            c: 'z:created:c1:a1:e1::false',
          });
        });
      });
    }

    for (const { title, answer } of [
      { title: 'resolves undefined', answer: () => Promise.resolve(undefined) },
      { title: 'resolves {}', answer: () => Promise.resolve({}) },
      { title: 'returns no promise', answer: () => undefined },
      {
        title: 'rejects with Object.create(null)',
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- what a careless sink does
        answer: () => Promise.reject(Object.create(null) as object),
      },
    ]) {
      it(`counts one failed write and goes on when the sink ${title}`, async () => {
        let calls = 0;
        const sink = {
          create: (event: CoreV1Event) => (++calls === 1 ? answer() : Promise.resolve(event)),
          update: (event: CoreV1Event) => Promise.resolve(event),
          patch: (event: CoreV1Event) => Promise.resolve(event),
        } as unknown as EventSink;
        const results = await firstValueFrom(
          of(occurrence('x', 1), occurrence('y', 1)).pipe(
            writeToSink(sink, { retry: { maxAttempts: 1 } }),
            map(brief),
            toArray(),
          ),
        );
        expect(results).toEqual(['x:failed:c1:a1:e1', 'y:created:c1:a1:e1']);
      });
    }
  });

  describe('accounting', () => {
    for (const abortAt of [undefined, 400]) {
      it(`emits results whose events add up to the non-skipped inputs (${abortAt === undefined ? 'completed' : 'aborted'})`, () => {
        const ts = newScheduler();
        let seed = 7;
        const random = (): number => {
          seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
          return seed / 2 ** 31;
        };
        const failures = [statusError(503), statusError(422, 'Invalid'), transportError()];
        const sink = new FakeSink({
          scheduler: ts,
          latencyMs: 3,
          fail: () => (random() < 0.3 ? failures[Math.floor(random() * failures.length)] : undefined),
        });
        const counts = new Map<string, number>();
        const inputs = Array.from({ length: 500 }, () => {
          const key = `k${Math.floor(random() * 30)}`;
          const count = (counts.get(key) ?? 0) + 1;
          counts.set(key, count);
          return occurrence(key, count, { skip: random() < 0.1 });
        });
        const controller = new AbortController();
        const results: WriteResult[] = [];
        let taken = 0;
        ts.run(() => {
          if (abortAt !== undefined) {
            ts.schedule(() => {
              controller.abort();
            }, abortAt);
          }
          const input = timer(0, 1, ts).pipe(
            take(inputs.length),
            map((i) => inputs[i]!),
            tap((r) => {
              taken += r.skip ? 0 : 1;
            }),
          );
          const options = { concurrency: 3, maxPending: 8, retry: { maxAttempts: 4, initialDelayMs: 10 } };
          written(input, sink, ts, { ...options, signal: controller.signal }).subscribe((r) => results.push(r));
        });
        const outcomes = new Set(results.map((r) => r.outcome));
        expect(outcomes).toContain('dropped');
        expect(outcomes).toContain('failed');
        expect(outcomes.has('abandoned')).toBe(abortAt !== undefined);
        // After an abort the writer takes no more input: the sum covers what it took.
        const nonSkipped = inputs.filter((r) => !r.skip).length;
        expect(abortAt === undefined ? taken === nonSkipped : taken < nonSkipped).toBe(true);
        expect(sumOfEvents(results)).toBe(taken);
      });
    }

    // All at once, the keys' first results are created and everything later coalesces: a little over one write a key.
    // Ten a millisecond, the sink (4 writes in flight, 2 ms each) is busy all along: 2 writes a millisecond for the
    // 1000 ms of the burst, then one last write a key.
    for (const { title, spacing, maxWrites } of [
      { title: 'all at once', spacing: 0, maxWrites: 2000 },
      { title: 'ten a millisecond', spacing: 10, maxWrites: 3000 },
    ]) {
      it(`writes a burst of 10 000 results over 1000 keys (${title}) with every final count exact`, () => {
        const ts = newScheduler();
        const sink = new FakeSink({ scheduler: ts, latencyMs: 2 });
        const results: WriteResult[] = [];
        const burst = Array.from({ length: 10_000 }, (_, i) => occurrence(`pod-${i % 1000}`, Math.floor(i / 1000) + 1));
        ts.run(() => {
          const input =
            spacing === 0
              ? from(burst)
              : timer(0, 1, ts).pipe(
                  take(burst.length / spacing),
                  map((ms) => burst.slice(ms * spacing, (ms + 1) * spacing)),
                  mergeAll(),
                );
          written(input, sink, ts).subscribe((r) => results.push(r));
        });
        expect(results.filter((r) => r.outcome !== 'created' && r.outcome !== 'patched')).toEqual([]);
        expect(sumOfEvents(results)).toBe(10_000);
        expect(sink.events.size).toBe(1000);
        expect([...sink.events.values()].every((e) => e.count === 10)).toBe(true);
        expect(sink.calls.length).toBeLessThanOrEqual(maxWrites);
      });
    }
  });

  describe('options', () => {
    for (const options of [
      { concurrency: 0 },
      { concurrency: 1.5 },
      { maxPending: 0 },
      { maxPending: Number.POSITIVE_INFINITY },
      { retry: { maxAttempts: 0 } },
    ]) {
      it(`throws RangeError for ${JSON.stringify(options, (_key, value: unknown) => (typeof value === 'number' ? String(value) : value))}`, () => {
        const sink = new FakeSink({ scheduler: newScheduler() });
        expect(() => writeToSink(sink, options)).toThrow(RangeError);
      });
    }

    for (const [title, call] of [
      ['no sink', () => writeToSink(undefined as unknown as EventSink)],
      ['a sink without patch()', () => writeToSink({ create: () => Promise.resolve({}) } as unknown as EventSink)],
      [
        'random that is not a function',
        () => writeToSink(new FakeSink({ scheduler: newScheduler() }), { random: 'x' as never }),
      ],
      [
        'a correlator without updateState',
        () => writeToSink(new FakeSink({ scheduler: newScheduler() }), { correlator: {} as never }),
      ],
      [
        'a signal that is not an AbortSignal',
        () => writeToSink(new FakeSink({ scheduler: newScheduler() }), { signal: 'x' as never }),
      ],
    ] as const) {
      it(`throws TypeError at the call for ${title}`, () => {
        expect(call).toThrow(TypeError);
      });
    }
  });

  describe('retry as an operator, and the signal of each call', () => {
    it('takes the retry operator itself, here RxJS retry with a fixed delay', () => {
      const ts = newScheduler();
      const sink = new FakeSink({ scheduler: ts, fail: failCall(0, statusError(503)) });
      ts.run(({ cold, expectObservable }) => {
        const out = written(cold('a|', occurrences('x', 1)), sink, ts, { retry: retry({ count: 1, delay: 50 }) });
        expectObservable(out.pipe(map(brief))).toBe('60ms (a|)', { a: 'x:created:c1:a2:e1' });
      });
    });

    it('aborts the signal of a call in flight when its write is abandoned', () => {
      const ts = newScheduler();
      const signals: AbortSignal[] = [];
      const hanging: EventSink = {
        create: (_event, signal) => {
          if (signal !== undefined) signals.push(signal);
          return new ScheduledAnswer<CoreV1Event>();
        },
        update: () => new ScheduledAnswer<CoreV1Event>(),
        patch: () => new ScheduledAnswer<CoreV1Event>(),
      };
      const abort = new AbortController();
      ts.run(({ cold, expectObservable }) => {
        ts.schedule(() => {
          abort.abort();
        }, 100);
        const out = written(cold('ab', { a: occurrence('x', 1), b: occurrence('y', 1) }), hanging, ts, {
          signal: abort.signal,
        });
        expectObservable(out.pipe(map(brief))).toBe('100ms (ab|)', {
          a: 'x:abandoned:c1:a1:e1',
          b: 'y:abandoned:c1:a1:e1',
        });
      });
      expect(signals.map((signal) => signal.aborted)).toEqual([true, true]);
    });
  });

  describe('real promises', () => {
    it('writes through a sink that answers with real Promises, retrying on the async scheduler', async () => {
      const stored = new Map<string, CoreV1Event>();
      let patches = 0;
      const store = (event: CoreV1Event): CoreV1Event => {
        const written = { ...event, metadata: { ...event.metadata, resourceVersion: String(stored.size + 1) } };
        stored.set(event.metadata.name ?? '', written);
        return written;
      };
      const sink: EventSink = {
        create: async (event) => {
          await Promise.resolve();
          return store(event);
        },
        update: (event) => Promise.resolve(store(event)),
        patch: async (event, patch) => {
          patches += 1;
          if (patches === 1) {
            throw new Error('ECONNRESET');
          }
          await Promise.resolve();
          return store({ ...event, count: (JSON.parse(patch) as { count: number }).count });
        },
      };
      const results = await lastValueFrom(
        from([occurrence('x', 1), occurrence('x', 2), occurrence('x', 3)]).pipe(
          writeToSink(sink, { retry: { initialDelayMs: 1, jitter: 0 } }),
          map(brief),
          toArray(),
        ),
      );
      expect(results).toEqual(['x:created:c1:a1:e1', 'x:patched:c3:a2:e2']);
      expect(stored.get(nameOf('x'))?.count).toBe(3);
    });
  });
});

describe('writeToSink recreateConflict', () => {
  /** A server where the event appears between a patch (answered 404) and the create that follows it. */
  function racingSink(): { sink: EventSink; calls: string[] } {
    const calls: string[] = [];
    let created = false;
    const sink: EventSink = {
      create: (event) => {
        calls.push('create');
        if (created) return Promise.reject(statusError(409, 'AlreadyExists'));
        created = true;
        return Promise.resolve(event);
      },
      update: (event) => Promise.resolve(event),
      patch: (event) => {
        calls.push('patch');
        if (!created) {
          // The first occurrence's own create lands now, after this patch was refused.
          created = true;
          return Promise.reject(statusError(404, 'NotFound'));
        }
        return Promise.resolve(event);
      },
    };
    return { sink, calls };
  }

  it("patches again with 'patch' when the create after a 404 is answered AlreadyExists", async () => {
    const { sink, calls } = racingSink();
    const [result] = await lastValueFrom(
      of(occurrence('x', 2)).pipe(writeToSink(sink, { recreateConflict: 'patch' }), toArray()),
    );
    expect(calls).toEqual(['patch', 'create', 'patch']);
    expect(result).toMatchObject({ outcome: 'patched', attempts: 3, events: 1 });
  });

  it("fails as client-go's tools/record does by default", async () => {
    const { sink, calls } = racingSink();
    const [result] = await lastValueFrom(of(occurrence('x', 2)).pipe(writeToSink(sink), toArray()));
    expect(calls).toEqual(['patch', 'create']);
    expect(result?.outcome).toBe('failed');
    expect(result?.error?.isAlreadyExists).toBe(true);
  });

  it('refuses anything else', () => {
    expect(() => writeToSink(racingSink().sink, { recreateConflict: 'retry' as never })).toThrow(TypeError);
  });
});
