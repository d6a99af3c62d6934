import { hostname } from 'node:os';
import { EventsV1Api } from '@kubernetes/client-node';
import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import { eventsV1RecorderFor } from '../../src/events/index.js';
import type { EventsV1Recorder } from '../../src/events/index.js';
import type { CoreV1Event, KubernetesObject } from '../../src/meta/index.js';
import { EventBroadcaster } from '../../src/record/index.js';
import { CoreV1EventSink } from '../../src/sink/index.js';
import { InMemoryEventSink, startFakeApiServer } from '../../src/testing/index.js';
import type { FakeApiServer } from '../../src/testing/index.js';
import { diagnosticsOf, pod, podReference, record, testScheduler, unprintable } from '../record/helpers.js';
import { bad } from '../testing/support.js';

const replicaSet: KubernetesObject = {
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name: 'web-7d9f', namespace: 'shop', uid: 'uid-rs' },
};
const replicaSetReference = {
  kind: 'ReplicaSet',
  apiVersion: 'apps/v1',
  name: 'web-7d9f',
  namespace: 'shop',
  uid: 'uid-rs',
};
describe('eventsV1RecorderFor: an events.k8s.io/v1 recorder on the core/v1 broadcaster', () => {
  it('makes the core/v1 event of the core recorder, plus action, related and reportingInstance', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold }) => {
      const broadcaster = new EventBroadcaster({ scheduler });
      const events = record(broadcaster.events$);
      const recorder = eventsV1RecorderFor(broadcaster, 'example.com/web', { reportingInstance: 'web-0' });
      const core = broadcaster.newRecorder({ component: 'example.com/web' });
      cold('a').subscribe(() => {
        recorder.eventf(replicaSet, pod, 'Normal', 'SuccessfulCreate', 'Create', 'Created pod: %s', 'web-0');
        core.eventf(replicaSet, 'Normal', 'SuccessfulCreate', 'Created pod: %s', 'web-0');
      });
      scheduler.schedule(() => {
        const [v1, plain] = events.values as [CoreV1Event, CoreV1Event];
        expect(v1).toStrictEqual({
          ...plain,
          metadata: { ...plain.metadata, name: v1.metadata.name },
          action: 'Create',
          related: podReference,
          reportingInstance: 'web-0',
        });
        expect(v1).toMatchObject({
          source: { component: 'example.com/web' },
          reportingComponent: 'example.com/web',
          involvedObject: replicaSetReference,
          message: 'Created pod: web-0',
          count: 1,
        });
        expect(v1.eventTime).toBeUndefined();
        expect(Object.isFrozen(v1.related)).toBe(true);
        expect(broadcaster.stats).toMatchObject({ recorded: 2, invalid: 0 });
      }, 1);
    });
  });

  it('sets annotations with annotatedEventf, and no related when none is given', () => {
    const broadcaster = new EventBroadcaster();
    const events = record(broadcaster.events$);
    const recorder = eventsV1RecorderFor(broadcaster, 'web');
    recorder.annotatedEventf(pod, undefined, { trace: 't1' }, 'Warning', 'BackOff', 'Restart', 'restarting');
    recorder.eventf(pod, bad(null), 'Normal', 'Started', 'Start', 'started');
    expect(events.values.map((e) => [e.metadata.annotations, 'related' in e, e.action])).toEqual([
      [{ trace: 't1' }, false, 'Restart'],
      [undefined, false, 'Start'],
    ]);
  });

  it("defaults reportingInstance to <reportingController>-<hostname>, as client-go's events recorder", () => {
    const broadcaster = new EventBroadcaster();
    const events = record(broadcaster.events$);
    eventsV1RecorderFor(broadcaster, 'web').eventf(pod, undefined, 'Normal', 'Synced', 'Sync', 'ok');
    expect(events.values[0]?.reportingInstance).toBe(`web-${hostname()}`);
  });

  it('cuts an action and a reportingInstance over 128 bytes, with a diagnostic', () => {
    const broadcaster = new EventBroadcaster();
    const events = record(broadcaster.events$);
    const diagnostics = diagnosticsOf(broadcaster);
    const recorder = eventsV1RecorderFor(broadcaster, 'web', { reportingInstance: 'i'.repeat(200) });
    recorder.eventf(pod, undefined, 'Normal', 'Synced', 'é'.repeat(100), 'ok');
    expect(events.values[0]).toMatchObject({ action: 'é'.repeat(64), reportingInstance: 'i'.repeat(128) });
    expect(diagnostics).toMatchObject([{ code: 'event-truncated', level: 'warning' }]);
    expect(diagnostics[0]?.message).toMatch(/action \(200 bytes, limit 128\), reportingInstance \(200 bytes/);
  });

  const refused: [string, (r: EventsV1Recorder) => void, string, RegExp][] = [
    [
      'a regarding object that cannot be referenced',
      (r) => {
        r.eventf(bad(42), pod, 'Normal', 'R', 'A', 'n');
      },
      'invalid-object',
      /Could not reference the object/,
    ],
    [
      'an empty reason, which events.k8s.io/v1 refuses',
      (r) => {
        r.eventf(pod, undefined, 'Normal', '', 'A', 'n');
      },
      'invalid-reason',
      /The reason of a Normal event about Pod shop\/web-0 is empty; an events\.k8s\.io\/v1 recorder requires/,
    ],
    [
      'an empty action, which events.k8s.io/v1 refuses',
      (r) => {
        r.eventf(pod, undefined, 'Normal', 'R', '', 'n');
      },
      'invalid-action',
      /The action of event 'R' about Pod shop\/web-0 is empty; an events\.k8s\.io\/v1 recorder requires/,
    ],
    [
      'an action that is not a string',
      (r) => {
        r.eventf(pod, undefined, 'Normal', 'R', bad(7), 'n');
      },
      'invalid-action',
      /The action of event 'R' about Pod shop\/web-0 is a number, not a string/,
    ],
    [
      'a type the API refuses',
      (r) => {
        r.eventf(pod, undefined, bad('Info'), 'R', 'A', 'n');
      },
      'invalid-event-type',
      /Unsupported event type 'Info'/,
    ],
    [
      'a note that is not a string',
      (r) => {
        r.annotatedEventf(pod, undefined, {}, 'Normal', 'R', 'A', bad(undefined));
      },
      'invalid-message',
      /The note of event 'R' about Pod shop\/web-0 is undefined, not a string/,
    ],
    [
      'bad annotations',
      (r) => {
        r.annotatedEventf(pod, undefined, bad({ 'a b': 'c' }), 'Normal', 'R', 'A', 'n');
      },
      'invalid-annotations',
      /annotations/,
    ],
  ];
  it.each(refused)('refuses %s: no event, no throw, counted and reported', (_, call, code, message) => {
    const broadcaster = new EventBroadcaster();
    const events = record(broadcaster.events$);
    const diagnostics = diagnosticsOf(broadcaster);
    const recorder = eventsV1RecorderFor(broadcaster, 'web');
    expect(() => {
      call(recorder);
    }).not.toThrow();
    expect(events.values).toEqual([]);
    expect(broadcaster.stats).toMatchObject({ recorded: 0, invalid: 1 });
    expect(diagnostics).toMatchObject([{ level: 'error', code, component: 'web' }]);
    expect(diagnostics[0]?.message).toMatch(message);
  });

  const unreferenceable: [string, () => unknown, RegExp][] = [
    [
      'a related object without kind',
      () => ({ metadata: { name: 'x' } }),
      /\(can't reference object x: it has no kind/,
    ],
    [
      'a related revoked Proxy',
      () => {
        const { proxy, revoke } = Proxy.revocable({}, {});
        revoke();
        return proxy;
      },
      /\(reading it threw/,
    ],
  ];
  it.each(unreferenceable)(
    'records the event without %s, with a warning, as events.k8s.io/v1 does',
    (_, related, message) => {
      const broadcaster = new EventBroadcaster();
      const events = record(broadcaster.events$);
      const diagnostics = diagnosticsOf(broadcaster);
      eventsV1RecorderFor(broadcaster, 'web').eventf(pod, bad(related()), 'Normal', 'R', 'A', 'n');
      expect(events.values).toHaveLength(1);
      expect(events.values[0]).toMatchObject({ involvedObject: podReference, reason: 'R', action: 'A' });
      expect('related' in (events.values[0] ?? {})).toBe(false);
      expect(broadcaster.stats).toMatchObject({ recorded: 1, invalid: 0 });
      expect(diagnostics).toMatchObject([{ level: 'warning', code: 'invalid-related', component: 'web' }]);
      expect(diagnostics[0]?.message).toMatch(
        /^Could not reference the related object of Normal\/R about Pod shop\/web-0 \(/,
      );
      expect(diagnostics[0]?.message).toMatch(message);
      expect(diagnostics[0]?.message).toMatch(/; the event is recorded without it\.$/);
      expect(diagnostics[0]?.cause).toBeDefined();
    },
  );

  it('records an unformattable note unformatted, with a warning', () => {
    const broadcaster = new EventBroadcaster();
    const events = record(broadcaster.events$);
    const diagnostics = diagnosticsOf(broadcaster);
    eventsV1RecorderFor(broadcaster, 'web').eventf(pod, undefined, 'Normal', 'R', 'A', 'v %s', unprintable('no'));
    expect(events.values[0]?.message).toBe('v %s');
    expect(diagnostics).toMatchObject([{ level: 'warning', code: 'message-format-failed' }]);
  });

  it('drops and reports what is recorded after shutdown, as the core recorder', async () => {
    const broadcaster = new EventBroadcaster();
    const diagnostics = diagnosticsOf(broadcaster);
    const recorder = eventsV1RecorderFor(broadcaster, 'web');
    await broadcaster.shutdown();
    recorder.eventf(pod, undefined, 'Normal', 'R', 'A', 'n');
    expect(broadcaster.stats.droppedShutdown).toBe(1);
    expect(diagnostics).toMatchObject([{ code: 'event-dropped-shutdown' }]);
  });

  const badArguments: [string, () => unknown, RegExp][] = [
    ['no broadcaster', () => eventsV1RecorderFor(bad({}), 'web'), /needs an EventBroadcaster, got an object/],
    [
      'a reportingController that is not a qualified name',
      () => eventsV1RecorderFor(new EventBroadcaster(), 'my operator'),
      /reportingController must be a qualified name .* got "my operator"/,
    ],
    ['an empty reportingController', () => eventsV1RecorderFor(new EventBroadcaster(), ''), /qualified name/],
    [
      'a reportingController that is not a string',
      () => eventsV1RecorderFor(new EventBroadcaster(), bad(1)),
      /a number/,
    ],
    [
      'a reportingInstance that is not a string',
      () => eventsV1RecorderFor(new EventBroadcaster(), 'web', { reportingInstance: bad(1) }),
      /reportingInstance must be a string/,
    ],
    ['options that are not an object', () => eventsV1RecorderFor(new EventBroadcaster(), 'web', bad(1)), /options/],
    [
      'a broadcaster whose newRecorder was overridden',
      () => {
        const broadcaster = new EventBroadcaster();
        broadcaster.newRecorder = () => bad({});
        return eventsV1RecorderFor(broadcaster, 'web');
      },
      /newRecorder\(\) was overridden/,
    ],
  ];
  it.each(badArguments)('throws a TypeError for %s', (_, call, message) => {
    expect(call).toThrow(TypeError);
    expect(call).toThrow(message);
  });

  it('is an EventsV1Recorder', () => {
    expectTypeOf(eventsV1RecorderFor).returns.toEqualTypeOf<EventsV1Recorder>();
  });
});

describe('eventsV1RecorderFor: correlation', () => {
  it('counts a repeat on one event, and makes another event for another related object or action', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold }) => {
      const sink = new InMemoryEventSink({ scheduler, latencyMs: 1 });
      const broadcaster = new EventBroadcaster({ scheduler });
      broadcaster.startRecordingToSink(sink);
      const recorder = eventsV1RecorderFor(broadcaster, 'web');
      const otherPod = { ...pod, metadata: { ...pod.metadata, name: 'web-1', uid: 'uid-2' } };
      cold('a 9ms b 9ms c 9ms d').subscribe((step) => {
        const related = step === 'c' ? otherPod : pod;
        const action = step === 'd' ? 'Delete' : 'Create';
        recorder.eventf(replicaSet, related, 'Normal', 'Scaled', action, 'scaled');
      });
      scheduler.schedule(() => {
        expect(sink.calls.map((c) => [c.method, c.count])).toEqual([
          ['create', 1],
          ['patch', 2],
          ['create', 1],
          ['create', 1],
        ]);
        expect([...sink.events.values()].map((e) => [e.related?.name, e.action, e.count])).toEqual([
          ['web-0', 'Create', 2],
          ['web-1', 'Create', 1],
          ['web-0', 'Delete', 1],
        ]);
      }, 40);
    });
  });
});

