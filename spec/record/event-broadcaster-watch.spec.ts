import { map } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { EventBroadcaster } from '../../src/record/index.js';
import { diagnosticsOf, pod, record, testScheduler } from './helpers.js';

describe('EventBroadcaster.watch', () => {
  it('buffers from the call: a late subscriber gets what was recorded since, then live events; events$ does not', () => {
    const scheduler = testScheduler();
    scheduler.run(({ hot, expectObservable }) => {
      const broadcaster = new EventBroadcaster({ scheduler });
      const recorder = broadcaster.newRecorder({ component: 'c' });
      const watch = broadcaster.watch();
      const reasons$ = watch.events$.pipe(map(({ type, object }) => `${type} ${object.reason ?? ''}`));
      const values = { a: 'ADDED a', b: 'ADDED b', c: 'ADDED c', d: 'ADDED d' };
      expectObservable(reasons$, '-----^').toBe('-----(abc)d----|', values);
      expectObservable(broadcaster.events$.pipe(map((e) => e.reason)), '-----^').toBe('----------d----|');
      hot('a-b-c-----d----s').subscribe((x) => {
        if (x === 's') void broadcaster.shutdown();
        else recorder.event(pod, 'Normal', x, 'm');
      });
    });
  });

  it('emits nothing and never completes while nothing is recorded', () => {
    testScheduler().run(({ expectObservable }) => {
      expectObservable(new EventBroadcaster().watch().events$).toBe('------');
    });
  });

  it('keeps at most queueLength events for a late subscriber, dropping the newer ones, counted', () => {
    const broadcaster = new EventBroadcaster({ queueLength: 2 });
    const recorder = broadcaster.newRecorder({ component: 'c' });
    const watch = broadcaster.watch();
    for (const reason of ['a', 'b', 'c']) recorder.event(pod, 'Normal', reason, 'm');

    const { values } = record(watch.events$);
    expect(values.map(({ object }) => object.reason)).toEqual(['a', 'b']);
    expect(broadcaster.stats).toMatchObject({ recorded: 3, delivered: 2, droppedWatcherQueueFull: 1 });
  });

  it('shares the backlog among the subscribers present at the first, and keeps the watch when they leave', () => {
    const broadcaster = new EventBroadcaster();
    const recorder = broadcaster.newRecorder({ component: 'c' });
    const watch = broadcaster.watch();
    recorder.event(pod, 'Normal', 'a', 'm');
    const first = watch.events$.subscribe();
    first.unsubscribe();
    recorder.event(pod, 'Normal', 'b', 'm');

    const { values } = record(watch.events$);
    expect(values.map(({ object }) => object.reason)).toEqual(['b']);
    expect(watch.stopped).toBe(false);
    watch.stop();
    expect(broadcaster.stats.watchers).toBe(0);
  });

  it('leaves a backlog nobody read for a subscriber after shutdown, then completes', async () => {
    const broadcaster = new EventBroadcaster();
    const watch = broadcaster.watch();
    broadcaster.newRecorder({ component: 'c' }).event(pod, 'Normal', 'a', 'm');
    await broadcaster.shutdown();

    const { values, completed } = record(watch.events$);
    expect(values.map(({ object }) => object.reason)).toEqual(['a']);
    expect(completed()).toBe(true);
  });

  it('returns an already stopped watch after shutdown, and reports it', async () => {
    const broadcaster = new EventBroadcaster();
    await broadcaster.shutdown();
    const diagnostics = diagnosticsOf(broadcaster);
    const watch = broadcaster.watch();
    expect(watch.stopped).toBe(true);
    expect(record(watch.events$).completed()).toBe(true);
    expect(diagnostics.map((d) => d.code)).toEqual(['watcher-after-shutdown']);
  });
});
