import { describe, expect, expectTypeOf, it } from 'vitest';
import { EventsV1Broadcaster, eventsV1RecorderFor } from '../../src/events/index.js';
import type { EventsV1Diagnostic, EventsV1Recorder } from '../../src/events/index.js';
import type { KubernetesObject } from '../../src/meta/index.js';
import { EventBroadcaster } from '../../src/record/index.js';
import { FakeEventsV1Recorder } from '../../src/testing/index.js';
import { diagnosticsOf, pod, podReference, record, testScheduler, unprintable } from '../record/helpers.js';
import type { Diagnostic } from '../../src/watch/index.js';
import { bad } from './support.js';

const replicaSet: KubernetesObject = {
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name: 'web-7d9f', namespace: 'shop' },
};
describe('FakeEventsV1Recorder lines (client-go format)', () => {
  it('writes "<type> <reason> <note>" by default: no action, objects or annotations, as client-go v0.36', () => {
    const recorder = new FakeEventsV1Recorder();
    recorder.eventf(replicaSet, pod, 'Warning', 'Failed', 'Create', 'x=%d', 3);
    recorder.annotatedEventf(pod, undefined, { a: 'b' }, 'Normal', 'Synced', 'Sync', 'ok');
    expect(recorder.events).toEqual(['Warning Failed x=3', 'Normal Synced ok']);
  });

  it("writes master's verbose line: action, regarding, related, then annotations as a sorted Go map", () => {
    const recorder = new FakeEventsV1Recorder({ verbose: true });
    recorder.eventf(replicaSet, pod, 'Normal', 'SuccessfulCreate', 'Create', 'Created pod: %s', 'web-0');
    recorder.annotatedEventf(pod, undefined, { c: 'd', a: 'b' }, 'Warning', 'BackOff', 'Restart', 'restarting');
    recorder.annotatedEventf(pod, undefined, {}, 'Normal', 'Synced', 'Sync', 'ok');
    expect(recorder.events).toEqual([
      'Normal SuccessfulCreate Create Created pod: web-0 {kind=ReplicaSet,apiVersion=apps/v1} {kind=Pod,apiVersion=v1}',
      'Warning BackOff Restart restarting {kind=Pod,apiVersion=v1} map[a:b c:d]',
      'Normal Synced Sync ok {kind=Pod,apiVersion=v1}',
    ]);
  });

  it('leaves out the object string of a reference with neither kind nor apiVersion, and keeps a partial one', () => {
    const recorder = new FakeEventsV1Recorder({ verbose: true });
    recorder.eventf({ name: 'n1' }, { kind: 'Node', name: 'n2' }, 'Normal', 'R', 'A', 'n');
    expect(recorder.events).toEqual(['Normal R A n {kind=Node,apiVersion=}']);
  });

  it('formats the note as the real recorder does, and never throws on an unformattable argument', () => {
    const recorder = new FakeEventsV1Recorder();
    recorder.eventf(pod, undefined, 'Warning', 'SyncFailed', 'Sync', 'failed: %v', new Error('refused'));
    expect(() => {
      recorder.eventf(pod, undefined, 'Warning', 'Odd', 'Sync', 'value %s', unprintable('no'));
    }).not.toThrow();
    expect(recorder.events).toEqual(['Warning SyncFailed failed: refused', 'Warning Odd value %s']);
    expect(recorder.diagnostics).toMatchObject([{ level: 'warning', code: 'note-format-failed' }]);
  });
});

describe('FakeEventsV1Recorder records', () => {
  it('keeps each call structured, with both references, timestamped by the scheduler', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold }) => {
      const recorder = new FakeEventsV1Recorder({ scheduler });
      const annotations = { trace: 't1' };
      cold('5ms a 9ms b').subscribe((x) => {
        if (x === 'a') recorder.eventf(replicaSet, pod, 'Normal', 'SuccessfulCreate', 'Create', 'pod %s', 'web-0');
        else recorder.annotatedEventf(pod, null as never, annotations, 'Warning', 'BackOff', 'Restart', 'again');
      });
      scheduler.schedule(() => {
        annotations.trace = 'changed';
        expect(recorder.records).toStrictEqual([
          {
            line: 'Normal SuccessfulCreate pod web-0',
            type: 'Normal',
            reason: 'SuccessfulCreate',
            action: 'Create',
            note: 'pod web-0',
            regarding: { kind: 'ReplicaSet', apiVersion: 'apps/v1', name: 'web-7d9f', namespace: 'shop' },
            related: podReference,
            object: replicaSet,
            relatedObject: pod,
            annotations: undefined,
            timestamp: new Date(5),
          },
          {
            line: 'Warning BackOff again',
            type: 'Warning',
            reason: 'BackOff',
            action: 'Restart',
            note: 'again',
            regarding: podReference,
            related: undefined,
            object: pod,
            relatedObject: undefined,
            annotations: { trace: 't1' },
            timestamp: new Date(15),
          },
        ]);
      }, 20);
    });
  });
});

