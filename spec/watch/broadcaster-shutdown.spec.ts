import { describe, expect, it } from 'vitest';
import { Broadcaster, BroadcasterStoppedError } from '../../src/watch/index.js';
import type { FullQueueBehavior, WatchEvent } from '../../src/watch/index.js';
import { deferred, flushMicrotasks, record, settleAfter, settledFlag, stillPending, testScheduler } from './helpers.js';

const added = (object: string): WatchEvent<string> => ({ type: 'ADDED', object });
const objects = (values: readonly WatchEvent<string>[]): string[] => values.map((event) => event.object);

describe('Broadcaster.shutdown()', () => {
  it('resolves at once with no watchers and nothing queued', async () => {
    const broadcaster = new Broadcaster<string>();
    await broadcaster.shutdown();
    expect(broadcaster.stats.watchers).toBe(0);
  });

  it.each(['drop', 'wait'] satisfies FullQueueBehavior[])(
    "delivers everything queued to a slow handler, then completes ('%s')",
    (fullQueue) => {
      const scheduler = testScheduler();
      const broadcaster = new Broadcaster<string>({ fullQueue, queueLength: 10 });
      scheduler.run(({ hot, expectObservable }) => {
        const watch = broadcaster.watch({ handler: () => settleAfter(scheduler, 3) });
        hot('abc').subscribe((object) => {
          broadcaster.actionOrDrop('ADDED', object);
          if (object === 'c') void broadcaster.shutdown();
        });
        expectObservable(watch.events$).toBe('a--b--c--|', { a: added('a'), b: added('b'), c: added('c') });
      });
      expect(broadcaster.stats).toMatchObject({ accepted: 3, delivered: 3, watchers: 0, pending: 0 });
    },
  );

  it('waits for a pending handler promise before resolving', async () => {
    const broadcaster = new Broadcaster<string>();
    const handling = deferred();
    const watch = broadcaster.watch({ handler: () => handling.promise });
    const { completed } = record(watch.events$);
    broadcaster.actionOrDrop('ADDED', 'a');

    const resolved = settledFlag(broadcaster.shutdown());
    await flushMicrotasks();
    expect(resolved()).toBe(false);
    expect(completed()).toBe(false);

    handling.resolve();
    await flushMicrotasks();
    expect(resolved()).toBe(true);
    expect(completed()).toBe(true);
    expect(watch.stopped).toBe(true);
  });

  it('distributes actions still waiting for a scheduler before completing', async () => {
    const scheduler = testScheduler();
    const broadcaster = new Broadcaster<string>({ scheduler });
    const reader = record(broadcaster.watch().events$);
    broadcaster.actionOrDrop('ADDED', 'a');
    const done = broadcaster.shutdown();
    expect(await stillPending(done)).toBe(true);

    scheduler.flush();
    await done;
    expect(objects(reader.values)).toEqual(['a']);
    expect(reader.completed()).toBe(true);
  });

  it('schedules nothing and leaves no subscription behind', async () => {
    const scheduler = testScheduler();
    const broadcaster = new Broadcaster<string>({ scheduler });
    const watch = broadcaster.watch({ handler: () => undefined });
    const subscription = watch.events$.subscribe();
    const diagnostics = broadcaster.diagnostics$.subscribe();

    await broadcaster.shutdown();
    expect(scheduler.actions).toEqual([]);
    expect(subscription.closed).toBe(true);
    expect(diagnostics.closed).toBe(true);
  });

  it('is idempotent: every call returns the same promise', async () => {
    const broadcaster = new Broadcaster<string>();
    const first = broadcaster.shutdown();
    expect(broadcaster.shutdown()).toBe(first);
    await first;
    expect(broadcaster.shutdown()).toBe(first);
  });

  it('can be called from a watcher callback during distribution', async () => {
    const broadcaster = new Broadcaster<string>();
    let shutdown: Promise<void> | undefined;
    const other = record(broadcaster.watch().events$);
    broadcaster.watch({
      handler: () => {
        broadcaster.actionOrDrop('ADDED', 'queued-before-shutdown');
        shutdown ??= broadcaster.shutdown();
      },
    });
    broadcaster.actionOrDrop('ADDED', 'a');
    await shutdown;
    expect(objects(other.values)).toEqual(['a', 'queued-before-shutdown']);
    expect(other.completed()).toBe(true);
  });

  it('keeps the backlog of a watcher nobody read for a later subscriber, then completes it', async () => {
    const broadcaster = new Broadcaster<string>();
    const watch = broadcaster.watch();
    broadcaster.actionOrDrop('ADDED', 'a');
    await broadcaster.shutdown();

    const { values, completed } = record(watch.events$);
    expect(objects(values)).toEqual(['a']);
    expect(completed()).toBe(true);
    expect(broadcaster.stats.delivered).toBe(1);
  });

  it("in 'wait' mode stays pending while an unread watcher is full, until it is stopped", async () => {
    const broadcaster = new Broadcaster<string>({ queueLength: 1, fullQueue: 'wait' });
    const unread = broadcaster.watch();
    const reader = record(broadcaster.watch().events$);
    broadcaster.actionOrDrop('ADDED', 'a');
    broadcaster.actionOrDrop('ADDED', 'b');
    const done = broadcaster.shutdown();
    expect(await stillPending(done)).toBe(true);

    unread.stop();
    await done;
    expect(objects(reader.values)).toEqual(['a', 'b']);
  });

  describe('afterwards', () => {
    it('refuses watch() and watchWithPrefix() synchronously and rejects action()', async () => {
      const broadcaster = new Broadcaster<string>();
      await broadcaster.shutdown();
      expect(() => broadcaster.watch()).toThrow(BroadcasterStoppedError);
      expect(() => broadcaster.watchWithPrefix([added('p')])).toThrow(
        expect.objectContaining({ operation: 'watchWithPrefix' }),
      );
      await expect(broadcaster.action('ADDED', 'a')).rejects.toThrow(BroadcasterStoppedError);
    });

    it('refuses from the moment shutdown() is called, before it finishes', () => {
      const broadcaster = new Broadcaster<string>();
      broadcaster.watch({ handler: () => deferred().promise });
      broadcaster.actionOrDrop('ADDED', 'a');
      void broadcaster.shutdown();
      expect(() => broadcaster.watch()).toThrow(BroadcasterStoppedError);
      expect(broadcaster.actionOrDrop('ADDED', 'b')).toBe(false);
    });

    it('returns false from actionOrDrop() and counts it as droppedStopped', async () => {
      const broadcaster = new Broadcaster<string>();
      await broadcaster.shutdown();
      expect(broadcaster.actionOrDrop('ADDED', 'a')).toBe(false);
      expect(broadcaster.actionOrDrop('ADDED', 'b')).toBe(false);
      expect(broadcaster.stats).toMatchObject({ accepted: 0, droppedStopped: 2 });
    });

    it('lets stop() be called harmlessly on a completed watcher', async () => {
      const broadcaster = new Broadcaster<string>();
      const watch = broadcaster.watch();
      await broadcaster.shutdown();
      watch.stop();
      expect(watch.stopped).toBe(true);
      expect(broadcaster.stats.droppedOnStop).toBe(0);
    });
  });

  describe('signal', () => {
    it('shuts down when the signal aborts', () => {
      const controller = new AbortController();
      const broadcaster = new Broadcaster<string>({ signal: controller.signal });
      const watch = broadcaster.watch();
      const { completed } = record(watch.events$);
      controller.abort();
      expect(completed()).toBe(true);
      expect(() => broadcaster.watch()).toThrow(BroadcasterStoppedError);
    });

    it('starts shut down when the signal has already aborted', () => {
      const broadcaster = new Broadcaster<string>({ signal: AbortSignal.abort() });
      expect(broadcaster.actionOrDrop('ADDED', 'a')).toBe(false);
    });
  });
});
