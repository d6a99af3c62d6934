import { describe, expect, it } from 'vitest';
import {
  EventCorrelator,
  EventAggregator,
  EventDedupLog,
  EventSourceObjectSpamFilter,
  eventAggregatorByReasonFunc,
  getEventKey,
  getSpamKey,
} from '../../src/correlate/index.js';
import type { CorrelateResult } from '../../src/correlate/index.js';
import { keyHash } from '../../src/correlate/internal/json-key.js';
import { hashField, hashSeed } from '../../src/correlate/internal/lru.js';
import type { CoreV1Event } from '../../src/meta/index.js';
import { clockAt, podEvent } from './fixtures.js';

/** A fixed pseudo-random sequence, so a failure can be replayed. */
function random(seed: number): (n: number) => number {
  let x = seed;
  return (n) => {
    x = (x * 1_103_515_245 + 12_345) % 2 ** 31;
    return Math.floor((x / 2 ** 31) * n);
  };
}

/**
 * Values a JavaScript caller may set where the types say string: unset and `null` (both written `""`, as an empty
 * string), and a number, an object and text to escape (written otherwise). A `String` object of a field's usual value
 * is written as that string (see `field` below).
 */
const foreign: unknown[] = ['', undefined, null, 1, { a: 1 }, 'a"b'];

describe('the caches of the default keys, held by their fields', () => {
  it.each([1, 2, 3])(
    'agree with the same keys held as text over 3000 random events, evictions and server answers (seed %i)',
    (seed) => {
      const pick = random(seed);
      const field = (common: string[]): unknown => {
        const value = common[pick(common.length)]!;
        const odd = pick(16);
        return odd === 0 ? foreign[pick(foreign.length)] : odd === 1 ? new String(value) : value;
      };
      const clock = clockAt(0);
      const options = { lruCacheSize: 16, maxEvents: 2, burstSize: 4, qps: 0.2, scheduler: clock };
      // The default key functions, and the same functions behind a wrapper: the correlator keys those by their text.
      const byFields = new EventCorrelator(options);
      const byText = new EventCorrelator({
        ...options,
        keyFunc: (event) => eventAggregatorByReasonFunc(event),
        spamKeyFunc: (event) => getSpamKey(event),
      });
      const names = [new Names(), new Names()];
      for (let i = 0; i < 3000; i++) {
        clock.frame += pick(200) === 0 ? 700_000 : pick(3) * 100;
        const event = podEvent({
          metadata: { name: `input-${String(pick(50))}`, namespace: 'ns' },
          source: { component: field(['kubelet', 'kube']) as string, host: field(['node-1']) as string },
          involvedObject: {
            kind: field(['Pod']) as string,
            namespace: 'ns',
            name: field(['web-0', 'web-1']) as string,
            uid: field(['u1']) as string,
            apiVersion: 'v1',
            fieldPath: field(['', 'spec']) as string,
          },
          type: field(['Normal', 'Warning']) as string,
          reason: field(['BackOff', 'Pulled']) as string,
          message: field(['m1', 'm2', 'm3', 'm4', 'm5']) as string,
          reportingInstance: field(['node-1']) as string,
        });
        const results = [byFields.correlate(event), byText.correlate(event)] as const;
        expect(names[0]!.of(results[0])).toEqual(names[1]!.of(results[1]));
        if (!results[0].skip && pick(2) === 0) {
          for (const [n, correlator] of [byFields, byText].entries()) {
            const { event: written } = results[n]!;
            correlator.updateState({ ...written, metadata: { ...written.metadata, resourceVersion: String(i) } });
          }
        }
      }
      expect(byFields.stats).toEqual(byText.stats);
      expect(byFields.stats.aggregated).toBeGreaterThan(100);
      expect(byFields.stats.deduplicated).toBeGreaterThan(100);
      expect(byFields.stats.skipped).toBeGreaterThan(100);
    },
  );
});

/**
 * A correlator's results with the names of its aggregate events replaced by the order they were first seen in:
 * each correlator names its own, so only the order is theirs in common.
 */
class Names {
  readonly #seen = new Map<string, string>();

