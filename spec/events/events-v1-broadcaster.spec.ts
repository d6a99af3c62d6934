import { hostname } from 'node:os';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { AlreadyRecordingError, EventsV1Broadcaster, EventsV1DiagnosticCode } from '../../src/events/index.js';
import type {
  EventsV1Diagnostic,
  EventsV1RecordToSinkOptions,
  EventsV1ShutdownReport,
} from '../../src/events/index.js';
import type { EventsV1Event, KubernetesObject } from '../../src/meta/types.js';
import { SeriesSink, statusError } from './helpers/series-sink.js';

const minute = 60_000;
const controller = 'example.com/shop-operator';

function newScheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => {
    expect(actual).toEqual(expected);
  });
}

function pod(name: string, extra: { resourceVersion?: string; namespace?: string } = {}): KubernetesObject {
  const { resourceVersion, namespace = 'shop' } = extra;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, uid: `uid-${name}`, ...(resourceVersion === undefined ? {} : { resourceVersion }) },
  };
}

interface Scenario {
  /** `[time, object name]`: a `Warning BackOff Pull` event about that Pod at that virtual time. */
  readonly at: readonly (readonly [number, string])[];
  readonly shutdownAt: number;
  readonly latencyMs?: number;
  readonly options?: EventsV1RecordToSinkOptions;
  readonly fail?: ConstructorParameters<typeof SeriesSink>[0]['fail'];
  /** Called at the given time with the sink, e.g. to delete an event as the server's TTL would. */
  readonly meddle?: readonly [number, (sink: SeriesSink) => void];
}

/** Runs a scenario in virtual time; resolves the sink, the report and the diagnostics. */
async function play(scenario: Scenario): Promise<{
  sink: SeriesSink;
  report: EventsV1ShutdownReport;
  diagnostics: EventsV1Diagnostic[];
}> {
  const ts = newScheduler();
  const sink = new SeriesSink({
    scheduler: ts,
    latencyMs: scenario.latencyMs ?? 5,
    ...(scenario.fail === undefined ? {} : { fail: scenario.fail }),
  });
  const diagnostics: EventsV1Diagnostic[] = [];
  let shutdown: Promise<EventsV1ShutdownReport> | undefined;
  ts.run(() => {
    const broadcaster = new EventsV1Broadcaster({ scheduler: ts });
    broadcaster.diagnostics$.subscribe((d) => diagnostics.push(d));
    broadcaster.startRecordingToSink(sink, { random: () => 0.5, ...scenario.options });
    const recorder = broadcaster.newRecorder(controller, { reportingInstance: 'shop-operator-0' });
    for (const [time, name] of scenario.at) {
      ts.schedule(() => {
        recorder.eventf(pod(name), undefined, 'Warning', 'BackOff', 'Pull', 'Back-off pulling image %s', 'shop:1');
      }, time);
    }
    if (scenario.meddle !== undefined) {
      const [time, meddle] = scenario.meddle;
      ts.schedule(() => {
        meddle(sink);
      }, time);
    }
    ts.schedule(() => {
      shutdown = broadcaster.shutdown();
    }, scenario.shutdownAt);
  });
  if (shutdown === undefined) throw new Error('the scenario did not shut down');
  return { sink, report: await shutdown, diagnostics };
}

/** The event names of the sink calls, shortened to `a`, `b`… by first appearance. */
function short(lines: readonly string[]): string[] {
  const names = new Map<string, string>();
  return lines.map((line) => {
    const [time, method, name = '', count] = line.split(' ');
    if (!names.has(name)) names.set(name, `${name.split('.')[0] ?? ''}#${String(names.size + 1)}`);
    return `${String(time)} ${String(method)} ${names.get(name) ?? ''} ${String(count)}`;
  });
}

