import { map } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { EventSourceObjectSpamFilter, spamFilter } from '../../src/correlate/index.js';
import type { CorrelateResult } from '../../src/correlate/index.js';
import type { CoreV1Event } from '../../src/meta/index.js';
import { clockAt, countingClock, podEvent, testScheduler } from './fixtures.js';

const pod = (name: string): CoreV1Event =>
  podEvent({ involvedObject: { kind: 'Pod', namespace: 'ns', name, uid: `uid-${name}`, apiVersion: 'v1' } });
const result = (event: CoreV1Event): CorrelateResult => ({ event, skip: false, key: 'k' });
const verdict = ({ skip }: CorrelateResult): string => (skip ? 's' : 'p');

/** `(` + 26 events + `)`: one frame for each character, so what follows starts at frame 28. */
const burst26 = `(${'a'.repeat(26)})`;
const verdict26 = `(${'p'.repeat(25)}s)`;

describe('spamFilter() with the defaults', () => {
  it('lets 25 events of one object through at once and skips the 26th', () => {
    const ts = testScheduler();
    ts.run(({ cold, expectObservable }) => {
      const source = cold(burst26, { a: result(pod('web-0')) });
      expectObservable(source.pipe(spamFilter({ scheduler: ts }), map(verdict))).toBe(verdict26);
    });
  });

  it('lets one more through exactly 300 s after the burst, not a millisecond earlier', () => {
    const ts = testScheduler();
    ts.run(({ cold, expectObservable }) => {
      // The burst is at 0; 28 + 299 971 = 299 999 ms, then 300 000 ms.
      const source = cold(`${burst26} 299971ms aa`, { a: result(pod('web-0')) });
      expectObservable(source.pipe(spamFilter({ scheduler: ts }), map(verdict))).toBe(`${verdict26} 299971ms sp`);
    });
  });

  it('does not let a rejected event push the refill back', () => {
    const ts = testScheduler();
    ts.run(({ cold, expectObservable }) => {
      // Rejected at 250 s (0.83 of a token), yet the token is whole at 300 s, counted from the last accepted event.
      const source = cold(`${burst26} 249972ms a 49999ms a`, { a: result(pod('web-0')) });
      expectObservable(source.pipe(spamFilter({ scheduler: ts }), map(verdict))).toBe(
        `${verdict26} 249972ms s 49999ms p`,
      );
    });
  });

  it('refills continuously but never beyond the burst', () => {
    const ts = testScheduler();
    ts.run(({ cold, expectObservable }) => {
      const source = cold(`${burst26} 600m ${burst26}`, { a: result(pod('web-0')) });
      expectObservable(source.pipe(spamFilter({ scheduler: ts }), map(verdict))).toBe(`${verdict26} 600m ${verdict26}`);
    });
  });

  it('keeps one bucket per object and type, whatever the reason or message says', () => {
    const ts = testScheduler();
    ts.run(({ cold, expectObservable }) => {
      const values = {
        a: result(pod('web-0')),
        b: result(pod('web-1')),
        r: result({ ...pod('web-0'), reason: 'Other', message: 'other' }),
        w: result({ ...pod('web-0'), type: 'Warning' }),
      };
      const source = cold(`(${'a'.repeat(25)}) rbw`, values);
      expectObservable(source.pipe(spamFilter({ scheduler: ts }), map(verdict))).toBe(`(${'p'.repeat(25)}) spp`);
    });
  });
});

