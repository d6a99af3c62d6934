import { getEventListeners } from 'node:events';
import { map, Subject, take } from 'rxjs';
import type { SchedulerLike } from 'rxjs';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { CoreV1Event } from '../../src/meta/index.js';
import { EventBroadcaster, RecordDiagnosticCode } from '../../src/record/index.js';
import type { RecordDiagnostic, ShutdownReport } from '../../src/record/index.js';
import { deferred, diagnosticsOf, flushMicrotasks, pod, record, settleAfter, testScheduler } from './helpers.js';
import type { Deferred } from './helpers.js';

const reasons = (events: readonly CoreV1Event[]): string[] => events.map((e) => e.reason ?? '');

/**
 * A watcher whose handler takes `ms` of virtual time per event. `handled$` emits each event's reason when the
 * handler is called, and completes with the watcher.
 */
function startSlowWatcher(broadcaster: EventBroadcaster, scheduler: SchedulerLike, ms: number) {
  const handled$ = new Subject<string>();
  const watch = broadcaster.startEventWatcher((e) => {
    handled$.next(e.reason ?? '');
    return settleAfter(scheduler, ms);
  });
  watch.events$.subscribe({
    complete: () => {
      handled$.complete();
    },
  });
  return { handled$, watch };
}

describe('EventBroadcaster.startEventWatcher', () => {
  it('calls a synchronous handler with every event recorded after it started, in order, before event() returns', () => {
    const broadcaster = new EventBroadcaster();
    const recorder = broadcaster.newRecorder({ component: 'c' });
    recorder.event(pod, 'Normal', 'before', 'm');
    const seen: string[] = [];
    broadcaster.startEventWatcher((e) => {
      seen.push(e.reason ?? '');
    });

    recorder.event(pod, 'Normal', 'one', 'm');
    expect(seen).toEqual(['one']);
    recorder.event(pod, 'Warning', 'two', 'm');
    recorder.event(pod, 'Normal', 'three', 'm');
    expect(seen).toEqual(['one', 'two', 'three']);
  });

  it('runs an async handler one event at a time, in order, the next waiting for the promise', async () => {
    const broadcaster = new EventBroadcaster();
    const recorder = broadcaster.newRecorder({ component: 'c' });
    const log: string[] = [];
    const pending: Deferred[] = [];
    broadcaster.startEventWatcher(async (e) => {
      log.push(`start ${e.reason ?? ''}`);
      const d = deferred();
      pending.push(d);
      await d.promise;
      log.push(`end ${e.reason ?? ''}`);
    });

    for (const reason of ['a', 'b', 'c']) recorder.event(pod, 'Normal', reason, 'm');
    expect(log).toEqual(['start a']);
    pending[0]?.resolve();
    await flushMicrotasks();
    expect(log).toEqual(['start a', 'end a', 'start b']);
    pending[1]?.resolve();
    await flushMicrotasks();
    pending[2]?.resolve();
    await flushMicrotasks();
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('paces an async handler in virtual time: each call waits for the previous promise', () => {
    const scheduler = testScheduler();
    scheduler.run(({ hot, expectObservable }) => {
      const broadcaster = new EventBroadcaster({ scheduler });
      const recorder = broadcaster.newRecorder({ component: 'c' });
      const { handled$ } = startSlowWatcher(broadcaster, scheduler, 4);
      expectObservable(handled$).toBe('a---b---c');
      hot('a-b-c').subscribe((reason) => {
        recorder.event(pod, 'Normal', reason, 'm');
      });
    });
  });

  it('reports a handler that throws or rejects, and goes on with the next event', async () => {
    const broadcaster = new EventBroadcaster();
    const recorder = broadcaster.newRecorder({ component: 'c' });
    const diagnostics = diagnosticsOf(broadcaster);
    const seen: string[] = [];
    broadcaster.startEventWatcher((e) => {
      seen.push(e.reason ?? '');
      if (e.reason === 'throw') throw new Error('handler threw');
      if (e.reason === 'reject') return Promise.reject(new Error('handler rejected'));
      return undefined;
    });

    recorder.event(pod, 'Normal', 'throw', 'm');
    recorder.event(pod, 'Normal', 'reject', 'm');
    await flushMicrotasks();
    recorder.event(pod, 'Normal', 'fine', 'm');

    expect(seen).toEqual(['throw', 'reject', 'fine']);
    expect(diagnostics.map((d) => [d.level, d.code, (d.cause as Error).message])).toEqual([
      ['error', 'watcher-handler-error', 'handler threw'],
      ['error', 'watcher-handler-error', 'handler rejected'],
    ]);
    expect(broadcaster.stats).toMatchObject({ recorded: 3, delivered: 3, handlerErrors: 2 });
  });

  it('reports a handler that tries to change the shared, frozen event', () => {
    const broadcaster = new EventBroadcaster();
    const diagnostics = diagnosticsOf(broadcaster);
    const second: string[] = [];
    broadcaster.startEventWatcher((e) => {
      (e as { message?: string }).message = 'changed';
    });
    broadcaster.startEventWatcher((e) => {
      second.push(e.message ?? '');
    });
    broadcaster.newRecorder({ component: 'c' }).event(pod, 'Normal', 'R', 'original');

    expect(second).toEqual(['original']);
    expect(diagnostics[0]?.cause).toBeInstanceOf(TypeError);
  });

  it('drops events for a watcher whose queue is full, counted and reported, without holding up the others', () => {
    const broadcaster = new EventBroadcaster({ queueLength: 2 });
    const recorder = broadcaster.newRecorder({ component: 'c' });
    const diagnostics = diagnosticsOf(broadcaster);
    const fast: string[] = [];
    const stuck = deferred();
    broadcaster.startEventWatcher(() => stuck.promise);
    broadcaster.startEventWatcher((e) => {
      fast.push(e.reason ?? '');
    });

    for (const reason of ['a', 'b', 'c', 'd', 'e']) recorder.event(pod, 'Normal', reason, 'm');

    expect(fast).toEqual(['a', 'b', 'c', 'd', 'e']);
    // a is with the stuck handler, b and c wait in its queue, d and e are dropped for it.
    expect(broadcaster.stats).toMatchObject({ recorded: 5, delivered: 6, droppedWatcherQueueFull: 2 });
    expect(diagnostics.map((d) => d.code)).toEqual(['watcher-queue-full']);
  });

  it('detaches the handler on stop()', () => {
    const broadcaster = new EventBroadcaster();
    const recorder = broadcaster.newRecorder({ component: 'c' });
    const seen: string[] = [];
    const watch = broadcaster.startEventWatcher((e) => {
      seen.push(e.reason ?? '');
    });
    recorder.event(pod, 'Normal', 'a', 'm');
    expect(broadcaster.stats.watchers).toBe(1);
    watch.stop();
    watch.stop();
    recorder.event(pod, 'Normal', 'b', 'm');

    expect(seen).toEqual(['a']);
    expect(watch.stopped).toBe(true);
    expect(broadcaster.stats.watchers).toBe(0);
  });

  it('lets a handler stop its own watcher', () => {
    const broadcaster = new EventBroadcaster();
    const recorder = broadcaster.newRecorder({ component: 'c' });
    const seen: string[] = [];
    const watch = broadcaster.startEventWatcher((e) => {
      seen.push(e.reason ?? '');
      watch.stop();
    });
    recorder.event(pod, 'Normal', 'a', 'm');
    recorder.event(pod, 'Normal', 'b', 'm');
    expect(seen).toEqual(['a']);
  });

  it('returns an already stopped watch after shutdown, and reports it', async () => {
    const broadcaster = new EventBroadcaster();
    const diagnostics = diagnosticsOf(broadcaster);
    await broadcaster.shutdown();
    const watch = broadcaster.startEventWatcher(() => undefined);
    const events = record(watch.events$);

    expect(watch.stopped).toBe(true);
    expect(events.completed()).toBe(true);
    expect(() => {
      watch.stop();
    }).not.toThrow();
    expect(diagnostics).toMatchObject([{ level: 'warning', code: RecordDiagnosticCode.watcherAfterShutdown }]);
  });

  it('refuses a handler that is not a function', () => {
    expect(() => new EventBroadcaster().startEventWatcher(undefined as unknown as () => void)).toThrow(TypeError);
  });
});

describe('EventBroadcaster.startLogging', () => {
  it("writes client-go's line", () => {
    const broadcaster = new EventBroadcaster();
    const lines: string[] = [];
    broadcaster.startLogging((line) => lines.push(line));
    broadcaster
      .newRecorder({ component: 'c' })
      .eventf(
        { kind: 'Pod', namespace: 'baz', name: 'foo', uid: 'bar', apiVersion: 'v1', fieldPath: 'spec.containers[2]' },
        'Normal',
        'Started',
        'some verbose message: %d',
        1,
      );

    expect(lines).toEqual([
      `Event(v1.ObjectReference{Kind:"Pod", Namespace:"baz", Name:"foo", UID:"bar", APIVersion:"v1", ResourceVersion:"", FieldPath:"spec.containers[2]"}): type: 'Normal' reason: 'Started' some verbose message: 1`,
    ]);
  });

  it('prints absent fields as empty strings, and a resourceVersion when there is one', () => {
    const broadcaster = new EventBroadcaster();
    const lines: string[] = [];
    broadcaster.startLogging((line) => lines.push(line));
    broadcaster.newRecorder({ component: 'c' }).event(pod, 'Warning', 'BackOff', '');

    expect(lines).toEqual([
      `Event(v1.ObjectReference{Kind:"Pod", Namespace:"shop", Name:"web-0", UID:"uid-1", APIVersion:"v1", ResourceVersion:"42", FieldPath:""}): type: 'Warning' reason: 'BackOff' `,
    ]);
  });

  it("quotes the reference's strings as Go's %#v does", () => {
    const broadcaster = new EventBroadcaster();
    const lines: string[] = [];
    broadcaster.startLogging((line) => lines.push(line));
    broadcaster
      .newRecorder({ component: 'c' })
      .event({ name: 'a"b\\c\nd\te\x01f\u00a0g😀h\u200bi' }, 'Normal', 'R', 'm');

    expect(lines[0]).toContain(String.raw`Name:"a\"b\\c\nd\te\x01f\u00a0g😀h\u200bi"`);
  });

  it('reports a logf that throws, and keeps logging', () => {
    const broadcaster = new EventBroadcaster();
    const diagnostics = diagnosticsOf(broadcaster);
    const lines: string[] = [];
    broadcaster.startLogging((line) => {
      if (lines.push(line) === 1) throw new Error('disk full');
    });
    const recorder = broadcaster.newRecorder({ component: 'c' });
    recorder.event(pod, 'Normal', 'a', 'm');
    recorder.event(pod, 'Normal', 'b', 'm');

    expect(lines).toHaveLength(2);
    expect(diagnostics.map((d) => d.code)).toEqual(['watcher-handler-error']);
  });
});

describe('EventBroadcaster.startStructuredLogging', () => {
  it("logs client-go's fields with 'Event occurred'", () => {
    const broadcaster = new EventBroadcaster();
    const logged: [object, string][] = [];
    const logger = {
      info: (fields: object, message: string) => logged.push([fields, message]),
      warn: () => undefined,
      error: () => undefined,
    };
    broadcaster.startStructuredLogging(logger);
    const recorder = broadcaster.newRecorder({ component: 'c' });
    recorder.event(
      { kind: 'Pod', namespace: 'baz', name: 'foo', apiVersion: 'v1', fieldPath: 'spec.containers[2]' },
      'Normal',
      'Started',
      'started',
    );
    recorder.eventf({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } }, 'Warning', 'NotReady', 'down');

    expect(logged).toStrictEqual([
      [
        {
          object: 'baz/foo',
          fieldPath: 'spec.containers[2]',
          kind: 'Pod',
          apiVersion: 'v1',
          type: 'Normal',
          reason: 'Started',
          message: 'started',
        },
        'Event occurred',
      ],
      [
        {
          object: 'n1',
          fieldPath: '',
          kind: 'Node',
          apiVersion: 'v1',
          type: 'Warning',
          reason: 'NotReady',
          message: 'down',
        },
        'Event occurred',
      ],
    ]);
  });

  it('refuses something that is not a logger', () => {
    expect(() => new EventBroadcaster().startStructuredLogging({} as never)).toThrow(TypeError);
  });
});

describe('EventBroadcaster.events$', () => {
  it('emits every event recorded while subscribed, and completes on shutdown', () => {
    const scheduler = testScheduler();
    scheduler.run(({ hot, expectObservable }) => {
      const broadcaster = new EventBroadcaster({ scheduler });
      const recorder = broadcaster.newRecorder({ component: 'c' });
      const reasons$ = broadcaster.events$.pipe(map((e) => e.reason));
      expectObservable(reasons$).toBe('-a-b--c----|');
      expectObservable(reasons$, '----^').toBe('------c----|');
      hot('-a-b--c----s').subscribe((x) => {
        if (x === 's') void broadcaster.shutdown();
        else recorder.event(pod, 'Normal', x, 'm');
      });
    });
  });

  it('emits nothing and never completes while nothing is recorded', () => {
    const scheduler = testScheduler();
    scheduler.run(({ expectObservable }) => {
      const broadcaster = new EventBroadcaster({ scheduler });
      expectObservable(broadcaster.events$).toBe('------');
    });
  });

  it('gives each subscriber its own watcher, stopped when it unsubscribes', () => {
    const broadcaster = new EventBroadcaster();
    const recorder = broadcaster.newRecorder({ component: 'c' });
    const first = record(broadcaster.events$);
    const firstTwo: CoreV1Event[] = [];
    broadcaster.events$.pipe(take(2)).subscribe((e) => firstTwo.push(e));
    expect(broadcaster.stats.watchers).toBe(2);

    for (const reason of ['a', 'b', 'c']) recorder.event(pod, 'Normal', reason, 'm');

    expect(reasons(first.values)).toEqual(['a', 'b', 'c']);
    expect(reasons(firstTwo)).toEqual(['a', 'b']);
    expect(first.values[0]).toBe(firstTwo[0]);
    expect(broadcaster.stats.watchers).toBe(1);
  });

  it('completes at once when subscribed after shutdown', async () => {
    const broadcaster = new EventBroadcaster();
    await broadcaster.shutdown();
    expect(record(broadcaster.events$).completed()).toBe(true);
  });
});

describe('EventBroadcaster.shutdown', () => {
  it('delivers what is queued to a slow watcher, then completes, and reports what happened', async () => {
    const broadcaster = new EventBroadcaster();
    const recorder = broadcaster.newRecorder({ component: 'c' });
    const pending: Deferred[] = [];
    const handled: string[] = [];
    const watch = broadcaster.startEventWatcher(async (e) => {
      const d = deferred();
      pending.push(d);
      await d.promise;
      handled.push(e.reason ?? '');
    });
    const events = record(broadcaster.events$);
    const watched = record(watch.events$);
    for (const reason of ['a', 'b', 'c']) recorder.event(pod, 'Normal', reason, 'm');
    recorder.event({}, 'Normal', 'bad', 'm');

    let report: ShutdownReport | undefined;
    void broadcaster.shutdown().then((r) => (report = r));
    recorder.event(pod, 'Normal', 'late', 'm');
    for (let i = 0; i < 3; i++) {
      await flushMicrotasks();
      expect(report).toBeUndefined();
      pending[i]?.resolve();
    }
    await flushMicrotasks();

    expect(handled).toEqual(['a', 'b', 'c']);
    expect(events.completed()).toBe(true);
    expect(watched.completed()).toBe(true);
    expect(report).toMatchObject({
      recorded: 3,
      delivered: 6,
      dropped: 1,
      rejected: 1,
      timedOut: false,
      stats: { droppedShutdown: 1, invalid: 1, watchers: 0, pending: 0 },
    });
  });

  it('completes every watcher once the slowest has taken everything, in virtual time (the class diagram)', () => {
    const scheduler = testScheduler();
    scheduler.run(({ hot, expectObservable }) => {
      const broadcaster = new EventBroadcaster({ scheduler });
      const recorder = broadcaster.newRecorder({ component: 'c' });
      const { handled$ } = startSlowWatcher(broadcaster, scheduler, 4);
      expectObservable(broadcaster.events$.pipe(map((e) => e.reason))).toBe('a-b-c-------|');
      expectObservable(handled$).toBe('a---b---c---|');
      hot('a-b-c-S').subscribe((x) => {
        if (x === 'S') void broadcaster.shutdown();
        else recorder.event(pod, 'Normal', x, 'm');
      });
    });
  });

  it('is idempotent: every call returns the first call’s promise', async () => {
    const broadcaster = new EventBroadcaster();
    const first = broadcaster.shutdown();
    expect(broadcaster.shutdown({ timeoutMs: 5 })).toBe(first);
    await first;
    expect(broadcaster.shutdown()).toBe(first);
  });

  it('stops the watchers when the timeout passes first, counting what they had not taken', async () => {
    const scheduler = testScheduler();
    // Outside run() a TestScheduler stops at frame 750.
    scheduler.maxFrames = Number.POSITIVE_INFINITY;
    const broadcaster = new EventBroadcaster({ scheduler });
    const recorder = broadcaster.newRecorder({ component: 'c' });
    const never = deferred();
    const watch = broadcaster.startEventWatcher(() => never.promise);
    for (const reason of ['a', 'b', 'c']) recorder.event(pod, 'Normal', reason, 'm');

    const done = broadcaster.shutdown({ timeoutMs: 10_000 });
    scheduler.flush();
    const report = await done;

    expect(scheduler.now()).toBe(10_000);
    expect(watch.stopped).toBe(true);
    expect(report).toMatchObject({ recorded: 3, delivered: 1, dropped: 2, timedOut: true });
    expect(report.stats).toMatchObject({ droppedOnStop: 2, watchers: 0 });
  });

  it('cancels the timeout when the drain finishes first', async () => {
    const scheduler = testScheduler();
    const broadcaster = new EventBroadcaster({ scheduler });
    broadcaster.newRecorder({ component: 'c' }).event(pod, 'Normal', 'a', 'm');

    const done = broadcaster.shutdown({ timeoutMs: 10_000 });
    expect(scheduler.actions).toHaveLength(1);
    const report = await done;

    expect(report.timedOut).toBe(false);
    // The timer was scheduled at the call and is gone: unsubscribing removes it from the scheduler.
    expect(scheduler.actions).toEqual([]);
  });

  it.each([-1, Number.NaN, '5'])('refuses the timeout %j', (timeoutMs) => {
    expect(() => new EventBroadcaster().shutdown({ timeoutMs: timeoutMs as number })).toThrow(RangeError);
  });

  it('shuts down when the signal aborts, and removes its listener', async () => {
    const controller = new AbortController();
    const broadcaster = new EventBroadcaster({ signal: controller.signal });
    const events = record(broadcaster.events$);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);

    controller.abort();
    const report = await broadcaster.shutdown();

    expect(events.completed()).toBe(true);
    expect(report.timedOut).toBe(false);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('removes the abort listener on an explicit shutdown', async () => {
    const controller = new AbortController();
    const broadcaster = new EventBroadcaster({ signal: controller.signal });
    await broadcaster.shutdown();
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('starts shut down with an aborted signal', async () => {
    const broadcaster = new EventBroadcaster({ signal: AbortSignal.abort() });
    const diagnostics = diagnosticsOf(broadcaster);
    broadcaster.newRecorder({ component: 'c' }).event(pod, 'Normal', 'a', 'm');
    await broadcaster.shutdown();
    expect(diagnostics.map((d) => d.code)).toEqual([RecordDiagnosticCode.recordedAfterShutdown]);
  });
});

describe('EventBroadcaster options', () => {
  it.each([-1, 1.5])('refuses the queue length %j', (queueLength) => {
    expect(() => new EventBroadcaster({ queueLength })).toThrow(RangeError);
  });

  const badCalls: [string, () => unknown, RegExp][] = [
    ['null options', () => new EventBroadcaster(null as never), /^EventBroadcaster: options must be an object/],
    ['a string as options', () => new EventBroadcaster('x' as never), /^EventBroadcaster: options must be an object/],
    [
      'scheduler: null',
      () => new EventBroadcaster({ scheduler: null as never }),
      /scheduler must be an RxJS SchedulerLike/,
    ],
    ['signal: "x"', () => new EventBroadcaster({ signal: 'x' as never }), /signal must be an AbortSignal/],
    ['signal: {}', () => new EventBroadcaster({ signal: {} as never }), /signal must be an AbortSignal/],
    [
      'logger: {}',
      () => new EventBroadcaster({ logger: {} as never }),
      /logger must have info\(\), warn\(\) and error\(\)/,
    ],
    [
      'logger: 5',
      () => new EventBroadcaster({ logger: 5 as never }),
      /logger must have info\(\), warn\(\) and error\(\)/,
    ],
    [
      'a logger without error()',
      () => new EventBroadcaster({ logger: { info: () => undefined, warn: () => undefined } as never }),
      /logger must have .*error\(\)/,
    ],
    [
      'newRecorder() without a source',
      () => new EventBroadcaster().newRecorder(undefined as never),
      /^newRecorder\(\) needs a source/,
    ],
    ['newRecorder(null)', () => new EventBroadcaster().newRecorder(null as never), /^newRecorder\(\) needs a source/],
    [
      'startRecordingToSink(sink, null)',
      () =>
        new EventBroadcaster().startRecordingToSink(
          { create: (e) => Promise.resolve(e), patch: (e) => Promise.resolve(e), update: (e) => Promise.resolve(e) },
          null as never,
        ),
      /^startRecordingToSink\(\): options must be an object/,
    ],
    [
      'shutdown(null)',
      () => new EventBroadcaster().shutdown(null as never),
      /^shutdown\(\): options must be an object/,
    ],
  ];
  it.each(badCalls)('refuses %s with a TypeError of its own, at the call', (_, call, message) => {
    expect(call).toThrow(TypeError);
    expect(call).toThrow(message);
  });

  it('refuses a scheduler without now()', () => {
    expect(() => new EventBroadcaster({ scheduler: {} as never })).toThrow(TypeError);
  });

  it('keeps client-go’s queue length of 1000 by default for each watcher', () => {
    const broadcaster = new EventBroadcaster();
    const recorder = broadcaster.newRecorder({ component: 'c' });
    const stuck = deferred();
    broadcaster.startEventWatcher(() => stuck.promise);
    for (let i = 0; i < 1005; i++) recorder.event(pod, 'Normal', 'R', String(i));
    // One with the handler, 1000 queued, 4 dropped.
    expect(broadcaster.stats).toMatchObject({ recorded: 1005, droppedWatcherQueueFull: 4 });
  });

  it('starts with every counter at zero', () => {
    expect(new EventBroadcaster().stats).toStrictEqual({
      recorded: 0,
      invalid: 0,
      droppedQueueFull: 0,
      droppedShutdown: 0,
      failed: 0,
      truncated: 0,
      formatFailed: 0,
      handlerErrors: 0,
      delivered: 0,
      droppedWatcherQueueFull: 0,
      droppedOnStop: 0,
      pending: 0,
      watchers: 0,
      sinks: [],
      sinksReleased: expect.objectContaining({ received: 0, written: 0, pending: 0 }) as unknown,
    });
  });
});

describe('RecordDiagnostic', () => {
  it('types code as the RecordDiagnosticCode union, the Broadcaster codes it forwards included', () => {
    expectTypeOf<RecordDiagnostic['code']>().toEqualTypeOf<RecordDiagnosticCode>();
    expectTypeOf<'watcher-handler-error' | 'watcher-queue-full'>().toExtend<RecordDiagnostic['code']>();
    expectTypeOf<'event-write-faild'>().not.toExtend<RecordDiagnostic['code']>();
  });

  it('forwards only codes of the union from the Broadcaster (a handler that throws, a full watcher queue)', async () => {
    const broadcaster = new EventBroadcaster({ queueLength: 1 });
    const diagnostics = diagnosticsOf(broadcaster);
    const stuck = deferred();
    broadcaster.startEventWatcher(() => stuck.promise);
    broadcaster.startEventWatcher(() => {
      throw new Error('handler threw');
    });
    const recorder = broadcaster.newRecorder({ component: 'c' });
    for (const reason of ['a', 'b', 'c']) recorder.event(pod, 'Normal', reason, 'm');
    await flushMicrotasks();

    const codes = new Set(diagnostics.map((d) => d.code));
    expect(codes).toEqual(new Set([RecordDiagnosticCode.watcherHandlerError, RecordDiagnosticCode.watcherQueueFull]));
    for (const code of codes) expect(Object.values(RecordDiagnosticCode)).toContain(code);
  });
});