describe('EventsV1Broadcaster recording to a sink', () => {
  it('creates the first occurrence and patches the second with exactly {"series":{"count":2,…}}', async () => {
    const { sink, report } = await play({
      at: [
        [minute, 'web-0'],
        [2 * minute, 'web-0'],
      ],
      shutdownAt: 3 * minute,
    });
    expect(short(sink.lines)).toEqual([`${String(minute)} create web-0#1 1`, `${String(2 * minute)} patch web-0#1 2`]);
    expect(sink.calls[1]?.patch).toBe('{"series":{"count":2,"lastObservedTime":"1970-01-01T00:02:00.000000Z"}}');
    expect(report).toMatchObject({ recorded: 2, written: 2, writes: 2, flushed: 0, failed: 0, timedOut: false });
    expect(report.stats.sink).toMatchObject({ received: 2, created: 1, seriesStarted: 1, observed: 0, pending: 0 });
  });

  it('sends nothing for the 3rd–Nth occurrence until the 30-minute heartbeat sends the newest count', async () => {
    const at = Array.from({ length: 35 }, (_, k) => [30_000 + k * minute, 'web-0'] as const);
    const { sink, report } = await play({ at, shutdownAt: 35 * minute });
    expect(short(sink.lines)).toEqual([
      '30000 create web-0#1 1',
      '90000 patch web-0#1 2',
      `${String(30 * minute)} patch web-0#1 30`,
      `${String(35 * minute)} patch web-0#1 35`,
    ]);
    expect(report.stats.sink).toMatchObject({ observed: 33, heartbeats: 1, flushed: 1, requested: 4, written: 4 });
  });

  it('finishes a series idle 6 minutes with its final count between 6 and 12 minutes; a repeat is a new event', async () => {
    const { sink, report } = await play({
      at: [
        [minute, 'web-0'],
        [2 * minute, 'web-0'],
        [3 * minute, 'web-0'],
        [13 * minute, 'web-0'],
      ],
      shutdownAt: 14 * minute,
    });
    expect(short(sink.lines)).toEqual([
      `${String(minute)} create web-0#1 1`,
      `${String(2 * minute)} patch web-0#1 2`,
      `${String(12 * minute)} patch web-0#1 3`,
      `${String(13 * minute)} create web-0#2 1`,
    ]);
    expect(sink.events.size).toBe(2);
    expect(report.stats.sink).toMatchObject({ finished: 1, flushed: 0 });
  });

  it('forgets a singleton older than 6 minutes at a finish pass, so that a repeat starts a new event', async () => {
    const { sink, report } = await play({
      at: [
        [minute, 'web-0'],
        [13 * minute, 'web-0'],
      ],
      shutdownAt: 14 * minute,
    });
    expect(short(sink.lines)).toEqual([
      `${String(minute)} create web-0#1 1`,
      `${String(13 * minute)} create web-0#2 1`,
    ]);
    expect(report.stats.sink).toMatchObject({ forgotten: 1, created: 2, seriesStarted: 0 });
  });

  it('re-creates with its series an event the server no longer has (a patch answered 404)', async () => {
    const { sink } = await play({
      at: [
        [minute, 'web-0'],
        [3 * minute, 'web-0'],
      ],
      // The server's TTL expires the event between the occurrences.
      meddle: [
        2 * minute,
        (s) => {
          s.events.clear();
        },
      ],
      shutdownAt: 4 * minute,
    });
    expect(short(sink.lines)).toEqual([
      `${String(minute)} create web-0#1 1`,
      `${String(3 * minute)} patch web-0#1 2`,
      `${String(3 * minute + 5)} create web-0#1 2`,
    ]);
    expect([...sink.events.values()][0]?.series?.count).toBe(2);
  });

  it('patches again when the re-create of a series meets AlreadyExists (client-go retries it)', async () => {
    const { sink, report } = await play({
      at: [
        [minute, 'web-0'],
        [2 * minute, 'web-0'],
      ],
      // The patch is answered 404 though the event exists (a stale cache in front of the server): the create then
      // meets AlreadyExists.
      fail: (method, _name, index) => (method === 'patch' && index === 1 ? statusError(404, 'NotFound') : undefined),
      shutdownAt: 3 * minute,
    });
    expect(short(sink.lines)).toEqual([
      `${String(minute)} create web-0#1 1`,
      `${String(2 * minute)} patch web-0#1 2`,
      `${String(2 * minute + 5)} create web-0#1 2`,
      `${String(2 * minute + 10)} patch web-0#1 2`,
    ]);
    expect(report).toMatchObject({ written: 2, failed: 0 });
  });

  it('flushes every open series’ newest count at shutdown, and stops the loops', async () => {
    const at: [number, string][] = [];
    for (let k = 0; k < 5; k++) at.push([minute + k, 'web-0']);
    for (let k = 0; k < 3; k++) at.push([minute + 10 + k, 'web-1']);
    at.push([minute + 20, 'web-2']);
    const { sink, report } = await play({ at, shutdownAt: 2 * minute });
    const lines = short(sink.lines);
    expect(lines.filter((line) => line.startsWith(String(2 * minute)))).toEqual([
      `${String(2 * minute)} patch web-0#1 5`,
      `${String(2 * minute)} patch web-1#2 3`,
    ]);
    expect(sink.countOf([...sink.events.keys()][0] ?? '')).toBe(5);
    expect(report).toMatchObject({ flushed: 2, timedOut: false });
    expect(report.stats.sink).toMatchObject({ cached: 0, pending: 0 });
  });

  it('coalesces a burst per event: the create, then one patch with the newest count', async () => {
    const at = Array.from({ length: 10 }, () => [minute, 'web-0'] as const);
    const { sink, report } = await play({ at, shutdownAt: minute, latencyMs: 50 });
    expect(short(sink.lines)).toEqual([
      `${String(minute)} create web-0#1 1`,
      `${String(minute + 50)} patch web-0#1 10`,
    ]);
    expect(report).toMatchObject({ recorded: 10, written: 3, writes: 2, flushed: 1 });
    expect(report.stats.sink).toMatchObject({ received: 10, requested: 3, coalesced: 1 });
  });

  it('bounds the series cache, flushing an evicted series’ count first, with a diagnostic', async () => {
    const { sink, report, diagnostics } = await play({
      at: [
        [1, 'a'],
        [2, 'a'],
        [3, 'a'],
        [4, 'b'],
        [5, 'c'],
      ],
      options: { maxSeries: 2 },
      shutdownAt: 100,
    });
    // The count-2 patch still waits behind the create when the eviction's count 3 comes: one patch carries both.
    expect(short(sink.lines)).toEqual(['1 create a#1 1', '4 create b#2 1', '5 create c#3 1', '6 patch a#1 3']);
    expect(report.stats.sink).toMatchObject({ evicted: 1, evictedFlushed: 1, coalesced: 1 });
    expect(diagnostics.filter((d) => d.code === EventsV1DiagnosticCode.seriesEvicted)).toHaveLength(1);
  });

  it('keys on the resourceVersion only when asked, as client-go does', async () => {
    const run = async (keyResourceVersion: boolean): Promise<string[]> => {
      const ts = newScheduler();
      const sink = new SeriesSink({ scheduler: ts });
      let shutdown: Promise<EventsV1ShutdownReport> | undefined;
      ts.run(() => {
        const broadcaster = new EventsV1Broadcaster({ scheduler: ts });
        broadcaster.startRecordingToSink(sink, { keyResourceVersion });
        const recorder = broadcaster.newRecorder(controller);
        recorder.eventf(pod('web-0', { resourceVersion: '10' }), undefined, 'Normal', 'Scaled', 'Scale', 'x');
        recorder.eventf(pod('web-0', { resourceVersion: '11' }), undefined, 'Normal', 'Scaled', 'Scale', 'y');
        shutdown = broadcaster.shutdown();
      });
      await shutdown;
      return short(sink.lines);
    };
    expect(await run(false)).toEqual(['0 create web-0#1 1', '5 patch web-0#1 2']);
    expect(await run(true)).toEqual(['0 create web-0#1 1', '0 create web-0#2 1']);
  });

  it('refuses a second startRecordingToSink with an AlreadyRecordingError (client-go v0.36 counts twice)', async () => {
    const ts = newScheduler();
    const broadcaster = new EventsV1Broadcaster({ scheduler: ts });
    const sink = new SeriesSink({ scheduler: ts });
    broadcaster.startRecordingToSink(sink);
    expect(() => broadcaster.startRecordingToSink(sink)).toThrow(AlreadyRecordingError);
    expect(() => broadcaster.startRecordingToSink(sink)).toThrow(/already recording to a sink/);
    await broadcaster.shutdown();
  });

  it('refuses a bad sink or option at the call, leaving nothing behind', async () => {
    const broadcaster = new EventsV1Broadcaster();
    expect(() => broadcaster.startRecordingToSink({} as never)).toThrow(TypeError);
    expect(() =>
      broadcaster.startRecordingToSink(new SeriesSink({ scheduler: newScheduler() }), { maxSeries: 0 }),
    ).toThrow(RangeError);
    expect(broadcaster.stats.watchers).toBe(0);
    // A refused call is not a recording: the next one is accepted.
    expect(() => broadcaster.startRecordingToSink(new SeriesSink({ scheduler: newScheduler() }))).not.toThrow();
    await broadcaster.shutdown();
  });

  it('ends the recording when its watch is stopped: open series flushed, later events not written', async () => {
    const ts = newScheduler();
    const sink = new SeriesSink({ scheduler: ts });
    let shutdown: Promise<EventsV1ShutdownReport> | undefined;
    ts.run(() => {
      const broadcaster = new EventsV1Broadcaster({ scheduler: ts });
      const watch = broadcaster.startRecordingToSink(sink);
      const recorder = broadcaster.newRecorder(controller);
      for (let i = 0; i < 3; i++) recorder.eventf(pod('web-0'), undefined, 'Normal', 'Synced', 'Sync', 'ok');
      ts.schedule(() => {
        watch.stop();
        recorder.eventf(pod('web-1'), undefined, 'Normal', 'Synced', 'Sync', 'ok');
      }, 10);
      ts.schedule(() => {
        shutdown = broadcaster.shutdown();
      }, 20);
    });
    expect(await shutdown).toMatchObject({ recorded: 4, written: 3, writes: 3, flushed: 1, timedOut: false });
    // The count-2 patch follows the create; the stop flushes count 3.
    expect(short(sink.lines)).toEqual(['0 create web-0#1 1', '5 patch web-0#1 2', '10 patch web-0#1 3']);
  });

  it('abandons writes still pending at the shutdown deadline, and counts them', async () => {
    const ts = newScheduler();
    const sink = new SeriesSink({ scheduler: ts, latencyMs: 5000 });
    let shutdown: Promise<EventsV1ShutdownReport> | undefined;
    ts.run(() => {
      const broadcaster = new EventsV1Broadcaster({ scheduler: ts });
      broadcaster.startRecordingToSink(sink);
      const recorder = broadcaster.newRecorder(controller);
      for (let i = 0; i < 3; i++) recorder.eventf(pod(`web-${String(i)}`), undefined, 'Normal', 'Synced', 'Sync', 'ok');
      shutdown = broadcaster.shutdown({ timeoutMs: 1000 });
    });
    expect(await shutdown).toMatchObject({ timedOut: true, written: 0, abandoned: 3 });
  });
});