describe('FakeEventsV1Recorder leaves out a related object it cannot reference, as the real recorder', () => {
  it('makes the line and the record without it, and keeps an invalid-related warning with the cause', () => {
    const recorder = new FakeEventsV1Recorder({ verbose: true });
    const related = bad<KubernetesObject>({ metadata: { name: 'x' } });
    recorder.eventf(replicaSet, related, 'Normal', 'SuccessfulCreate', 'Create', 'Created pod');
    expect(recorder.events).toEqual([
      'Normal SuccessfulCreate Create Created pod {kind=ReplicaSet,apiVersion=apps/v1}',
    ]);
    expect(recorder.records[0]).toMatchObject({ related: undefined, relatedObject: undefined, object: replicaSet });
    expect(recorder.diagnostics).toMatchObject([{ level: 'warning', code: 'invalid-related' }]);
    expect(recorder.diagnostics[0]?.message).toMatch(/can't reference object x: it has no kind.*recorded without it/);
    expect(recorder.diagnostics[0]?.cause).toBeInstanceOf(Error);
  });
});

describe('FakeEventsV1Recorder sees what production sees', () => {
  const revoked = (): object => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    return proxy;
  };
  const calls: [string, (recorder: EventsV1Recorder) => void][] = [
    [
      'a regarding object without type meta',
      (r) => {
        r.eventf(bad({ metadata: { name: 'x' } }), undefined, 'Normal', 'R', 'A', 'n');
      },
    ],
    [
      'a related object without type meta (recorded without it)',
      (r) => {
        r.eventf(pod, bad({ metadata: { name: 'x' } }), 'Normal', 'R', 'A', 'n');
      },
    ],
    [
      'a revoked Proxy as the related object (recorded without it)',
      (r) => {
        r.eventf(pod, bad(revoked()), 'Normal', 'R', 'A', 'n');
      },
    ],
    [
      'an unreferenceable related object and an unformattable note',
      (r) => {
        r.eventf(pod, bad(revoked()), 'Normal', 'R', 'A', 'v %s', unprintable('no'));
      },
    ],
    [
      'a type the API refuses',
      (r) => {
        r.eventf(pod, undefined, bad('Info'), 'R', 'A', 'n');
      },
    ],
    [
      'a Symbol reason',
      (r) => {
        r.eventf(pod, undefined, 'Normal', bad(Symbol('R')), 'A', 'n');
      },
    ],
    [
      'an empty reason',
      (r) => {
        r.eventf(pod, undefined, 'Normal', '', 'A', 'n');
      },
    ],
    [
      'an action that is not a string',
      (r) => {
        r.eventf(pod, undefined, 'Normal', 'R', bad(null), 'n');
      },
    ],
    [
      'an empty action',
      (r) => {
        r.eventf(pod, undefined, 'Normal', 'R', '', 'n');
      },
    ],
    [
      'a note that is not a string',
      (r) => {
        r.eventf(pod, undefined, 'Normal', 'R', 'A', bad(7));
      },
    ],
    [
      'a revoked Proxy as annotations',
      (r) => {
        r.annotatedEventf(pod, undefined, bad(revoked()), 'Normal', 'R', 'A', 'n');
      },
    ],
    [
      'an unformattable note',
      (r) => {
        r.eventf(pod, undefined, 'Warning', 'R', 'A', 'v %s', unprintable('no'));
      },
    ],
  ];
  /** A refusal's whole text (the same check made it); a warning's level and code (the fake has no event to name). */
  const strip = ({ level, code, message }: Diagnostic) =>
    level === 'error' ? { level, code, message } : { level, code };
  /** The core/v1 codes of the two events.k8s.io/v1 codes named after the note. */
  const coreV1Code = (code: string): string =>
    ({ 'invalid-note': 'invalid-message', 'note-format-failed': 'message-format-failed' })[code] ?? code;

  it.each(calls)('%s: what the events.k8s.io/v1 recorder records and reports', async (_, call) => {
    const broadcaster = new EventsV1Broadcaster();
    const events = record(broadcaster.events$);
    const production: EventsV1Diagnostic[] = [];
    broadcaster.diagnostics$.subscribe((d) => production.push(d));
    const fake = new FakeEventsV1Recorder();
    const lines = record(fake.events$);
    expect(() => {
      call(broadcaster.newRecorder('c'));
    }).not.toThrow();
    expect(() => {
      call(fake);
    }).not.toThrow();
    await broadcaster.shutdown();

    expect(production.length).toBeGreaterThan(0);
    expect(fake.diagnostics.map(strip)).toEqual(production.map(strip));
    expect(fake.records.map((r) => [r.regarding, r.related, r.note])).toEqual(
      events.values.map((e) => [e.regarding, e.related, e.note]),
    );
    expect(lines.values).toHaveLength(events.values.length);
    expectTypeOf(fake.diagnostics).toEqualTypeOf<readonly EventsV1Diagnostic[]>();
  });

  it.each(calls)('%s: the same on the core/v1 path of eventsV1RecorderFor', async (_, call) => {
    const broadcaster = new EventBroadcaster();
    const events = record(broadcaster.events$);
    const production = diagnosticsOf(broadcaster);
    const fake = new FakeEventsV1Recorder();
    call(eventsV1RecorderFor(broadcaster, 'c'));
    call(fake);
    await broadcaster.shutdown();

    expect(fake.diagnostics.map(({ level, code }) => [level, coreV1Code(code)])).toEqual(
      production.map(({ level, code }) => [level, code]),
    );
    expect(fake.records.map((r) => [r.regarding, r.related, r.note])).toEqual(
      events.values.map((e) => [e.involvedObject, e.related, e.message]),
    );
  });
});

