import { map, Subject } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { eventSeries } from '../../src/events/event-series.js';
import type { EventSeriesOptions, SeriesStep } from '../../src/events/types.js';
import type { EventsV1Event } from '../../src/meta/types.js';

const minute = 60_000;

function newScheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => {
    expect(actual).toEqual(expected);
  });
}

let made = 0;
/** An occurrence about Pod `object`, named as the recorder names it (a new name each time). */
function occurrence(object: string, extra: Partial<EventsV1Event> = {}): EventsV1Event {
  made += 1;
  return {
    metadata: { name: `${object}.${String(made)}`, namespace: 'shop' },
    eventTime: new Date(0),
    reportingController: 'example.com/shop-operator',
    reportingInstance: 'shop-operator-1',
    action: 'Pull',
    reason: 'BackOff',
    regarding: { kind: 'Pod', namespace: 'shop', name: object, uid: `uid-${object}`, apiVersion: 'v1' },
    note: 'Back-off pulling image',
    type: 'Warning',
    ...extra,
  };
}

/** `kind:name:count`, plus `!` when skipped: what a step says, in one token. */
function brief(step: SeriesStep): string {
  // A step that patches sends the count it stands for.
  if (step.patch !== undefined) expect(step.event.series?.count).toBe(step.count);
  return `${step.kind}:${step.event.metadata.name ?? ''}:${String(step.count)}${step.skip ? '!' : ''}`;
}

/**
 * Runs occurrences (at the given virtual times, ms) through the stage, then ends the input (`'complete'`) or leaves
 * (`'unsubscribe'`) at `endAt`; collects `[time, brief]` for every step.
 */
function run(
  occurrences: readonly (readonly [number, EventsV1Event])[],
  endAt: number,
  options: Omit<EventSeriesOptions, 'scheduler'> = {},
  end: 'complete' | 'unsubscribe' = 'complete',
): [number, string][] {
  const ts = newScheduler();
  const seen: [number, string][] = [];
  ts.run(({ flush }) => {
    const input = new Subject<EventsV1Event>();
    const subscription = input
      .pipe(eventSeries({ scheduler: ts, ...options }))
      .subscribe((step) => seen.push([ts.now(), brief(step)]));
    for (const [time, event] of occurrences)
      ts.schedule(() => {
        input.next(event);
      }, time);
    ts.schedule(() => {
      if (end === 'complete') input.complete();
      else subscription.unsubscribe();
    }, endAt);
    flush();
  });
  return seen;
}

/** An occurrence named `name` (`<object>.<n>`), about Pod `<object>`. */
const named = (name: string, extra: Partial<EventsV1Event> = {}): EventsV1Event =>
  occurrence(name.split('.')[0] ?? name, { metadata: { name, namespace: 'shop' }, ...extra });

