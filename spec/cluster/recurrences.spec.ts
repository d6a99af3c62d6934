import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { recurrences } from '../../src/cluster/index.js';
import type { ClusterEvent, EventOrChange } from '../../src/cluster/index.js';
import { eventOf } from '../../src/cluster/internal/event-fields.js';
import { shapes } from './fixtures.js';

const newScheduler = () =>
  new TestScheduler((actual, expected) => {
    expect(actual).toEqual(expected);
  });

describe.each(shapes)('recurrences() on $label', ({ make }) => {
  const at = (name: string, count: number, viaSeries = false) =>
    make(viaSeries ? { name, seriesCount: count, count: 1 } : { name, count });
  const again = (item: EventOrChange, previousCount: number) => {
    const event: ClusterEvent = eventOf(item);
    const count = (event.series?.count ?? ('involvedObject' in event ? event.count : event.deprecatedCount))!;
    return { event, count, previousCount, occurrences: count - previousCount };
  };

  it('emits when a count goes up, with how many times since the last one', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const v = { a: at('a', 1), b: at('b', 1), c: at('a', 2), d: at('a', 5), e: at('b', 1) };
      expectObservable(cold('-a-b-c-d-e-|', v).pipe(recurrences())).toBe('-----x-y---|', {
        x: again(v.c, 1),
        y: again(v.d, 2),
      });
    });
  });

  it('reads series.count before count, takes a count going down as a new baseline', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const v = { a: at('a', 2, true), b: at('a', 3, true), c: at('a', 1), d: at('a', 2) };
      expectObservable(cold('-a-b-c-d-|', v).pipe(recurrences())).toBe('---x---y-|', {
        x: again(v.b, 2),
        y: again(v.d, 1),
      });
    });
  });

  it('forgets the least recently seen past maxTracked', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const v = {
        a: at('a', 1),
        b: at('b', 1),
        c: at('a', 2),
        d: at('b', 2),
        e: at('c', 1),
        f: at('a', 3),
        g: at('b', 3),
      };
      // a, b tracked; a again (x), b again (y); c evicts a; a comes back as a baseline; b evicted by a, so no z either.
      expectObservable(cold('-a-b-c-d-e-f-g-|', v).pipe(recurrences({ maxTracked: 2 }))).toBe('-----x-y-------|', {
        x: again(v.c, 1),
        y: again(v.d, 1),
      });
    });
  });

  it('passes errors through, never-ending sources stay open, unsubscribes early', () => {
    newScheduler().run(({ cold, hot, expectObservable, expectSubscriptions }) => {
      const v = { a: at('a', 1), b: at('a', 2) };
      expectObservable(cold('-a-b-#', v).pipe(recurrences())).toBe('---x-#', { x: again(v.b, 1) });
      expectObservable(cold('|', v).pipe(recurrences())).toBe('|');
      const source = hot('-a--', v);
      expectObservable(source.pipe(recurrences()), '^-!').toBe('--');
      expectSubscriptions(source.subscriptions).toBe('^-!');
    });
  });
});

describe('recurrences() on changes', () => {
  it('forgets an Event on DELETED, so its return is a new baseline', () => {
    const make = shapes[2]!.make;
    const e = (count: number) => make({ name: 'a', count });
    newScheduler().run(({ cold, expectObservable }) => {
      const v = { a: e(1), b: e(2), d: { type: 'DELETED', object: eventOf(e(2)) }, c: e(3) };
      expectObservable(cold('-a-b-d-c-|', v).pipe(recurrences())).toBe('---x-----|', {
        x: { event: eventOf(v.b), count: 2, previousCount: 1, occurrences: 1 },
      });
    });
  });

  it('refuses a bad maxTracked at the call', () => {
    expect(() => recurrences({ maxTracked: 0 })).toThrow(RangeError);
    expect(() => recurrences({ maxTracked: 1.5 })).toThrow(RangeError);
  });
});
