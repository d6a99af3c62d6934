import { config, take } from 'rxjs';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { Broadcaster, BroadcasterStoppedError } from '../../src/watch/index.js';
import type { BroadcasterWatch, WatchEvent } from '../../src/watch/index.js';
import { record, testScheduler } from './helpers.js';

const added = (object: string): WatchEvent<string> => ({ type: 'ADDED', object });

describe('Broadcaster', () => {
  describe('ordering', () => {
    it('delivers every action to every watcher in broadcast order', () => {
      testScheduler().run(({ hot, expectObservable }) => {
        const broadcaster = new Broadcaster<string>();
        const first = broadcaster.watch();
        const second = broadcaster.watch();
        hot('a-b-(cd)-e').subscribe((object) => broadcaster.actionOrDrop('MODIFIED', object));
        const values = { a: 'a', b: 'b', c: 'c', d: 'd', e: 'e' };
        const events = Object.fromEntries(
          Object.entries(values).map(([key, object]) => [key, { type: 'MODIFIED', object }]),
        );
        expectObservable(first.events$).toBe('a-b-(cd)-e', events);
        expectObservable(second.events$).toBe('a-b-(cd)-e', events);
      });
    });

    it('delivers a single action before actionOrDrop returns (no scheduler)', () => {
      const broadcaster = new Broadcaster<string>();
      const { values } = record(broadcaster.watch().events$);
      expect(broadcaster.actionOrDrop('ADDED', 'x')).toBe(true);
      expect(values).toEqual([added('x')]);
    });

    it('queues an action made from a watcher callback behind the current one, for every watcher', () => {
      const broadcaster = new Broadcaster<string>();
      const log: string[] = [];
      broadcaster.watch().events$.subscribe(({ object }) => {
        log.push(`A:${object}`);
        if (object === 'a') {
          broadcaster.actionOrDrop('ADDED', 'x');
          void broadcaster.action('ADDED', 'y');
          log.push('A:a-returned');
        }
      });
      broadcaster.watch({ handler: ({ object }) => void log.push(`B:${object}`) });

      broadcaster.actionOrDrop('ADDED', 'a');

      expect(log).toEqual(['A:a', 'A:a-returned', 'B:a', 'A:x', 'B:x', 'A:y', 'B:y']);
    });

    it('never shows a watcher an action made before it, and always one made after it', () => {
      const broadcaster = new Broadcaster<string>();
      const early = record(broadcaster.watch().events$);
      broadcaster.actionOrDrop('ADDED', 'before');
      const late = record(broadcaster.watch().events$);
      broadcaster.actionOrDrop('ADDED', 'after');

      expect(early.values.map((e) => e.object)).toEqual(['before', 'after']);
      expect(late.values.map((e) => e.object)).toEqual(['after']);
    });

    // A handler watcher takes the per-watcher path; when every watcher is a plain events$ subscriber, the
    // broadcaster feeds one flat subscriber list instead. Both must keep these rules.
    describe.each([
      {
        consumer: 'a handler',
        consume: (broadcaster: Broadcaster<string>, fn: (event: WatchEvent<string>) => void) =>
          broadcaster.watch({ handler: fn }),
      },
      {
        consumer: 'an events$ subscriber',
        consume: (broadcaster: Broadcaster<string>, fn: (event: WatchEvent<string>) => void) => {
          const watch = broadcaster.watch();
          watch.events$.subscribe(fn);
          return watch;
        },
      },
    ])('when the first watcher is $consumer', ({ consume }) => {
      it('keeps that rule for a watcher created during distribution, while actions are still queued', () => {
        const broadcaster = new Broadcaster<string>();
        let inner: { values: WatchEvent<string>[] } | undefined;
        consume(broadcaster, ({ object }) => {
          if (object !== 'a') return;
          broadcaster.actionOrDrop('ADDED', 'queued-before-watch');
          inner = record(broadcaster.watch().events$);
          broadcaster.actionOrDrop('ADDED', 'queued-after-watch');
        });
        broadcaster.actionOrDrop('ADDED', 'a');

        expect(inner?.values.map((e) => e.object)).toEqual(['queued-after-watch']);
        expect(broadcaster.stats.delivered).toBe(3 + 1);
      });

      it('does not deliver an action to a watcher stopped by an earlier watcher during the same distribution', () => {
        const broadcaster = new Broadcaster<string>();
        consume(broadcaster, () => {
          victim.stop();
        });
        const victim = broadcaster.watch();
        const { values, completed } = record(victim.events$);

        broadcaster.actionOrDrop('ADDED', 'a');

        expect(values).toEqual([]);
        expect(completed()).toBe(true);
        expect(broadcaster.stats.delivered).toBe(1);
      });

      it('delivers the current action to a subscriber added during it to a watcher not yet served', () => {
        const broadcaster = new Broadcaster<string>();
        const late: string[] = [];
        consume(broadcaster, ({ object }) => {
          if (object === 'a') second.events$.subscribe(({ object: seen }) => late.push(seen));
        });
        const second = broadcaster.watch();
        const early = record(second.events$);
        broadcaster.actionOrDrop('ADDED', 'a');
        broadcaster.actionOrDrop('ADDED', 'b');

        expect(late).toEqual(['a', 'b']);
        expect(early.values.map((e) => e.object)).toEqual(['a', 'b']);
        expect(broadcaster.stats.delivered).toBe(2 * 2);
      });
    });

    it('switches between a handler watcher and plain subscribers without losing or repeating events', () => {
      const broadcaster = new Broadcaster<string>();
      const plain = record(broadcaster.watch().events$);
      broadcaster.actionOrDrop('ADDED', '1');
      const handled: string[] = [];
      const withHandler = broadcaster.watch({ handler: ({ object }) => void handled.push(object) });
      broadcaster.actionOrDrop('ADDED', '2');
      withHandler.stop();
      broadcaster.actionOrDrop('ADDED', '3');

      expect(plain.values.map((e) => e.object)).toEqual(['1', '2', '3']);
      expect(handled).toEqual(['2']);
      expect(broadcaster.stats.delivered).toBe(4);
    });

    it('keeps an action queued by a watcher first, even when that watcher threw out of delivery', () => {
      // Only RxJS's deprecated synchronous error handling lets a subscriber's throw leave delivery, with the action
      // the subscriber made still queued: the next action must not overtake it.
      const synchronousErrors = (on: boolean): void => {
        // eslint-disable-next-line @typescript-eslint/no-deprecated -- the one setting that lets a subscriber throw out of delivery
        config.useDeprecatedSynchronousErrorHandling = on;
      };
      synchronousErrors(true);
      try {
        const broadcaster = new Broadcaster<string>();
        const seen: string[] = [];
        broadcaster.watch().events$.subscribe(({ object }) => {
          seen.push(object);
          if (object === '1') {
            broadcaster.actionOrDrop('ADDED', '2');
            throw new Error('boom');
          }
        });
        expect(() => broadcaster.actionOrDrop('ADDED', '1')).toThrow('boom');
        broadcaster.actionOrDrop('ADDED', '3');
        expect(seen).toEqual(['1', '2', '3']);
      } finally {
        synchronousErrors(false);
      }
    });

    it('gives watchers ids from 0 upward, never reused', () => {
      const broadcaster = new Broadcaster<string>();
      const first = broadcaster.watch();
      const second = broadcaster.watchWithPrefix([]);
      first.stop();
      const third = broadcaster.watch();
      expect([first.id, second.id, third.id]).toEqual([0, 1, 2]);
    });
  });

  describe('with a scheduler', () => {
    it('defers distribution to one task that drains everything queued, including re-entrant actions', () => {
      const scheduler = testScheduler();
      const broadcaster = new Broadcaster<string>({ scheduler });
      const log: string[] = [];
      broadcaster.watch({
        handler: ({ object }) => {
          log.push(object);
          if (object === 'a') broadcaster.actionOrDrop('ADDED', 'from-callback');
        },
      });

      broadcaster.actionOrDrop('ADDED', 'a');
      broadcaster.actionOrDrop('ADDED', 'b');
      expect(log).toEqual([]);
      expect(broadcaster.stats.pending).toBe(2);

      scheduler.flush();
      expect(log).toEqual(['a', 'b', 'from-callback']);
      expect(broadcaster.stats.pending).toBe(0);
    });

    it('bounds a synchronous burst by incomingQueueLength', () => {
      const scheduler = testScheduler();
      const broadcaster = new Broadcaster<string>({ scheduler, incomingQueueLength: 3 });
      const { values } = record(broadcaster.watch().events$);

      const accepted = ['a', 'b', 'c', 'd', 'e'].map((object) => broadcaster.actionOrDrop('ADDED', object));
      scheduler.flush();

      expect(accepted).toEqual([true, true, true, false, false]);
      expect(values.map((e) => e.object)).toEqual(['a', 'b', 'c']);
      expect(broadcaster.stats).toMatchObject({ accepted: 3, droppedIncoming: 2, delivered: 3 });
    });

    it('distributes in virtual time when actions come at different frames', () => {
      const scheduler = testScheduler();
      scheduler.run(({ hot, expectObservable }) => {
        const broadcaster = new Broadcaster<string>({ scheduler });
        const watch = broadcaster.watch();
        hot('a 9ms b').subscribe((object) => broadcaster.actionOrDrop('ADDED', object));
        expectObservable(watch.events$).toBe('a 9ms b', { a: added('a'), b: added('b') });
      });
    });
  });

  describe('watchWithPrefix', () => {
    it('delivers the prefix to that watcher only, before any later action', () => {
      const broadcaster = new Broadcaster<string>();
      const other = record(broadcaster.watch().events$);
      broadcaster.actionOrDrop('ADDED', 'earlier');
      const watch = broadcaster.watchWithPrefix([added('p1'), { type: 'DELETED', object: 'p2' }]);
      broadcaster.actionOrDrop('ADDED', 'later');
      const { values } = record(watch.events$);

      expect(values).toEqual([added('p1'), { type: 'DELETED', object: 'p2' }, added('later')]);
      expect(other.values.map((e) => e.object)).toEqual(['earlier', 'later']);
    });

    it('behaves like watch() with an empty prefix', () => {
      const broadcaster = new Broadcaster<string>();
      const { values } = record(broadcaster.watchWithPrefix([]).events$);
      broadcaster.actionOrDrop('ADDED', 'a');
      expect(values).toEqual([added('a')]);
    });

    it('keeps a prefix longer than queueLength whole', () => {
      const broadcaster = new Broadcaster<string>({ queueLength: 2 });
      const prefix = ['1', '2', '3', '4', '5'].map(added);
      const watch = broadcaster.watchWithPrefix(prefix);
      const { values } = record(watch.events$);
      expect(values).toEqual(prefix);
      expect(broadcaster.stats.droppedWatcher).toBe(0);
    });

    it('hands the prefix to a handler before returning', () => {
      const broadcaster = new Broadcaster<string>();
      const seen: string[] = [];
      broadcaster.watchWithPrefix([added('p')], { handler: ({ object }) => void seen.push(object) });
      expect(seen).toEqual(['p']);
    });

    it('throws a TypeError when the prefix is not an array', () => {
      const broadcaster = new Broadcaster<string>();
      expect(() => broadcaster.watchWithPrefix(added('p') as unknown as WatchEvent<string>[])).toThrow(TypeError);
    });
  });

  describe('events$', () => {
    it('emits nothing and does not complete while no action comes (never-ending)', () => {
      testScheduler().run(({ expectObservable }) => {
        const broadcaster = new Broadcaster<string>();
        expectObservable(broadcaster.watch().events$).toBe('-');
      });
    });

    it('shares one attachment between subscribers: one delivery and one handler call per event', () => {
      const broadcaster = new Broadcaster<string>();
      const handled: string[] = [];
      const watch = broadcaster.watch({ handler: ({ object }) => void handled.push(object) });
      const one = record(watch.events$);
      const two = record(watch.events$);

      broadcaster.actionOrDrop('ADDED', 'a');

      expect(one.values).toEqual([added('a')]);
      expect(two.values).toEqual([added('a')]);
      expect(handled).toEqual(['a']);
      expect(broadcaster.stats.delivered).toBe(1);
    });

    it('keeps events for the first subscriber when none was there yet', () => {
      const broadcaster = new Broadcaster<string>();
      const watch = broadcaster.watch();
      broadcaster.actionOrDrop('ADDED', 'a');
      broadcaster.actionOrDrop('ADDED', 'b');
      expect(broadcaster.stats.delivered).toBe(0);

      const { values } = record(watch.events$);
      expect(values.map((e) => e.object)).toEqual(['a', 'b']);
      expect(broadcaster.stats.delivered).toBe(1 * 2);
    });

    it('on early unsubscribe keeps the watcher: later events wait for the next subscriber', () => {
      const broadcaster = new Broadcaster<string>();
      const watch = broadcaster.watch();
      testScheduler().run(({ hot, expectObservable }) => {
        hot('abc').subscribe((object) => broadcaster.actionOrDrop('ADDED', object));
        const events = { a: added('a'), b: added('b'), c: added('c') };
        expectObservable(watch.events$.pipe(take(1))).toBe('(a|)', events);
        expectObservable(watch.events$, '---^').toBe('---(bc)', events);
      });
      expect(watch.stopped).toBe(false);
      expect(broadcaster.stats.watchers).toBe(1);
    });

    it('stops delivering and completes on stop(), unlike unsubscribing', () => {
      testScheduler().run(({ hot, expectObservable }) => {
        const broadcaster = new Broadcaster<string>();
        const watch = broadcaster.watch();
        hot('a-b-c').subscribe((object) => {
          if (object === 'c') watch.stop();
          broadcaster.actionOrDrop('ADDED', object);
        });
        expectObservable(watch.events$).toBe('a-b-|', { a: added('a'), b: added('b') });
      });
    });
  });

  describe('stop()', () => {
    it('is idempotent, completes events$, detaches the watcher and sets stopped', () => {
      const broadcaster = new Broadcaster<string>();
      const watch = broadcaster.watch();
      const { values, completed } = record(watch.events$);
      broadcaster.actionOrDrop('ADDED', 'a');

      watch.stop();
      watch.stop();
      broadcaster.actionOrDrop('ADDED', 'b');

      expect(values).toEqual([added('a')]);
      expect(completed()).toBe(true);
      expect(watch.stopped).toBe(true);
      expect(broadcaster.stats.watchers).toBe(0);
    });

    it('completes a subscription made after stop() at once', () => {
      const broadcaster = new Broadcaster<string>();
      const watch = broadcaster.watch();
      watch.stop();
      const { values, completed } = record(watch.events$);
      expect(values).toEqual([]);
      expect(completed()).toBe(true);
    });

    it('discards events still queued for the watcher, and counts them', () => {
      const broadcaster = new Broadcaster<string>();
      const watch = broadcaster.watch();
      broadcaster.actionOrDrop('ADDED', 'a');
      broadcaster.actionOrDrop('ADDED', 'b');
      watch.stop();
      expect(record(watch.events$).values).toEqual([]);
      expect(broadcaster.stats.droppedOnStop).toBe(2);
    });

    it('stops the rest of an event when a subscriber stops its own watcher', () => {
      const broadcaster = new Broadcaster<string>();
      const handled: string[] = [];
      const watch = broadcaster.watch({ handler: ({ object }) => void handled.push(object) });
      watch.events$.subscribe(() => {
        watch.stop();
      });
      broadcaster.actionOrDrop('ADDED', 'a');
      broadcaster.actionOrDrop('ADDED', 'b');
      expect(handled).toEqual([]);
    });
  });

  describe('stats', () => {
    it('starts at zero', () => {
      expect(new Broadcaster<string>().stats).toEqual({
        accepted: 0,
        delivered: 0,
        droppedIncoming: 0,
        droppedStopped: 0,
        droppedWatcher: 0,
        droppedPerWatcher: new Map(),
        droppedOnStop: 0,
        pending: 0,
        watchers: 0,
      });
    });

    it('counts many actions over many watchers', () => {
      const broadcaster = new Broadcaster<number>();
      const watchers = Array.from({ length: 5 }, () => record(broadcaster.watch().events$));
      for (let i = 0; i < 1000; i++) broadcaster.actionOrDrop('ADDED', i);

      for (const { values } of watchers) expect(values.map((e) => e.object)).toEqual([...Array(1000).keys()]);
      expect(broadcaster.stats).toMatchObject({ accepted: 1000, delivered: 5000, watchers: 5, pending: 0 });
      expect(broadcaster.stats.droppedPerWatcher).toEqual(new Map([0, 1, 2, 3, 4].map((id) => [id, 0])));
    });

    it('returns a snapshot, not a live view', () => {
      const broadcaster = new Broadcaster<string>();
      const before = broadcaster.stats;
      broadcaster.actionOrDrop('ADDED', 'a');
      expect(before.accepted).toBe(0);
      expect(broadcaster.stats.accepted).toBe(1);
    });
  });

  describe('options', () => {
    it.each([
      [{ queueLength: -1 }, RangeError],
      [{ queueLength: 1.5 }, RangeError],
      [{ queueLength: Number.NaN }, RangeError],
      [{ incomingQueueLength: 0 }, RangeError],
      [{ fullQueue: 'block' }, TypeError],
      [{ scheduler: {} }, TypeError],
    ])('rejects %o at construction', (options, error) => {
      expect(() => new Broadcaster<string>(options as never)).toThrow(error);
    });

    it('rejects a bad per-watch queueLength or handler', () => {
      const broadcaster = new Broadcaster<string>();
      expect(() => broadcaster.watch({ queueLength: -1 })).toThrow(RangeError);
      expect(() => broadcaster.watch({ handler: 'log' as never })).toThrow(TypeError);
    });

    it('accepts a queue length of 0: delivery only to a consumer ready at once', () => {
      const broadcaster = new Broadcaster<string>({ queueLength: 0 });
      const unread = broadcaster.watch();
      const read = record(broadcaster.watch().events$);
      broadcaster.actionOrDrop('ADDED', 'a');
      expect(read.values).toEqual([added('a')]);
      expect(broadcaster.stats.droppedPerWatcher.get(unread.id)).toBe(1);
    });

    it('infers the object type in handlers and events$', () => {
      const broadcaster = new Broadcaster<{ name: string }>();
      const watch = broadcaster.watch({
        handler: (event) => {
          expectTypeOf(event.object).toEqualTypeOf<{ name: string }>();
        },
      });
      expectTypeOf(watch).toEqualTypeOf<BroadcasterWatch<{ name: string }>>();
      expectTypeOf<Broadcaster<{ name: string }>['action']>().parameter(0).toEqualTypeOf<WatchEvent<unknown>['type']>();
      watch.stop();
    });
  });

  it('exports a typed BroadcasterStoppedError', () => {
    const error = new BroadcasterStoppedError('watch');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('BroadcasterStoppedError');
    expect(error.operation).toBe('watch');
  });
});
