import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { Broadcaster } from '../../src/watch/index.js';
import { deferred, flushMicrotasks } from './helpers.js';

// A real full collection, as under `node --expose-gc`: the flag is set at run time and `gc` read from a fresh context.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

interface Payload {
  readonly name: string;
}

/** Broadcasts fresh objects and keeps only weak references to them, so that nothing but the broadcaster holds them. */
function broadcastWeakly(broadcaster: Broadcaster<Payload>, names: readonly string[]): WeakRef<Payload>[] {
  return names.map((name) => {
    const object = { name };
    broadcaster.actionOrDrop('ADDED', object);
    return new WeakRef(object);
  });
}

/** Collects, in a later task than the one that made or read the WeakRefs (a WeakRef keeps its target for that job). */
async function collected(refs: readonly WeakRef<Payload>[]): Promise<boolean[]> {
  await flushMicrotasks();
  gc();
  return refs.map((ref) => ref.deref() === undefined);
}

describe('Broadcaster memory: an event every consumer of a watcher has taken is not retained by it', () => {
  it('releases a backlog once the first subscriber has taken it, and keeps what waits for the next one', async () => {
    const broadcaster = new Broadcaster<Payload>();
    const unread = broadcaster.watch();
    const watch = broadcaster.watch();
    const taken = broadcastWeakly(broadcaster, ['a', 'b', 'c']);
    const reader = watch.events$.subscribe();
    // `unread` still holds a–c; stop it so that only `watch` could keep them.
    unread.stop();
    reader.unsubscribe();
    const waiting = broadcastWeakly(broadcaster, ['d']);

    expect(await collected([...taken, ...waiting])).toEqual([true, true, true, false]);
    watch.stop();
    expect(await collected(waiting)).toEqual([true]);
  });

  it('releases each event a paced handler has taken, while the later ones wait', async () => {
    const broadcaster = new Broadcaster<Payload>();
    const handling = [deferred(), deferred(), deferred()];
    let calls = 0;
    broadcaster.watch({ handler: () => handling[calls++]?.promise });
    const refs = broadcastWeakly(broadcaster, ['a', 'b', 'c']);
    // a is with the handler, which keeps nothing; b and c wait in the watcher's queue.
    expect(await collected(refs)).toEqual([true, false, false]);

    handling[0]?.resolve();
    await flushMicrotasks();
    // b is with the handler (its promise still pending); c waits.
    expect(calls).toBe(2);
    expect(await collected(refs)).toEqual([true, true, false]);

    handling[1]?.resolve();
    handling[2]?.resolve();
    await flushMicrotasks();
    expect(await collected(refs)).toEqual([true, true, true]);
    await broadcaster.shutdown();
  });

  it('keeps an unread watcher’s backlog, then releases it when the watcher is stopped', async () => {
    const broadcaster = new Broadcaster<Payload>();
    const unread = broadcaster.watch();
    const refs = broadcastWeakly(broadcaster, ['a', 'b']);
    expect(await collected(refs)).toEqual([false, false]);
    unread.stop();
    expect(await collected(refs)).toEqual([true, true]);
  });
});