describe('eventSeries', () => {
  it('creates the first occurrence, patches the second with count 2, and only counts the third', () => {
    const ts = newScheduler();
    const a1 = named('a.1', { eventTime: new Date(60_000) });
    ts.run(({ hot, expectObservable }) => {
      const input = hot('1m a 59999ms b 59999ms c 59999ms |', { a: a1, b: named('a.2'), c: named('a.3') });
      expectObservable(input.pipe(eventSeries({ scheduler: ts }), map(brief))).toBe(
        '1m A 59999ms B 59999ms C 59999ms (D|)',
        { A: 'create:a.1:1', B: 'series:a.1:2', C: 'observed:a.1:3!', D: 'flush:a.1:3' },
      );
    });
  });

  it('sends exactly {"series":{"count":2,"lastObservedTime":…}} on the first event, which carries the series', () => {
    const ts = newScheduler();
    const steps: SeriesStep[] = [];
    ts.run(({ hot, flush }) => {
      const input = hot('1m a 59999ms b 1m |', { a: named('a.1'), b: named('a.2', { note: 'another note' }) });
      input.pipe(eventSeries({ scheduler: ts })).subscribe((step) => steps.push(step));
      flush();
    });
    const second = steps[1];
    expect(second?.patch).toBe('{"series":{"count":2,"lastObservedTime":"1970-01-01T00:02:00.000000Z"}}');
    // The first event's name and note: a patch answered 404 creates the event with its series.
    expect(second?.event).toMatchObject({
      metadata: { name: 'a.1' },
      note: 'Back-off pulling image',
      series: { count: 2, lastObservedTime: new Date(120_000) },
    });
    expect(second).toMatchObject({ key: 'shop/a.1', skip: false });
    expect(Object.isFrozen(second?.event)).toBe(true);
  });

  it('changes nothing on the server for the 3rd–Nth occurrence until the 30-minute heartbeat sends the newest count', () => {
    const every = Array.from({ length: 35 }, (_, k) => [30_000 + k * minute, named(`a.${String(k + 1)}`)] as const);
    const steps = run(every, 40 * minute);
    const observed = steps.filter(([, step]) => step.endsWith('!'));
    expect(observed.map(([, step]) => step)).toEqual(
      Array.from({ length: 33 }, (_, k) => `observed:a.1:${String(k + 3)}!`),
    );
    // 30 occurrences by 30 min (at 0:30 … 29:30); the finish passes keep a series observed every minute.
    expect(steps.filter(([, step]) => !step.endsWith('!'))).toEqual([
      [30_000, 'create:a.1:1'],
      [90_000, 'series:a.1:2'],
      [30 * minute, 'heartbeat:a.1:30'],
      [40 * minute, 'flush:a.1:35'],
    ]);
  });

  it('sends the heartbeat every 30 minutes while a series stays open', () => {
    const every = Array.from({ length: 65 }, (_, k) => [30_000 + k * minute, named(`a.${String(k + 1)}`)] as const);
    const writes = run(every, 65 * minute).filter(([, step]) => !step.endsWith('!'));
    expect(writes).toEqual([
      [30_000, 'create:a.1:1'],
      [90_000, 'series:a.1:2'],
      [30 * minute, 'heartbeat:a.1:30'],
      [60 * minute, 'heartbeat:a.1:60'],
      [65 * minute, 'flush:a.1:65'],
    ]);
  });

  it('finishes a series idle 6 minutes with its final count between 6 and 12 minutes, then a repeat starts a new event', () => {
    const ts = newScheduler();
    ts.run(({ hot, expectObservable }) => {
      const input = hot('1m a 59999ms b 59999ms c 599999ms d 59999ms |', {
        a: named('a.1'),
        b: named('a.2'),
        c: named('a.3'),
        d: named('a.4'),
      });
      // Passes at 0, 6 and 12 min: at 6 the last occurrence (3 min) is 3 min old, kept; at 12 it is 9 min old.
      expectObservable(input.pipe(eventSeries({ scheduler: ts }), map(brief))).toBe(
        '1m A 59999ms B 59999ms C 539999ms F 59999ms G 59999ms |',
        { A: 'create:a.1:1', B: 'series:a.1:2', C: 'observed:a.1:3!', F: 'finish:a.1:3', G: 'create:a.4:1' },
      );
    });
  });

  it('patches the final count at the finish only when the server does not have it', () => {
    const steps = run(
      [
        [minute, named('a.1')],
        [2 * minute, named('a.2')],
      ],
      13 * minute,
    );
    expect(steps).toEqual([
      [minute, 'create:a.1:1'],
      [2 * minute, 'series:a.1:2'],
      [12 * minute, 'finish:a.1:2!'],
    ]);
  });

  it('forgets a singleton whose eventTime is over 6 minutes old at a finish pass; a repeat is a new event', () => {
    const steps = run(
      [
        [minute, named('a.1', { eventTime: new Date(minute) })],
        [13 * minute, named('a.2', { eventTime: new Date(13 * minute) })],
      ],
      14 * minute,
    );
    expect(steps).toEqual([
      [minute, 'create:a.1:1'],
      [12 * minute, 'forget:a.1:1!'],
      [13 * minute, 'create:a.2:1'],
    ]);
  });

  it('flushes at the end every open series whose newest count the server lacks, and nothing else', () => {
    const steps = run(
      [
        [1, named('a.1')],
        [2, named('a.2')],
        [3, named('a.3')],
        [4, named('b.1')],
        [5, named('b.2')],
        [6, named('c.1')],
      ],
      10,
    );
    expect(steps.filter(([time]) => time === 10)).toEqual([[10, 'flush:a.1:3']]);
  });

  it('evicts the least recently observed event beyond maxSeries, patching its unsent count first', () => {
    const steps = run(
      [
        [1, named('a.1')],
        [2, named('a.2')],
        [3, named('a.3')],
        [4, named('b.1')],
        [5, named('c.1')],
        [6, named('d.1')],
        [7, named('c.2')],
      ],
      10,
      { maxSeries: 2 },
    );
    expect(steps).toEqual([
      [1, 'create:a.1:1'],
      [2, 'series:a.1:2'],
      [3, 'observed:a.1:3!'],
      [4, 'create:b.1:1'],
      [5, 'evict:a.1:3'],
      [5, 'create:c.1:1'],
      [6, 'evict:b.1:1!'],
      [6, 'create:d.1:1'],
      [7, 'series:c.1:2'],
    ]);
  });

  describe('the key', () => {
    const withRv = (name: string, resourceVersion: string): EventsV1Event => {
      const event = named(name);
      return { ...event, regarding: { ...event.regarding, resourceVersion } };
    };

    it('leaves the resourceVersion out by default: an object that changes still forms a series', () => {
      const steps = run(
        [
          [1, withRv('a.1', '10')],
          [2, withRv('a.2', '11')],
        ],
        3,
      );
      expect(steps.map(([, step]) => step)).toEqual(['create:a.1:1', 'series:a.1:2']);
    });

    it('keeps it with keyResourceVersion, as client-go: each version is an event of its own', () => {
      const steps = run(
        [
          [1, withRv('a.1', '10')],
          [2, withRv('a.2', '11')],
          [3, withRv('a.3', '11')],
        ],
        4,
        { keyResourceVersion: true },
      );
      expect(steps.map(([, step]) => step)).toEqual(['create:a.1:1', 'create:a.2:1', 'series:a.2:2']);
    });

    it('leaves the note and annotations out, and takes type, action, reason, instance and related in', () => {
      const base = named('a.1');
      const variants: EventsV1Event[] = [
        named('a.2', { note: 'other', metadata: { name: 'a.2', namespace: 'shop', annotations: { x: 'y' } } }),
        named('a.3', { type: 'Normal' }),
        named('a.4', { action: 'Other' }),
        named('a.5', { reason: 'Other' }),
        named('a.6', { reportingInstance: 'other' }),
        named('a.7', { reportingController: 'example.com/other' }),
        named('a.8', { related: { kind: 'Node', name: 'n1' } }),
        named('a.9', { regarding: { ...base.regarding, fieldPath: 'spec.containers{web}' } }),
      ];
      const steps = run(
        [base, ...variants].map((event, i) => [i + 1, event] as const),
        20,
      );
      expect(steps.map(([, step]) => step)).toEqual([
        'create:a.1:1',
        'series:a.1:2',
        ...variants.slice(1).map((event) => `create:${event.metadata.name ?? ''}:1`),
      ]);
    });
  });

  it('stops its loops when the subscriber leaves, and when the input errors (after flushing)', () => {
    const left = run([[minute, named('a.1')]], 2 * minute, {}, 'unsubscribe');
    expect(left).toEqual([[minute, 'create:a.1:1']]);
    const ts = newScheduler();
    ts.run(({ hot, expectObservable }) => {
      const input = hot('1m a b #', { a: named('a.1'), b: named('a.2') }, new Error('boom'));
      expectObservable(input.pipe(eventSeries({ scheduler: ts }), map(brief))).toBe(
        '1m A B #',
        { A: 'create:a.1:1', B: 'series:a.1:2' },
        new Error('boom'),
      );
    });
  });

  it('runs its passes on the scheduler with the given periods', () => {
    const steps = run(
      [
        [1, named('a.1')],
        [2, named('a.2')],
        [3, named('a.3')],
      ],
      250,
      { finishTimeMs: 100, refreshTimeMs: 50 },
    );
    expect(steps.filter(([, step]) => !step.startsWith('create') && !step.startsWith('series'))).toEqual([
      [3, 'observed:a.1:3!'],
      [50, 'heartbeat:a.1:3'],
      [100, 'heartbeat:a.1:3'],
      [150, 'heartbeat:a.1:3'],
      [200, 'finish:a.1:3!'],
    ]);
  });

  it('refuses bad options at the call', () => {
    expect(() => eventSeries({ maxSeries: 0 })).toThrow(RangeError);
    expect(() => eventSeries({ finishTimeMs: 0 })).toThrow(/finishTimeMs must be at least 1 ms/);
    expect(() => eventSeries({ refreshTimeMs: Infinity })).toThrow(RangeError);
    expect(() => eventSeries({ keyResourceVersion: 'yes' as never })).toThrow(TypeError);
    expect(() => eventSeries({ scheduler: {} as never })).toThrow(TypeError);
    expect(() => eventSeries(null as never)).toThrow(TypeError);
  });
});
