import { map, pipe } from 'rxjs';
import { VirtualTimeScheduler } from 'rxjs';
import type { OperatorFunction } from 'rxjs';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { aggregate, correlate, dedupe, EventCorrelator, spamFilter } from '../../src/correlate/index.js';
import type { AggregateResult, CorrelateResult, CorrelatorOptions } from '../../src/correlate/index.js';
import type { CoreV1Event } from '../../src/meta/index.js';
import { brief, countingClock, podEvent, saying, snapshot, testScheduler } from './fixtures.js';

describe('EventCorrelator', () => {
  it('follows the worked trace: one event every 10 s, the 26th skipped at 250 s, the one at 300 s patches 31', () => {
    const ts = testScheduler();
    // 31 events 10 s apart: `a 9999ms a 9999ms …`
    const every10s = Array.from({ length: 31 }, () => 'a').join(' 9999ms ');
    const expected = ['c', ...Array.from({ length: 24 }, () => 'p'), ...Array.from({ length: 5 }, () => 's'), 'p'].join(
      ' 9999ms ',
    );
    const counts: number[] = [];
    ts.run(({ cold, expectObservable }) => {
      const results = cold(every10s, { a: podEvent() }).pipe(
        correlate({ scheduler: ts }),
        map((r) => {
          counts.push(r.event.count ?? 0);
          return r.skip ? 's' : r.patch === undefined ? 'c' : 'p';
        }),
      );
      expectObservable(results).toBe(expected);
    });
    expect(counts).toEqual(Array.from({ length: 31 }, (_, i) => i + 1));
  });

  it('raises the cached count for skipped events too: the next patch shows them', () => {
    const ts = testScheduler();
    ts.run(({ cold, expectObservable }) => {
      const source = cold('aaaa 299996ms a', { a: podEvent() });
      expectObservable(source.pipe(correlate({ burstSize: 2, scheduler: ts }), map(brief))).toBe('abcd 299996ms e', {
        a: 'create 1 Back-off restarting failed container',
        b: 'patch 2 Back-off restarting failed container',
        c: 'skip 3 Back-off restarting failed container',
        d: 'skip 4 Back-off restarting failed container',
        e: 'patch 5 Back-off restarting failed container',
      });
    });
  });

  it('keeps the observed event and patch on a skipped result', () => {
    const correlator = new EventCorrelator({ burstSize: 1, scheduler: new VirtualTimeScheduler() });
    const first = correlator.correlate(podEvent());
    const skipped = correlator.correlate(podEvent());
    expect(skipped.skip).toBe(true);
    expect(skipped.event.metadata.name).toBe(first.event.metadata.name);
    expect(skipped.patch).toMatch(/^\{"count":2,/);
    expect(skipped.key).toBe(first.key);
  });

  it('filters spam on the aggregate event, which shares the spam key of its object', () => {
    const correlator = new EventCorrelator({ maxEvents: 2, burstSize: 2, scheduler: new VirtualTimeScheduler() });
    expect(['a', 'b', 'c'].map((m) => brief(correlator.correlate(saying(m))))).toEqual([
      'create 1 a',
      'create 1 agg:b',
      'skip 2 agg:c',
    ]);
  });

  it('counts everything it correlated, aggregated, deduplicated and skipped', () => {
    const correlator = new EventCorrelator({ maxEvents: 3, burstSize: 4, scheduler: new VirtualTimeScheduler() });
    // a: create, a: patch, b: create, c: aggregate (a leaves), d: aggregate patch (b leaves), b: aggregate patch;
    // the 4 tokens go to the first four.
    const briefs = ['a', 'a', 'b', 'c', 'd', 'b'].map((message) => brief(correlator.correlate(saying(message))));
    expect(briefs).toEqual(['create 1 a', 'patch 2 a', 'create 1 b', 'create 1 agg:c', 'skip 2 agg:d', 'skip 3 agg:b']);
    expect(correlator.stats).toEqual({ correlated: 6, aggregated: 3, deduplicated: 3, skipped: 2 });
  });

  it('reads the clock exactly twice per event (aggregator, spam filter), as client-go', () => {
    const { scheduler, reads } = countingClock();
    const correlator = new EventCorrelator({ maxEvents: 2, scheduler });
    for (const message of ['a', 'a', 'b', 'c']) correlator.correlate(saying(message));
    expect(reads()).toBe(8);
  });

  it('never mutates its inputs, on any path', () => {
    const correlator = new EventCorrelator({ maxEvents: 3, burstSize: 4, scheduler: new VirtualTimeScheduler() });
    const inputs = ['a', 'a', 'b', 'c', 'd', 'b'].map(saying);
    const before = snapshot(inputs);
    for (const input of inputs) correlator.correlate(input);
    correlator.updateState(inputs[0]!);
    expect(inputs).toEqual(before);
  });

  it('takes custom key, message and spam key functions', () => {
    const correlator = new EventCorrelator({
      maxEvents: 2,
      keyFunc: (event) => [event.reason ?? '', event.involvedObject.name ?? ''],
      messageFunc: (event) => `several pods, e.g. ${event.involvedObject.name ?? ''}`,
      spamKeyFunc: () => 'everything',
      burstSize: 3,
      scheduler: new VirtualTimeScheduler(),
    });
    const on = (name: string) => podEvent({ involvedObject: { kind: 'Pod', namespace: 'ns', name } });
    expect(['a', 'b', 'c', 'd'].map((name) => brief(correlator.correlate(on(name))))).toEqual([
      'create 1 Back-off restarting failed container',
      'create 1 several pods, e.g. b',
      'patch 2 several pods, e.g. c',
      'skip 3 several pods, e.g. d',
    ]);
  });

  describe('options', () => {
    const invalid: [string, CorrelatorOptions, ErrorConstructor][] = [
      ['lruCacheSize 0', { lruCacheSize: 0 }, RangeError],
      ['lruCacheSize 1.5', { lruCacheSize: 1.5 }, RangeError],
      ['lruCacheSize Infinity', { lruCacheSize: Infinity }, RangeError],
      ['burstSize -1', { burstSize: -1 }, RangeError],
      ['burstSize 2.5', { burstSize: 2.5 }, RangeError],
      ['burstSize NaN', { burstSize: NaN }, RangeError],
      ['qps -1', { qps: -1 }, RangeError],
      ['qps NaN', { qps: NaN }, RangeError],
      ['qps Infinity', { qps: Infinity }, RangeError],
      ['maxEvents 0', { maxEvents: 0 }, RangeError],
      ['maxEvents -3', { maxEvents: -3 }, RangeError],
      ['maxIntervalInSeconds -1', { maxIntervalInSeconds: -1 }, RangeError],
      ['maxIntervalInSeconds NaN', { maxIntervalInSeconds: NaN }, RangeError],
      ['keyFunc not a function', { keyFunc: 'reason' as unknown as CorrelatorOptions['keyFunc'] }, TypeError],
      ['messageFunc not a function', { messageFunc: 1 as unknown as CorrelatorOptions['messageFunc'] }, TypeError],
      ['spamKeyFunc not a function', { spamKeyFunc: {} as unknown as CorrelatorOptions['spamKeyFunc'] }, TypeError],
    ];

    it.each(invalid)('rejects %s at construction', (name, options, errorType) => {
      const option = name.split(' ')[0]!;
      expect(() => new EventCorrelator(options)).toThrow(errorType);
      expect(() => new EventCorrelator(options)).toThrow(option);
    });

    it.each(invalid)('rejects %s where the correlate() operator is made', (_, options, errorType) => {
      expect(() => correlate(options)).toThrow(errorType);
    });

    it('accepts burstSize 0, qps 0, maxIntervalInSeconds 0 or Infinity, and undefined for every option', () => {
      expect(() => new EventCorrelator({ burstSize: 0, qps: 0, maxIntervalInSeconds: 0 })).not.toThrow();
      expect(() => new EventCorrelator({ maxIntervalInSeconds: Infinity })).not.toThrow();
      const allUndefined: Required<CorrelatorOptions> = {
        lruCacheSize: undefined,
        burstSize: undefined,
        qps: undefined,
        keyFunc: undefined,
        messageFunc: undefined,
        maxEvents: undefined,
        maxIntervalInSeconds: undefined,
        spamKeyFunc: undefined,
        scheduler: undefined,
      };
      const correlator = new EventCorrelator(allUndefined);
      expect(correlator.correlate(podEvent()).skip).toBe(false);
    });
  });
});

describe('correlate()', () => {
  it('composes with the stage operators by type', () => {
    expectTypeOf(correlate()).toEqualTypeOf<OperatorFunction<CoreV1Event, CorrelateResult>>();
    expectTypeOf(aggregate()).toEqualTypeOf<OperatorFunction<CoreV1Event, AggregateResult>>();
    expectTypeOf(dedupe()).toEqualTypeOf<OperatorFunction<AggregateResult, CorrelateResult>>();
    expectTypeOf(spamFilter()).toEqualTypeOf<OperatorFunction<CorrelateResult, CorrelateResult>>();
  });

  const events = { a: saying('a'), b: saying('b'), c: saying('c'), d: saying('d') };

  it('gives each subscription its own correlator when given options', () => {
    const ts = testScheduler();
    ts.run(({ cold, expectObservable }) => {
      const results = cold('aa|', events).pipe(correlate({ scheduler: ts }), map(brief));
      expectObservable(results).toBe('xy|', { x: 'create 1 a', y: 'patch 2 a' });
      expectObservable(results).toBe('xy|', { x: 'create 1 a', y: 'patch 2 a' });
    });
  });

  it('shares a given correlator between subscriptions', () => {
    const ts = testScheduler();
    const correlator = new EventCorrelator({ scheduler: ts });
    ts.run(({ cold, expectObservable }) => {
      const results = cold('a|', events).pipe(correlate(correlator), map(brief));
      expectObservable(results).toBe('x|', { x: 'create 1 a' });
      expectObservable(results).toBe('y|', { y: 'patch 2 a' });
    });
    expect(correlator.stats.correlated).toBe(2);
  });

  it('is the same as piping aggregate(), dedupe() and spamFilter() with the same options', () => {
    const ts = testScheduler();
    const options: CorrelatorOptions = { maxEvents: 3, burstSize: 5, scheduler: ts };
    const comparable = map(({ event, patch, skip, key }: CorrelateResult) => [
      brief({ event, patch, skip }),
      patch,
      key,
    ]);
    ts.run(({ cold, expectObservable }) => {
      const source = cold('aabcdbcda 299999ms a|', events);
      const composed = source.pipe(pipe(aggregate(options), dedupe(options), spamFilter(options)), comparable);
      expectObservable(source.pipe(correlate(options), comparable)).toEqual(composed);
    });
  });

  it('passes completion and errors through, and emits nothing for an empty or silent source', () => {
    const ts = testScheduler();
    ts.run(({ cold, expectObservable }) => {
      expectObservable(cold('a#', events, new Error('boom')).pipe(correlate({ scheduler: ts }), map(brief))).toBe(
        'x#',
        { x: 'create 1 a' },
        new Error('boom'),
      );
      expectObservable(cold<CoreV1Event>('|').pipe(correlate({ scheduler: ts }))).toBe('|');
      expectObservable(cold<CoreV1Event>('-').pipe(correlate({ scheduler: ts }))).toBe('-');
    });
  });

  it('unsubscribes from its source when unsubscribed early', () => {
    const ts = testScheduler();
    ts.run(({ hot, expectObservable, expectSubscriptions }) => {
      const source = hot('a-b-c-d', events);
      expectObservable(source.pipe(correlate({ scheduler: ts }), map(brief)), '^--!').toBe('x-y', {
        x: 'create 1 a',
        y: 'create 1 b',
      });
      expectSubscriptions(source.subscriptions).toBe('^--!');
    });
  });

  it('errors the stream when a user key function throws, with that error', () => {
    const failure = new Error('bad key');
    const ts = testScheduler();
    ts.run(({ cold, expectObservable }) => {
      const keyFunc = (event: { message?: string }): readonly [string, string] => {
        if (event.message === 'b') throw failure;
        return ['k', event.message ?? ''];
      };
      const results = cold('abc|', events).pipe(correlate({ keyFunc, scheduler: ts }), map(brief));
      expectObservable(results).toBe('x#', { x: 'create 1 a' }, failure);
    });
  });
});
