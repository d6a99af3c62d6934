import { describe, expect, it } from 'vitest';
import { Broadcaster } from '../../src/watch/index.js';
import type { WatchEvent } from '../../src/watch/index.js';
import { settleAfter, testScheduler } from './helpers.js';

const added = (object: string): WatchEvent<string> => ({ type: 'ADDED', object });
const events = Object.fromEntries(['a', 'b', 'c', 'd', 'e', 'p', 'q'].map((key) => [key, added(key)]));

/** Broadcasts each value of `marbles` as an `ADDED` action, at its frame. */
function broadcast(hot: (marbles: string) => { subscribe(next: (object: string) => void): unknown }) {
  return (broadcaster: Broadcaster<string>, marbles: string): void => {
    hot(marbles).subscribe((object) => broadcaster.actionOrDrop('ADDED', object));
  };
}

describe('Broadcaster watcher backlog (a ReplaySubject per watcher)', () => {
  it('keeps what arrives before the first subscriber and hands it over on subscription, then live events', () => {
    const broadcaster = new Broadcaster<string>();
    testScheduler().run(({ hot, expectObservable }) => {
      const watch = broadcaster.watch();
      broadcast(hot)(broadcaster, 'a-b-c------d');
      expectObservable(watch.events$, '----^').toBe('----(abc)--d', events);
    });
    expect(broadcaster.stats).toMatchObject({ accepted: 4, delivered: 4, droppedWatcher: 0 });
  });

  it('delivers the prefix first, to that watcher only, then what arrived since, then live events', () => {
    const broadcaster = new Broadcaster<string>();
    testScheduler().run(({ hot, expectObservable }) => {
      const other = broadcaster.watch();
      const watch = broadcaster.watchWithPrefix([added('p'), added('q')]);
      broadcast(hot)(broadcaster, 'a-------b');
      expectObservable(watch.events$, '--^').toBe('--(pqa)-b', events);
      expectObservable(other.events$).toBe('a-------b', events);
    });
  });

  it('shares one handle between two subscribers: the backlog goes to those present at the first, then both get live events', () => {
    const broadcaster = new Broadcaster<string>();
    testScheduler().run(({ hot, expectObservable }) => {
      const watch = broadcaster.watch();
      broadcast(hot)(broadcaster, 'ab----c--d');
      expectObservable(watch.events$, '--^').toBe('--(ab)c--d', events);
      expectObservable(watch.events$, '---^').toBe('------c--d', events);
    });
    // One delivery per event for the watcher, however many subscribers it has.
    expect(broadcaster.stats.delivered).toBe(4);
  });

  it("'drop' drops the newest events for a full watcher (not the oldest, as a ReplaySubject would), and counts them", () => {
    const broadcaster = new Broadcaster<string>({ queueLength: 2, fullQueue: 'drop' });
    testScheduler().run(({ hot, expectObservable }) => {
      const unread = broadcaster.watch();
      const reader = broadcaster.watch();
      broadcast(hot)(broadcaster, 'abcd-----e');
      expectObservable(unread.events$, '-----^').toBe('-----(ab)e', events);
      expectObservable(reader.events$).toBe('abcd-----e', events);
    });
    expect(broadcaster.stats.droppedPerWatcher).toEqual(
      new Map([
        [0, 2],
        [1, 0],
      ]),
    );
  });

  it("'wait' holds an action back from every watcher until the full one has room, and drops nothing", () => {
    const scheduler = testScheduler();
    const broadcaster = new Broadcaster<string>({ queueLength: 1, fullQueue: 'wait' });
    scheduler.run(({ hot, expectObservable }) => {
      // The fast watcher comes first: it too waits for c until the slow one has room.
      const fast = broadcaster.watch();
      const slow = broadcaster.watch({ handler: () => settleAfter(scheduler, 3) });
      broadcast(hot)(broadcaster, 'abc-----d');
      expectObservable(fast.events$).toBe('ab-c----d', events);
      expectObservable(slow.events$).toBe('a--b--c--d', events);
    });
    expect(broadcaster.stats).toMatchObject({ accepted: 4, droppedWatcher: 0, pending: 0 });
  });

  it('on stop() mid-backlog completes at once, discards what waits (counted) and calls the handler no more', () => {
    const scheduler = testScheduler();
    const broadcaster = new Broadcaster<string>({ queueLength: 5 });
    const handled: string[] = [];
    scheduler.run(({ hot, expectObservable }) => {
      const watch = broadcaster.watch({
        handler: ({ object }) => {
          handled.push(object);
          return settleAfter(scheduler, 3);
        },
      });
      broadcast(hot)(broadcaster, 'abc');
      hot('----s').subscribe(() => {
        watch.stop();
      });
      expectObservable(watch.events$).toBe('a--b|', events);
    });
    expect(handled).toEqual(['a', 'b']);
    expect(broadcaster.stats).toMatchObject({ delivered: 2, droppedOnStop: 1, watchers: 0 });
  });

  it('stops draining the backlog when a subscriber stops its own watcher in the middle of it', () => {
    const broadcaster = new Broadcaster<string>();
    const watch = broadcaster.watch();
    for (const object of ['a', 'b', 'c']) broadcaster.actionOrDrop('ADDED', object);
    const seen: string[] = [];
    watch.events$.subscribe(({ object }) => {
      seen.push(object);
      watch.stop();
    });
    broadcaster.actionOrDrop('ADDED', 'd');
    expect(seen).toEqual(['a']);
    expect(broadcaster.stats).toMatchObject({ delivered: 1, droppedOnStop: 2, watchers: 0 });
  });

  it('keeps the backlog for the next subscriber when the last one unsubscribes, in order with new events', () => {
    const broadcaster = new Broadcaster<string>();
    testScheduler().run(({ hot, expectObservable }) => {
      const watch = broadcaster.watch();
      broadcast(hot)(broadcaster, 'a-b-c-----d');
      expectObservable(watch.events$, '^-!').toBe('a-', events);
      expectObservable(watch.events$, '-----^').toBe('-----(bc)-d', events);
    });
  });
});
