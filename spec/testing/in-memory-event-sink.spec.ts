import { map, tap } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { correlate, EventCorrelator, writeToSink } from '../../src/index.js';
import type { CoreV1Event, WriteResult } from '../../src/index.js';
import { InMemoryEventSink } from '../../src/testing/index.js';

function newScheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => {
    expect(actual).toEqual(expected);
  });
}

/** An event as a recorder makes it, about Pod `pod`; repeats of it correlate into patches of the first. */
function recorded(pod: string, at: number): CoreV1Event {
  const time = new Date(Date.UTC(2024, 0, 1) + at);
  return {
    metadata: { name: `${pod}.17f0a1b2c3d4e5f6`, namespace: 'shop' },
    involvedObject: { kind: 'Pod', namespace: 'shop', name: pod, uid: `uid-${pod}` },
    reason: 'BackOff',
    message: 'Back-off restarting failed container',
    type: 'Warning',
    source: { component: 'spec' },
    firstTimestamp: time,
    lastTimestamp: time,
    count: 1,
  };
}

const brief = (r: WriteResult): string =>
  `${r.outcome} ${r.event.involvedObject.name ?? ''} count ${String(r.event.count)} (${String(r.events)})`;

describe('InMemoryEventSink', () => {
  it('drives a 503 and its retry, a coalesced follow-up patch and a 404-to-create fallback in virtual time', () => {
    const testScheduler = newScheduler();
    const sink = new InMemoryEventSink({ scheduler: testScheduler, latencyMs: 5 });
    testScheduler.run(({ cold, expectObservable }) => {
      sink.script([{ status: 503 }], 'create');
      const correlator = new EventCorrelator({ scheduler: testScheduler });
      const events = {
        a: recorded('web-0', 0),
        b: recorded('web-1', 0),
        c: recorded('web-0', 1006),
        d: recorded('web-0', 1007),
        e: recorded('web-1', 2000),
      };
      const written$ = cold('ab 1004ms cd 992ms e|', events).pipe(
        // The server forgets web-1 (its TTL expired) just before its repeat is patched.
        tap((event) => {
          if (event === events.e) sink.expire('web-1.17f0a1b2c3d4e5f6');
        }),
        correlate(correlator),
        writeToSink(sink, { correlator, scheduler: testScheduler, random: () => 0.5 }),
        map(brief),
      );
      //  0 ms: create web-0 → 503 at 5; create web-1 → 201 at 6 (b arrives at 1)
      //  1005 ms: the retry of web-0 (1 s, jitter 0.5 → exactly 1 s), answered at 1010; c and d arrive meanwhile
      //  1010 ms: one follow-up patch carries both (count 3), answered at 1015
      //  2000 ms: web-1's patch answers 404 at 2005, so it is created again in the same try, answered at 2010
      expectObservable(written$).toBe('6ms a 1003ms b 4ms c 994ms (d|)', {
        a: 'created web-1 count 1 (1)',
        b: 'created web-0 count 1 (1)',
        c: 'patched web-0 count 3 (2)',
        d: 'created web-1 count 2 (1)',
      });
    });
    expect(
      sink.calls.map((c) => `${String(c.time)} ${c.method} ${c.name.split('.')[0] ?? ''} ${String(c.count)}`),
    ).toEqual([
      '0 create web-0 1',
      '1 create web-1 1',
      '1005 create web-0 1',
      '1010 patch web-0 3',
      '2000 patch web-1 2',
      '2005 create web-1 2',
    ]);
    expect([sink.countOf('web-0.17f0a1b2c3d4e5f6'), sink.countOf('web-1.17f0a1b2c3d4e5f6')]).toEqual([3, 2]);
  });

  it('answers a 429 with its Retry-After, applies a lost answer, and cancels an aborted call', async () => {
    const sink = new InMemoryEventSink();
    sink.script([{ status: 429, retryAfterMs: 2000 }, { status: 500, after: true }, null, { drop: true }]);
    const event = recorded('web-0', 0);
    await expect(sink.create(event)).rejects.toMatchObject({
      status: 429,
      reason: 'TooManyRequests',
      retryAfterMs: 2000,
    });
    await expect(sink.create(event)).rejects.toMatchObject({ status: 500, reason: 'InternalError' });
    expect(sink.countOf(event.metadata.name ?? '')).toBe(1);
    await expect(sink.create(event)).rejects.toMatchObject({ status: 409, reason: 'AlreadyExists' });
    await expect(sink.patch(event, '{"count":2}')).rejects.toMatchObject({ kind: 'transport' });
    const abort = new AbortController();
    const aborted = sink.patch(event, '{"count":3}', abort.signal);
    abort.abort();
    await expect(aborted).rejects.toMatchObject({ kind: 'transport' });
    expect(sink.countOf(event.metadata.name ?? '')).toBe(1);
    expect(() => {
      sink.script([{ status: 200 }]);
    }).toThrow(RangeError);
    expect(() => new InMemoryEventSink({ latencyMs: 2 ** 31 })).toThrow(RangeError);
  });
});