describe('EventsV1Broadcaster recorders', () => {
  /** Records with `record` on a fresh broadcaster; resolves the events seen and the diagnostics. */
  async function recordWith(
    record: (broadcaster: EventsV1Broadcaster) => void,
  ): Promise<{ events: EventsV1Event[]; diagnostics: EventsV1Diagnostic[]; report: EventsV1ShutdownReport }> {
    const ts = newScheduler();
    const broadcaster = new EventsV1Broadcaster({ scheduler: ts });
    const events: EventsV1Event[] = [];
    const diagnostics: EventsV1Diagnostic[] = [];
    broadcaster.diagnostics$.subscribe((d) => diagnostics.push(d));
    broadcaster.startEventWatcher((event) => {
      events.push(event);
    });
    ts.run(() => {
      ts.schedule(() => {
        record(broadcaster);
      }, 1_700_000_000_000 - ts.now());
    });
    return { events, diagnostics, report: await broadcaster.shutdown() };
  }

  it('builds the event as client-go: name, namespace, eventTime, reporting fields, action, related, note', async () => {
    const { events } = await recordWith((b) => {
      const recorder = b.newRecorder(controller);
      const node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1', uid: 'n1' } };
      recorder.eventf(
        pod('web-0'),
        node,
        'Normal',
        'Scheduled',
        'Binding',
        'Assigned %s to %s',
        'shop/web-0',
        'node-1',
      );
      recorder.eventf(node, undefined, 'Warning', 'NodeNotReady', 'Check', 'not ready');
    });
    expect(events[0]).toEqual({
      metadata: { name: `web-0.${(1_700_000_000_000n * 1_000_000n).toString(16)}`, namespace: 'shop' },
      eventTime: new Date(1_700_000_000_000),
      reportingController: controller,
      reportingInstance: `${controller}-${hostname()}`,
      action: 'Binding',
      reason: 'Scheduled',
      regarding: { kind: 'Pod', namespace: 'shop', name: 'web-0', uid: 'uid-web-0', apiVersion: 'v1' },
      related: { kind: 'Node', name: 'node-1', uid: 'n1', apiVersion: 'v1' },
      note: 'Assigned shop/web-0 to node-1',
      type: 'Normal',
    });
    // A cluster-scoped object's events go to 'default'; the name's nanoseconds stay unique in one millisecond.
    expect(events[1]?.metadata).toMatchObject({
      namespace: 'default',
      name: expect.stringMatching(/^node-1\./) as unknown,
    });
    expect(events[1]?.related).toBeUndefined();
    expect(Object.isFrozen(events[0])).toBe(true);
  });

  it('shares the frozen regarding object between consecutive events about one object, and follows a changed one', async () => {
    const changing = pod('web-0', { resourceVersion: '42' });
    const node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1', uid: 'n1' } };
    const { events } = await recordWith((b) => {
      const recorder = b.newRecorder(controller);
      recorder.eventf(changing, node, 'Normal', 'Pulled', 'Pull', 'pulled');
      recorder.eventf(changing, node, 'Normal', 'Started', 'Start', 'started');
      changing.metadata!.resourceVersion = '43';
      recorder.eventf(changing, undefined, 'Normal', 'Ready', 'Check', 'ready');
    });
    const [pulled, started, ready] = events as [EventsV1Event, EventsV1Event, EventsV1Event];
    const regarding = { kind: 'Pod', namespace: 'shop', name: 'web-0', uid: 'uid-web-0', apiVersion: 'v1' };
    expect(started.regarding).toBe(pulled.regarding);
    expect(pulled.regarding).toStrictEqual({ ...regarding, resourceVersion: '42' });
    expect(ready.regarding).toStrictEqual({ ...regarding, resourceVersion: '43' });
    for (const event of [pulled, ready]) expect(Object.isFrozen(event.regarding)).toBe(true);
    // The related object is each event's own, frozen.
    expect(started.related).not.toBe(pulled.related);
    expect(Object.isFrozen(started.related)).toBe(true);
  });

  it('gives the events of one millisecond one eventTime, a later millisecond a Date of its own', async () => {
    const ts = newScheduler();
    const broadcaster = new EventsV1Broadcaster({ scheduler: ts });
    const recorder = broadcaster.newRecorder(controller);
    const events: EventsV1Event[] = [];
    broadcaster.startEventWatcher((event) => {
      events.push(event);
    });
    ts.run(({ cold }) => {
      cold('(ab) 6ms c').subscribe((reason) => {
        recorder.eventf(pod('web-0'), undefined, 'Normal', reason, 'Sync', 'm');
      });
    });
    await broadcaster.shutdown();
    const [a, b, c] = events as [EventsV1Event, EventsV1Event, EventsV1Event];
    expect(b.eventTime).toBe(a.eventTime);
    expect(c.eventTime).not.toBe(a.eventTime);
    expect((c.eventTime?.getTime() ?? 0) - (a.eventTime?.getTime() ?? 0)).toBe(10);
    expect(new Set(events.map((event) => event.metadata.name)).size).toBe(3);
  });

  it('sets annotations with annotatedEventf (a copy), and takes a reportingInstance', async () => {
    const annotations = { 'example.com/trace': 'abc' };
    const { events } = await recordWith((b) => {
      b.newRecorder(controller, { reportingInstance: 'pod-7' }).annotatedEventf(
        pod('web-0'),
        undefined,
        annotations,
        'Normal',
        'Synced',
        'Sync',
        'ok',
      );
    });
    expect(events[0]?.metadata.annotations).toEqual(annotations);
    expect(events[0]?.metadata.annotations).not.toBe(annotations);
    expect(events[0]?.reportingInstance).toBe('pod-7');
  });

  it('refuses a reportingController that is not a qualified name, and a bad reportingInstance, with typed errors', () => {
    const broadcaster = new EventsV1Broadcaster();
    expect(() => broadcaster.newRecorder('my operator')).toThrow(RangeError);
    expect(() => broadcaster.newRecorder('my operator')).toThrow(
      /not a qualified name.*e\.g\. 'example\.com\/shop-operator'/,
    );
    expect(() => broadcaster.newRecorder('')).toThrow(RangeError);
    expect(() => broadcaster.newRecorder(`example.com/${'x'.repeat(64)}`)).toThrow(RangeError);
    expect(() => broadcaster.newRecorder(undefined as never)).toThrow(TypeError);
    expect(() => broadcaster.newRecorder(controller, { reportingInstance: 7 as never })).toThrow(TypeError);
    expect(() => broadcaster.newRecorder(controller, { reportingInstance: '' })).toThrow(RangeError);
    expect(broadcaster.newRecorder('kubelet')).toBeDefined();
  });

  it('cuts reason, action and note to the API limits on a UTF-8 boundary, and reportingInstance once, with diagnostics', async () => {
    const { events, diagnostics, report } = await recordWith((b) => {
      b.newRecorder(controller, { reportingInstance: 'i'.repeat(200) }).eventf(
        pod('web-0'),
        undefined,
        'Normal',
        'R'.repeat(127) + 'é',
        'A'.repeat(200),
        '%s',
        'n'.repeat(1023) + '日本',
      );
    });
    const bytes = (s: string | undefined): number => new TextEncoder().encode(s ?? '').length;
    expect(events[0]?.reportingInstance).toBe('i'.repeat(128));
    expect(events[0]?.reason).toBe('R'.repeat(127));
    expect(bytes(events[0]?.action)).toBe(128);
    expect(events[0]?.note).toBe('n'.repeat(1023));
    expect(diagnostics.map((d) => d.code)).toEqual([
      EventsV1DiagnosticCode.eventTruncated,
      EventsV1DiagnosticCode.eventTruncated,
    ]);
    expect(diagnostics[1]?.message).toMatch(/note \(1029 bytes, limit 1024\)/);
    expect(report.stats.truncated).toBe(1);
  });

  it('never throws: bad input is a counted diagnostic and no event', async () => {
    const { events, diagnostics, report } = await recordWith((b) => {
      const recorder = b.newRecorder(controller);
      recorder.eventf({}, undefined, 'Normal', 'R', 'A', 'n');
      recorder.eventf(pod('a'), undefined, 'Info' as never, 'R', 'A', 'n');
      recorder.eventf(pod('a'), undefined, 'Normal', '', 'A', 'n');
      recorder.eventf(pod('a'), undefined, 'Normal', 'R', 42 as never, 'n');
      recorder.eventf(pod('a'), undefined, 'Normal', 'R', 'A', null as never);
      recorder.annotatedEventf(pod('a'), undefined, { 'bad key!': 'x' }, 'Normal', 'R', 'A', 'n');
      // A related object that cannot be referenced is left out, as client-go does; the event is recorded.
      recorder.eventf(pod('a'), {}, 'Normal', 'R', 'A', 'n');
    });
    expect(diagnostics.map((d) => d.code)).toEqual([
      'invalid-object',
      'invalid-event-type',
      'invalid-reason',
      'invalid-action',
      'invalid-note',
      'invalid-annotations',
      'invalid-related',
    ]);
    expect(events).toHaveLength(1);
    expect(report).toMatchObject({ recorded: 1, rejected: 6 });
    expect(report.stats.relatedDropped).toBe(1);
  });

  it('drops and reports what is recorded after shutdown', async () => {
    const broadcaster = new EventsV1Broadcaster();
    const recorder = broadcaster.newRecorder(controller);
    const diagnostics: EventsV1Diagnostic[] = [];
    broadcaster.diagnostics$.subscribe((d) => diagnostics.push(d));
    await broadcaster.shutdown();
    recorder.eventf(pod('a'), undefined, 'Normal', 'R', 'A', 'n');
    expect(diagnostics.map((d) => d.code)).toEqual(['event-dropped-shutdown']);
    expect(broadcaster.stats.droppedShutdown).toBe(1);
    expect(broadcaster.watch().stopped).toBe(true);
  });
});