describe('EventSourceObjectSpamFilter', () => {
  const accepted = (filter: EventSourceObjectSpamFilter, event: CoreV1Event, times: number): number =>
    Array.from({ length: times }).filter(() => !filter.filter(event)).length;

  it('rejects every event with burstSize 0', () => {
    const filter = new EventSourceObjectSpamFilter({ burstSize: 0, scheduler: clockAt(0) });
    expect(accepted(filter, pod('web-0'), 3)).toBe(0);
    expect(filter.skipped).toBe(3);
  });

  it('never refills with qps 0', () => {
    const clock = clockAt(0);
    const filter = new EventSourceObjectSpamFilter({ burstSize: 2, qps: 0, scheduler: clock });
    expect(accepted(filter, pod('web-0'), 3)).toBe(2);
    clock.frame = 10 * 365 * 24 * 3600 * 1000;
    expect(accepted(filter, pod('web-0'), 1)).toBe(0);
  });

  it('refills nothing while the clock goes backwards, yet spends the tokens held and counts on from there', () => {
    const clock = clockAt(1_000_000);
    const filter = new EventSourceObjectSpamFilter({ burstSize: 2, qps: 1, scheduler: clock });
    expect(accepted(filter, pod('web-0'), 1)).toBe(1);
    clock.frame = 0;
    expect(accepted(filter, pod('web-0'), 1)).toBe(1); // the second token; none refilled
    clock.frame = 999;
    expect(accepted(filter, pod('web-0'), 1)).toBe(0); // 0.999 of a token since the accepted call at 0
    clock.frame = 1000;
    expect(accepted(filter, pod('web-0'), 1)).toBe(1);
  });

  it('gives an evicted key a full bucket again, and refreshes a key on every call, rejected or not', () => {
    const filter = new EventSourceObjectSpamFilter({ burstSize: 1, qps: 0, lruCacheSize: 2, scheduler: clockAt(0) });
    const [a, b, c] = [pod('a'), pod('b'), pod('c')];
    expect(accepted(filter, a, 1)).toBe(1);
    expect(accepted(filter, b, 1)).toBe(1);
    expect(accepted(filter, a, 1)).toBe(0); // rejected, but now the most recently used
    expect(accepted(filter, c, 1)).toBe(1); // evicts b
    expect(accepted(filter, a, 1)).toBe(0); // still there, still empty
    expect(accepted(filter, b, 1)).toBe(1); // back, full
  });

  it('keeps the bucket of every key string, the empty one included, while other keys come between', () => {
    const keys = ['', 'x', '', 'x'];
    const spam = new EventSourceObjectSpamFilter({
      burstSize: 1,
      spamKeyFunc: () => keys.shift() ?? '',
      scheduler: clockAt(0),
    });
    expect([
      spam.filter(pod('web-0')),
      spam.filter(pod('web-0')),
      spam.filter(pod('web-0')),
      spam.filter(pod('web-0')),
    ]).toEqual([false, false, true, true]);
  });

  it('uses a custom spam key', () => {
    const filter = new EventSourceObjectSpamFilter({
      burstSize: 1,
      spamKeyFunc: (event) => event.reason ?? '',
      scheduler: clockAt(0),
    });
    expect(filter.filter(pod('web-0'))).toBe(false);
    expect(filter.filter(pod('web-1'))).toBe(true);
    expect(filter.filter({ ...pod('web-1'), reason: 'Other' })).toBe(false);
  });

  it('reads the clock once per call', () => {
    const { scheduler, reads } = countingClock();
    const filter = new EventSourceObjectSpamFilter({ burstSize: 1, scheduler });
    filter.filter(pod('web-0'));
    filter.filter(pod('web-0'));
    expect(reads()).toBe(2);
  });
});

describe('spamFilter()', () => {
  it('passes an already skipped result unchanged, without taking a token', () => {
    const ts = testScheduler();
    ts.run(({ cold, expectObservable }) => {
      const skipped: CorrelateResult = { ...result(pod('web-0')), skip: true };
      const source = cold('sa', { s: skipped, a: result(pod('web-0')) });
      expectObservable(source.pipe(spamFilter({ burstSize: 1, scheduler: ts }))).toBe('sa', {
        s: skipped,
        a: result(pod('web-0')),
      });
    });
  });

  it('shares a given filter and its counter across subscriptions', () => {
    const ts = testScheduler();
    const filter = new EventSourceObjectSpamFilter({ burstSize: 1, scheduler: ts });
    ts.run(({ cold, expectObservable }) => {
      const source = cold('a|', { a: result(pod('web-0')) }).pipe(spamFilter(filter), map(verdict));
      expectObservable(source).toBe('p|');
      expectObservable(source).toBe('s|');
    });
    expect(filter.skipped).toBe(1);
  });
});