describe('eventsV1RecorderFor over HTTP (fake API server)', () => {
  let server: FakeApiServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('writes core/v1 events with action and related, which events.k8s.io/v1 lists as that API writes them', async () => {
    server = await startFakeApiServer();
    const broadcaster = new EventBroadcaster();
    broadcaster.startRecordingToSink(new CoreV1EventSink(server.kubeConfig));
    const recorder = eventsV1RecorderFor(broadcaster, 'example.com/web', { reportingInstance: 'web-0' });
    recorder.eventf(replicaSet, pod, 'Normal', 'SuccessfulCreate', 'Create', 'Created pod: %s', 'web-0');
    recorder.eventf(replicaSet, pod, 'Normal', 'SuccessfulCreate', 'Create', 'Created pod: %s', 'web-0');

    const report = await broadcaster.shutdown();

    expect(report).toMatchObject({ recorded: 2, written: 2, failed: 0 });
    expect(server.requests().map((r) => [r.method, r.status])).toEqual([
      ['POST', 201],
      ['PATCH', 200],
    ]);
    const listed = await server.kubeConfig.makeApiClient(EventsV1Api).listNamespacedEvent({ namespace: 'shop' });
    expect(listed.items).toHaveLength(1);
    expect(listed.items[0]).toMatchObject({
      regarding: replicaSetReference,
      related: { kind: 'Pod', name: 'web-0', namespace: 'shop', uid: 'uid-1' },
      action: 'Create',
      reason: 'SuccessfulCreate',
      note: 'Created pod: web-0',
      type: 'Normal',
      reportingController: 'example.com/web',
      reportingInstance: 'web-0',
      deprecatedCount: 2,
      deprecatedSource: { component: 'example.com/web' },
    });
  });
});