describe('FakeEventsV1Recorder.events$ and bounds', () => {
  it('is hot: emits lines recorded after subscription; earlier ones are in events', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const recorder = new FakeEventsV1Recorder({ scheduler });
      cold('a--b--c').subscribe((x) => {
        recorder.eventf(pod, undefined, 'Normal', x, 'A', 'n');
      });
      expectObservable(recorder.events$, '--^------').toBe('---b--c', { b: 'Normal b n', c: 'Normal c n' });
    });
  });

  it('keeps the first maxEvents, counts the rest, still emits every line, and forgets all on clear()', () => {
    const recorder = new FakeEventsV1Recorder({ maxEvents: 2 });
    const seen = record(recorder.events$);
    for (let i = 0; i < 5; i++) recorder.eventf(pod, undefined, 'Normal', 'Tick', 'Tick', 'tick %d', i);
    recorder.eventf(pod, undefined, bad('Info'), 'Tick', 'Tick', 'refused');
    expect([recorder.events, recorder.records.length, recorder.dropped]).toEqual([
      ['Normal Tick tick 0', 'Normal Tick tick 1'],
      2,
      3,
    ]);
    expect(recorder.diagnostics).toHaveLength(1);
    expect(seen.values).toHaveLength(5);
    recorder.clear();
    expect([recorder.events, recorder.records, recorder.diagnostics, recorder.dropped]).toEqual([[], [], [], 0]);
  });

  it.each([null, 'x'])('refuses %j as options with a TypeError of its own', (options) => {
    expect(() => new FakeEventsV1Recorder(options as never)).toThrow(
      /^FakeEventsV1Recorder: options must be an object/,
    );
  });

  it.each([-1, 1.5, Number.NaN])('refuses maxEvents %j', (maxEvents) => {
    expect(() => new FakeEventsV1Recorder({ maxEvents })).toThrow(RangeError);
  });

  it('is an EventsV1Recorder, so a controller takes it in place of the real one', () => {
    expectTypeOf<FakeEventsV1Recorder>().toExtend<EventsV1Recorder>();
    expectTypeOf<FakeEventsV1Recorder['events']>().toEqualTypeOf<readonly string[]>();
  });
});