describe('EventsV1Broadcaster logging', () => {
  it('writes client-go\'s "Event occurred" line and structured fields', async () => {
    const ts = newScheduler();
    const broadcaster = new EventsV1Broadcaster({ scheduler: ts });
    const lines: string[] = [];
    const logged: [object, string][] = [];
    broadcaster.startLogging((line) => lines.push(line));
    broadcaster.startStructuredLogging({
      info: (fields, message) => logged.push([fields, message]),
      warn: () => undefined,
      error: () => undefined,
    });
    const recorder = broadcaster.newRecorder(controller);
    recorder.eventf(pod('web-0'), undefined, 'Warning', 'BackOff', 'Pull', 'Back-off "%s"', 'shop:1');
    recorder.eventf({ kind: 'Node', name: 'n1' }, undefined, 'Normal', 'Ready', 'Check', 'ok');
    await broadcaster.shutdown();
    expect(lines).toEqual([
      '"Event occurred" object="shop/web-0" kind="Pod" apiVersion="v1" type="Warning" reason="BackOff" action="Pull" note="Back-off \\"shop:1\\""',
      '"Event occurred" object="n1" kind="Node" apiVersion="" type="Normal" reason="Ready" action="Check" note="ok"',
    ]);
    expect(logged[0]).toEqual([
      {
        object: 'shop/web-0',
        kind: 'Pod',
        apiVersion: 'v1',
        type: 'Warning',
        reason: 'BackOff',
        action: 'Pull',
        note: 'Back-off "shop:1"',
      },
      'Event occurred',
    ]);
    expect(() => broadcaster.startLogging(undefined as never)).toThrow(TypeError);
    expect(() => broadcaster.startStructuredLogging({} as never)).toThrow(TypeError);
  });

  it('streams events$ until shutdown', async () => {
    const broadcaster = new EventsV1Broadcaster();
    const seen: string[] = [];
    let completed = false;
    broadcaster.events$.subscribe({ next: (e) => seen.push(e.reason ?? ''), complete: () => (completed = true) });
    broadcaster.newRecorder(controller).eventf(pod('a'), undefined, 'Normal', 'Synced', 'Sync', 'ok');
    await broadcaster.shutdown();
    expect(seen).toEqual(['Synced']);
    expect(completed).toBe(true);
  });
});
