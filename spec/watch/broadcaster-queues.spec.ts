import { config } from 'rxjs';
import type { Subscription } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { Broadcaster } from '../../src/watch/index.js';
import type { Diagnostic, WatchEvent } from '../../src/watch/index.js';
import { deferred, flushMicrotasks, record, settleAfter, testScheduler } from './helpers.js';

const added = (object: string): WatchEvent<string> => ({ type: 'ADDED', object });
const events = { a: added('a'), b: added('b'), c: added('c'), d: added('d') };
function failWith(error: Error): never {
  throw error;
}
const objects = (values: readonly WatchEvent<string>[]): string[] => values.map((event) => event.object);

describe('Broadcaster watcher queues', () => {
  describe.each([
    // A handler taking 3 frames per event, queue length 1; the slow watcher is created before the fast one.
    { fullQueue: 'drop', slow: 'a--b----d', fast: 'abc-----d', slowDropped: 1 },
    { fullQueue: 'wait', slow: 'a--b--c--d', fast: 'ab-c----d', slowDropped: 0 },
  ] as const)('fullQueue $fullQueue', ({ fullQueue, slow, fast, slowDropped }) => {
    it('paces a slow handler through its queue and applies the policy when the queue is full', () => {
      const scheduler = testScheduler();
      const broadcaster = new Broadcaster<string>({ queueLength: 1, fullQueue });
      scheduler.run(({ hot, expectObservable }) => {
        const slowWatch = broadcaster.watch({ handler: () => settleAfter(scheduler, 3) });
        const fastWatch = broadcaster.watch();
        hot('abc-----d').subscribe((object) => broadcaster.actionOrDrop('ADDED', object));
        expectObservable(slowWatch.events$).toBe(slow, events);
        expectObservable(fastWatch.events$).toBe(fast, events);
      });
      expect(broadcaster.stats.droppedPerWatcher).toEqual(
        new Map([
          [0, slowDropped],
          [1, 0],
        ]),
      );
      expect(broadcaster.stats.droppedWatcher).toBe(slowDropped);
    });

    it('keeps events for a watcher nobody reads yet, up to its queue length', () => {
      const broadcaster = new Broadcaster<string>({ queueLength: 2, fullQueue, incomingQueueLength: 5 });
      const unread = broadcaster.watch();
      const reader = record(broadcaster.watch().events$);
      for (const object of ['a', 'b', 'c', 'd']) broadcaster.actionOrDrop('ADDED', object);

      const late = record(unread.events$);
      expect(objects(late.values)).toEqual(fullQueue === 'drop' ? ['a', 'b'] : ['a', 'b', 'c', 'd']);
      expect(objects(reader.values)).toEqual(['a', 'b', 'c', 'd']);
      expect(broadcaster.stats.droppedPerWatcher.get(unread.id)).toBe(fullQueue === 'drop' ? 2 : 0);
    });

    it('honours a per-watch queueLength', () => {
      const broadcaster = new Broadcaster<string>({ queueLength: 1, fullQueue });
      const unread = broadcaster.watch({ queueLength: 3 });
      for (const object of ['a', 'b', 'c']) broadcaster.actionOrDrop('ADDED', object);
      expect(objects(record(unread.events$).values)).toEqual(['a', 'b', 'c']);
      expect(broadcaster.stats.pending).toBe(0);
    });

    it('stays in order for a handler that returns a real promise', async () => {
      const broadcaster = new Broadcaster<string>({ fullQueue });
      const log: string[] = [];
      broadcaster.watch({
        handler: async ({ object }) => {
          log.push(`start ${object}`);
          await flushMicrotasks();
          log.push(`end ${object}`);
        },
      });
      for (const object of ['a', 'b', 'c']) broadcaster.actionOrDrop('ADDED', object);
      await broadcaster.shutdown();
      expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    });
  });

  describe("'drop'", () => {
    it('reports a full watcher queue once per full spell, and counts every drop', () => {
      const broadcaster = new Broadcaster<string>({ queueLength: 1 });
      const diagnostics = record(broadcaster.diagnostics$);
      const watch = broadcaster.watch();
      for (const object of ['a', 'b', 'c']) broadcaster.actionOrDrop('ADDED', object);
      record(watch.events$);
      broadcaster.actionOrDrop('ADDED', 'd');

      expect(diagnostics.values.map((d) => d.code)).toEqual(['watcher-queue-full']);
      expect(diagnostics.values[0]?.level).toBe('warning');
      expect(broadcaster.stats).toMatchObject({ accepted: 4, delivered: 2, droppedWatcher: 2 });
    });
  });

  describe("'wait'", () => {
    it('resolves action() only once every watcher queue has room', async () => {
      const broadcaster = new Broadcaster<string>({ queueLength: 1, fullQueue: 'wait' });
      const pending = [deferred(), deferred(), deferred()];
      const handled: string[] = [];
      broadcaster.watch({
        handler: ({ object }) => {
          handled.push(object);
          return pending[handled.length - 1]?.promise;
        },
      });
      const settled: string[] = [];
      for (const object of ['a', 'b', 'c']) void broadcaster.action('ADDED', object).then(() => settled.push(object));

      await flushMicrotasks();
      expect(handled).toEqual(['a']);
      expect(settled).toEqual(['a', 'b']);
      expect(broadcaster.stats.pending).toBe(1);

      pending[0]?.resolve();
      await flushMicrotasks();
      expect(handled).toEqual(['a', 'b']);
      expect(settled).toEqual(['a', 'b', 'c']);
      expect(broadcaster.stats).toMatchObject({ pending: 0, droppedWatcher: 0 });
    });

    it('fills the incoming queue while stalled; then actionOrDrop returns false and counts it', () => {
      const broadcaster = new Broadcaster<string>({ queueLength: 1, incomingQueueLength: 2, fullQueue: 'wait' });
      const diagnostics = record(broadcaster.diagnostics$);
      const unread = broadcaster.watch();
      const accepted = ['a', 'b', 'c', 'd', 'e'].map((object) => broadcaster.actionOrDrop('ADDED', object));

      // a is queued, b stalls (in distribution, not in the incoming queue), c and d fill the incoming queue.
      expect(accepted).toEqual([true, true, true, true, false]);
      expect(broadcaster.stats).toMatchObject({ accepted: 4, droppedIncoming: 1, pending: 3 });
      expect(diagnostics.values.map((d: Diagnostic) => d.code)).toEqual(['incoming-queue-full']);

      expect(objects(record(unread.events$).values)).toEqual(['a', 'b', 'c', 'd']);
      expect(broadcaster.stats.pending).toBe(0);
    });

    it('holds up the other watchers while one is full, and releases them at once when it stops', () => {
      const broadcaster = new Broadcaster<string>({ queueLength: 1, fullQueue: 'wait' });
      const stuck = broadcaster.watch();
      const reader = record(broadcaster.watch().events$);
      for (const object of ['a', 'b', 'c']) broadcaster.actionOrDrop('ADDED', object);
      expect(objects(reader.values)).toEqual(['a']);

      stuck.stop();
      expect(objects(reader.values)).toEqual(['a', 'b', 'c']);
      expect(broadcaster.stats).toMatchObject({ pending: 0, droppedOnStop: 1, watchers: 1 });
    });

    it('does not show a watcher created during a stall the stalled action', () => {
      const broadcaster = new Broadcaster<string>({ queueLength: 0, fullQueue: 'wait' });
      const stuck = broadcaster.watch();
      broadcaster.actionOrDrop('ADDED', 'stalled');
      const late = record(broadcaster.watch().events$);
      record(stuck.events$);
      broadcaster.actionOrDrop('ADDED', 'after');
      expect(objects(late.values)).toEqual(['after']);
    });
  });

  describe('consumer failures', () => {
    const failure = new Error('handler failed');
    it.each([
      { fails: 'throws', handle: (): never => failWith(failure) },
      { fails: 'returns a thenable whose then() throws', handle: () => ({ then: () => failWith(failure) }) },
    ])('reports a handler that $fails and keeps delivering to it and to the others', ({ handle }) => {
      const broadcaster = new Broadcaster<string>();
      const diagnostics = record(broadcaster.diagnostics$);
      const handled: string[] = [];
      broadcaster.watch({
        handler: ({ object }) => {
          handled.push(object);
          return object === 'a' ? handle() : undefined;
        },
      });
      const other = record(broadcaster.watch().events$);
      broadcaster.actionOrDrop('ADDED', 'a');
      broadcaster.actionOrDrop('ADDED', 'b');

      expect(handled).toEqual(['a', 'b']);
      expect(objects(other.values)).toEqual(['a', 'b']);
      expect(diagnostics.values).toEqual([
        expect.objectContaining({ level: 'error', code: 'watcher-handler-error', cause: failure }),
      ]);
    });

    it('reports a handler that rejects and delivers the next event after it', () => {
      const scheduler = testScheduler();
      const broadcaster = new Broadcaster<string>();
      const diagnostics = record(broadcaster.diagnostics$);
      scheduler.run(({ hot, expectObservable }) => {
        const watch = broadcaster.watch({
          handler: ({ object }) => settleAfter(scheduler, 2, object === 'a' ? failure : undefined),
        });
        hot('ab').subscribe((object) => broadcaster.actionOrDrop('ADDED', object));
        expectObservable(watch.events$).toBe('a-b', events);
      });
      expect(diagnostics.values).toEqual([expect.objectContaining({ code: 'watcher-handler-error', cause: failure })]);
    });

    describe('an events$ subscriber that throws', () => {
      const original = config.onUnhandledError;
      afterEach(() => {
        config.onUnhandledError = original;
      });

      it('does not stop delivery to it or to the other watchers; RxJS reports it', async () => {
        const reported = deferred();
        const unhandled: unknown[] = [];
        config.onUnhandledError = (error) => {
          unhandled.push(error);
          reported.resolve();
        };
        const broadcaster = new Broadcaster<string>();
        const failure = new Error('subscriber failed');
        const seen: string[] = [];
        const throwing: Subscription = broadcaster.watch().events$.subscribe(({ object }) => {
          seen.push(object);
          if (object === 'a') throw failure;
        });
        const other = record(broadcaster.watch().events$);
        broadcaster.actionOrDrop('ADDED', 'a');
        broadcaster.actionOrDrop('ADDED', 'b');

        await reported.promise;
        expect(unhandled).toEqual([failure]);
        expect(seen).toEqual(['a', 'b']);
        expect(objects(other.values)).toEqual(['a', 'b']);
        expect(throwing.closed).toBe(false);
      });
    });
  });
});