  of(result: CorrelateResult): CorrelateResult {
    const name = result.event.metadata.name ?? '';
    if (!name.startsWith('input-'))
      this.#seen.set(name, this.#seen.get(name) ?? `aggregate ${String(this.#seen.size)}`);
    const metadata = { ...result.event.metadata, name: this.#seen.get(name) ?? name };
    return { ...result, event: { ...result.event, metadata } };
  }
}

describe('EventDedupLog.updateState and names', () => {
  it('follows an event name observed under a key of the caller, then under its own event key', () => {
    const log = new EventDedupLog();
    const event = podEvent();
    const other = podEvent({ message: 'other' });
    log.observe({ event, key: 'custom' });
    log.observe({ event: other, key: getEventKey(other) });
    log.updateState({ ...other, metadata: { ...other.metadata, resourceVersion: '7' } });
    const later: CoreV1Event = { ...other, lastTimestamp: new Date(0) };
    expect(log.observe({ event: later, key: getEventKey(later) }).event.metadata.resourceVersion).toBe('7');
    expect(log.observe({ event, key: 'custom' }).event.metadata.resourceVersion).toBeUndefined();
  });
});

describe('the hash of a default key, taken while it is written', () => {
  const texts = ['web-0', '', 'é ÿ', 'a"b', 'tab\there', 'x'.repeat(5000)];

  it.each(texts)('is the hash of its text as a key of one value: %j', (text) => {
    const event = podEvent({ reason: text, involvedObject: { kind: 'Pod', name: `web-${text}`, uid: 'u' } });
    const key = getEventKey(event);
    expect(keyHash(key)).toBe(hashField(hashSeed, key));
    expect(keyHash(getEventKey({ ...event }))).toBe(hashField(hashSeed, key));
    expect(keyHash(JSON.parse(JSON.stringify(key)) as string)).toBe(hashField(hashSeed, key));
  });
});

describe('a field that JSON cannot write (a JavaScript caller’s BigInt)', () => {
  const withBigInt = (): CoreV1Event => podEvent({ reason: 1n as unknown as string });
  const withBigIntObject = (): CoreV1Event =>
    podEvent({ involvedObject: { kind: 'Pod', name: 'web-0', uid: 2n as unknown as string } });

  it.each([
    ['in a key of its own', withBigInt],
    ['in the object, which every key starts with', withBigIntObject],
  ])('throws on every call %s, and leaves the next event its own key', (_, make) => {
    const correlator = new EventCorrelator();
    const before = podEvent({ message: 'before' });
    correlator.correlate(before);
    expect(() => correlator.correlate(make())).toThrow(TypeError);
    expect(() => correlator.correlate(make())).toThrow(TypeError);
    expect(() => getEventKey(make())).toThrow(TypeError);
    expect(() => getEventKey(make())).toThrow(TypeError);
    expect(correlator.correlate(before).patch).toBeDefined();
    expect(correlator.correlate(podEvent({ message: 'after' })).patch).toBeUndefined();
  });
});

describe('an event that cannot be read (no involvedObject, from a JavaScript caller)', () => {
  const event = (component: string, message: string): CoreV1Event =>
    podEvent({ source: { component }, message, reason: 'BackOff', type: 'Warning' });
  const unreadable = { metadata: { name: 'bad' }, source: { component: 'c2' } } as unknown as CoreV1Event;

  it('throws, and the next event is looked up by its own fields, not the ones read before', () => {
    const spam = new EventSourceObjectSpamFilter({ burstSize: 1, qps: 0, scheduler: clockAt(0) });
    expect(spam.filter(event('c1', 'x'))).toBe(false);
    expect(() => spam.filter(unreadable)).toThrow(TypeError);
    expect(spam.filter(event('c2', 'x'))).toBe(false);

    const aggregator = new EventAggregator({ maxEvents: 2, scheduler: clockAt(0) });
    aggregator.aggregate(event('c1', 'm1'));
    expect(() => aggregator.aggregate(unreadable)).toThrow(TypeError);
    expect(aggregator.aggregate(event('c2', 'm2')).event.message).toBe('m2');
    expect(aggregator.aggregated).toBe(0);
  });
});
