import { map } from 'rxjs';
import { VirtualTimeScheduler } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { dedupe, EventAggregator, EventCorrelator, EventDedupLog, getEventKey } from '../../src/correlate/index.js';
import type { CoreV1Event } from '../../src/meta/index.js';
import { brief, podEvent, saying, snapshot, testScheduler } from './fixtures.js';

const observe = (log: EventDedupLog, event: CoreV1Event) => log.observe({ event, key: getEventKey(event) });

/** The same event recorded again `seconds` later, with its own fresh name and timestamps. */
function again(seconds: number, overrides: Partial<CoreV1Event> = {}): CoreV1Event {
  const at = new Date(Date.UTC(2023, 0, 1, 12, 0, seconds, 789));
  return podEvent({
    metadata: { name: `web-0.${seconds}`, namespace: 'ns' },
    firstTimestamp: at,
    lastTimestamp: at,
    ...overrides,
  });
}

describe('EventDedupLog', () => {
  it('lets a new event through to be created, with no patch', () => {
    const event = podEvent();
    expect(observe(new EventDedupLog(), event)).toEqual({
      event,
      patch: undefined,
      skip: false,
      key: getEventKey(event),
    });
  });

  it('turns a repeat into a patch of the first event: its name and first timestamp, count + 1, the new time', () => {
    const log = new EventDedupLog();
    const first = again(0);
    observe(log, first);
    const { event, patch } = observe(log, again(5));
    expect(event).toEqual({
      ...again(5),
      metadata: { name: first.metadata.name, namespace: 'ns' },
      count: 2,
      firstTimestamp: first.firstTimestamp,
    });
    expect(patch).toBe(
      '{"count":2,"lastTimestamp":"2023-01-01T12:00:05Z","message":"Back-off restarting failed container"}',
    );
    expect(observe(log, again(9)).patch).toBe(
      '{"count":3,"lastTimestamp":"2023-01-01T12:00:09Z","message":"Back-off restarting failed container"}',
    );
    expect(log.deduplicated).toBe(2);
  });

  it.each([
    ['quotes, backslashes and control characters', 'say "hi"\\\n\ttab', String.raw`"say \"hi\"\\\n\ttab"`],
    ['non-ASCII text, kept as UTF-8', 'Zurück — 日本語 😀', '"Zurück — 日本語 😀"'],
    ['HTML characters, not escaped (Go would write \\u003c)', '<a&b>', '"<a&b>"'],
  ])('writes the message of a patch with JSON string escaping: %s', (_, message, json) => {
    const log = new EventDedupLog();
    observe(log, again(0, { message }));
    expect(observe(log, again(1, { message })).patch).toBe(
      `{"count":2,"lastTimestamp":"2023-01-01T12:00:01Z","message":${json}}`,
    );
  });

  it('leaves an empty message out of the patch (omitempty), and writes an unset lastTimestamp as null', () => {
    const log = new EventDedupLog();
    observe(log, again(0, { message: '' }));
    expect(observe(log, again(1, { message: '' })).patch).toBe('{"count":2,"lastTimestamp":"2023-01-01T12:00:01Z"}');
    const noTime = podEvent({ reason: 'NoTime' });
    delete noTime.lastTimestamp;
    observe(log, noTime);
    expect(observe(log, noTime).patch).toBe(
      '{"count":2,"lastTimestamp":null,"message":"Back-off restarting failed container"}',
    );
  });

  it('never treats an event with count 0 as a duplicate, as client-go stores its own count', () => {
    const log = new EventDedupLog();
    const zero = podEvent({ count: 0 });
    expect(observe(log, zero).patch).toBeUndefined();
    expect(observe(log, zero).patch).toBeUndefined();
    expect(observe(log, podEvent()).patch).toBeUndefined();
    expect(observe(log, podEvent()).event.count).toBe(2);
  });

  it('counts from the event it was given: a repeat of an event with count 5 patches count 6', () => {
    const log = new EventDedupLog();
    observe(log, podEvent({ count: 5 }));
    expect(observe(log, podEvent()).event.count).toBe(6);
  });

  it('keeps apart events with different keys', () => {
    const log = new EventDedupLog();
    observe(log, saying('a'));
    expect(observe(log, saying('b')).patch).toBeUndefined();
  });

  it('forgets the least recently used key beyond lruCacheSize; a lookup counts as use', () => {
    const log = new EventDedupLog({ lruCacheSize: 2 });
    observe(log, saying('a'));
    observe(log, saying('b'));
    observe(log, saying('a'));
    observe(log, saying('c'));
    expect(observe(log, saying('a')).event.count).toBe(3);
    expect(observe(log, saying('b')).event.count).toBe(1);
  });

  it('never mutates its input, and gives a duplicate its own metadata object', () => {
    const log = new EventDedupLog();
    const inputs = [again(0), again(1), again(2)];
    const before = snapshot(inputs);
    const results = inputs.map((event) => observe(log, event));
    expect(inputs).toEqual(before);
    expect(results[1]!.event.metadata).not.toBe(inputs[1]!.metadata);
  });

  it('takes any event under a key of the caller, one no default key can be made of included', () => {
    const log = new EventDedupLog();
    const event = { metadata: { name: 'a' }, message: 'hi', count: 1 } as unknown as CoreV1Event;
    expect(log.observe({ event, key: 'k' })).toMatchObject({ key: 'k', patch: undefined });
    log.updateState({ ...event, metadata: { name: 'a', resourceVersion: '5' } });
    expect(log.observe({ event, key: 'k' }).event.metadata).toEqual({ name: 'a', resourceVersion: '5' });
  });

  describe('updateState', () => {
    it("makes the next duplicate carry the server's name and resourceVersion", () => {
      const log = new EventDedupLog();
      const first = observe(log, again(0)).event;
      log.updateState({ ...first, metadata: { ...first.metadata, resourceVersion: '100' } });
      const { event } = observe(log, again(1));
      expect(event.metadata).toEqual({ name: 'web-0.0', namespace: 'ns', resourceVersion: '100' });
      expect(event.count).toBe(2);
    });

    it('finds an aggregate event under its aggregate key (client-go writes it where nothing reads)', () => {
      const scheduler = new VirtualTimeScheduler();
      const aggregator = new EventAggregator({ maxEvents: 2, scheduler });
      const log = new EventDedupLog();
      log.observe(aggregator.aggregate(saying('a')));
      const created = log.observe(aggregator.aggregate(saying('b'))).event;
      log.updateState({ ...created, metadata: { ...created.metadata, resourceVersion: '7' } });

      const { event, patch } = log.observe(aggregator.aggregate(saying('c')));
      expect(event.metadata.name).toBe(created.metadata.name);
      expect(event.metadata.resourceVersion).toBe('7');
      expect(event.count).toBe(2);
      expect(patch).toMatch(/^\{"count":2,.*"message":"\(combined from similar events\): c"\}$/);
    });

    it('finds the entry by name when the server changed a field of the key (a lone surrogate as U+FFFD)', () => {
      const log = new EventDedupLog();
      const sent = podEvent({ message: 'half \ud800 a pair' });
      const created = log.observe({ event: sent, key: getEventKey(sent) }).event;
      const answer = { ...created, message: 'half \ufffd a pair' };
      log.updateState({ ...answer, metadata: { ...created.metadata, resourceVersion: '9' } });
      const { event } = log.observe({ event: sent, key: getEventKey(sent) });
      expect(event.metadata.resourceVersion).toBe('9');
      expect(log.observe({ event: answer, key: getEventKey(answer) }).patch).toBeUndefined();
    });

    it('stores an event it never observed under its event key, as client-go', () => {
      const log = new EventDedupLog();
      log.updateState(podEvent({ metadata: { name: 'from-server', namespace: 'ns', resourceVersion: '3' }, count: 4 }));
      const { event } = observe(log, again(1));
      expect(event.metadata).toEqual({ name: 'from-server', namespace: 'ns', resourceVersion: '3' });
      expect(event.count).toBe(5);
    });

    it('keeps a count already handed out when an older answer comes back late', () => {
      const log = new EventDedupLog();
      const first = observe(log, again(0)).event;
      observe(log, again(1));
      observe(log, again(2));
      log.updateState({ ...first, metadata: { ...first.metadata, resourceVersion: '100' } });
      const { event } = observe(log, again(3));
      expect(event.count).toBe(4);
      expect(event.metadata.resourceVersion).toBe('100');
    });

    it('follows a rename by the server', () => {
      const log = new EventDedupLog();
      const first = observe(log, again(0)).event;
      log.updateState({ ...first, metadata: { name: 'renamed', namespace: 'ns', resourceVersion: '1' } });
      log.updateState({ ...first, metadata: { name: 'renamed', namespace: 'ns', resourceVersion: '2' } });
      expect(observe(log, again(1)).event.metadata).toEqual({ name: 'renamed', namespace: 'ns', resourceVersion: '2' });
    });

    it('does not mutate the server event', () => {
      const log = new EventDedupLog();
      const server = again(0);
      const before = snapshot(server);
      log.updateState(server);
      observe(log, again(1));
      expect(server).toEqual(before);
    });
  });
});

describe('dedupe()', () => {
  it('dedups a stream of { event, key } on its own, with a fresh log per subscription', () => {
    const ts = testScheduler();
    ts.run(({ cold, expectObservable }) => {
      const source = cold('aab|', { a: saying('a'), b: saying('b') }).pipe(
        map((event) => ({ event, key: getEventKey(event) })),
        dedupe(),
        map(brief),
      );
      const values = { x: 'create 1 a', y: 'patch 2 a', z: 'create 1 b' };
      expectObservable(source).toBe('xyz|', values);
      expectObservable(source).toBe('xyz|', values);
    });
  });

  it('shares a given log, which its owner can update', () => {
    const log = new EventDedupLog();
    const ts = testScheduler();
    ts.run(({ cold, expectObservable }) => {
      const source = cold('a|', { a: { event: saying('a'), key: 'k' } }).pipe(dedupe(log), map(brief));
      expectObservable(source).toBe('x|', { x: 'create 1 a' });
      expectObservable(source).toBe('y|', { y: 'patch 2 a' });
    });
    expect(log.deduplicated).toBe(1);
  });
});

describe('EventCorrelator.updateState', () => {
  it('reaches the dedup log', () => {
    const correlator = new EventCorrelator({ scheduler: new VirtualTimeScheduler() });
    const { event } = correlator.correlate(again(0));
    correlator.updateState({ ...event, metadata: { ...event.metadata, resourceVersion: '55' } });
    expect(correlator.correlate(again(1)).event.metadata.resourceVersion).toBe('55');
  });
});
