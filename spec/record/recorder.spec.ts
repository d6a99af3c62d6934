import { format } from 'node:util';
import type { V1ObjectReference, V1Pod } from '@kubernetes/client-node';
import { map } from 'rxjs';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { ObjectReferenceError, getPartialReference } from '../../src/meta/index.js';
import type { CoreV1Event, EventType, ObjectReference } from '../../src/meta/index.js';
import { EventBroadcaster, RecordDiagnosticCode } from '../../src/record/index.js';
import type { EventObject, EventRecorder, Logger } from '../../src/record/index.js';
import { diagnosticsOf, freshClock, nameAt, pod, podReference, record, testScheduler, unprintable } from './helpers.js';

/** A broadcaster on a fresh virtual clock, its recorder, and what it recorded. */
function setUp(options: { host?: string } = {}) {
  const scheduler = testScheduler();
  const clock = freshClock(scheduler);
  const broadcaster = new EventBroadcaster({ scheduler: clock });
  const recorder = broadcaster.newRecorder({ component: 'my-operator', ...options });
  const { values: events } = record(broadcaster.events$);
  const diagnostics = diagnosticsOf(broadcaster);
  return { scheduler, clock, broadcaster, recorder, events, diagnostics };
}

describe('EventRecorder: making the event', () => {
  it('builds the event as client-go makeEvent does', () => {
    const { clock, recorder, events } = setUp({ host: 'node-1' });
    recorder.eventf(pod, 'Warning', 'BackOff', 'Back-off restarting failed container %s', 'web');

    const time = new Date(clock.startMs);
    expect(events).toStrictEqual([
      {
        metadata: { name: nameAt('web-0', clock.startMs), namespace: 'shop' },
        involvedObject: podReference,
        reason: 'BackOff',
        message: 'Back-off restarting failed container web',
        source: { component: 'my-operator', host: 'node-1' },
        firstTimestamp: time,
        lastTimestamp: time,
        count: 1,
        type: 'Warning',
        reportingComponent: 'my-operator',
        reportingInstance: 'node-1',
      },
    ]);
    // One Date for both, as the correlator's aggregate events: its setters are not to be called (docs/recording.md).
    expect(events[0]?.lastTimestamp).toBe(events[0]?.firstTimestamp);
  });

  it('leaves the host out of source, and sends an empty reportingInstance (no omitempty on the wire), without a host', () => {
    const { recorder, events } = setUp();
    recorder.event(pod, 'Normal', 'Started', 'started');

    expect(events[0]?.source).toStrictEqual({ component: 'my-operator' });
    expect(events[0]?.reportingInstance).toBe('');
    expect(JSON.parse(JSON.stringify(events[0]))).toMatchObject({
      reportingComponent: 'my-operator',
      reportingInstance: '',
    });
  });

  it('puts an event about a cluster-scoped object in the default namespace', () => {
    const { recorder, events } = setUp();
    recorder.event({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } }, 'Normal', 'Ready', 'ready');

    expect(events[0]?.metadata.namespace).toBe('default');
    expect(events[0]?.involvedObject).toStrictEqual({ kind: 'Node', apiVersion: 'v1', name: 'n1' });
  });

  it('uses a reference passed in as given, fieldPath included', () => {
    const { recorder, events } = setUp();
    const ref = getPartialReference(pod, 'spec.containers{web}');
    recorder.event(ref, 'Normal', 'Pulled', 'pulled');

    expect(events[0]?.involvedObject).toStrictEqual(ref);
    expect(events[0]?.involvedObject).not.toBe(ref);
  });

  it('names an event about an object without a name with a UUID, as GenerateEventName falls back', () => {
    const { recorder, events } = setUp();
    recorder.event({ kind: 'Pod', uid: 'uid-only' }, 'Normal', 'Seen', 'seen');

    expect(events[0]?.metadata.name).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(events[0]?.metadata.namespace).toBe('default');
  });

  it('copies the annotations, and sets none for an empty map', () => {
    const { recorder, events } = setUp();
    const annotations: Record<string, string> = { 'example.com/trace': 'abc' };
    recorder.annotatedEventf(pod, annotations, 'Normal', 'Synced', 'synced %d items', 3);
    annotations['example.com/trace'] = 'changed';
    recorder.annotatedEventf(pod, {}, 'Normal', 'Synced', 'synced');
    recorder.eventf(pod, 'Normal', 'Synced', 'synced');

    expect(events.map((e) => e.metadata.annotations)).toStrictEqual([
      { 'example.com/trace': 'abc' },
      undefined,
      undefined,
    ]);
    expect(events[0]?.message).toBe('synced 3 items');
  });

  it('dates a past event at the given time, and names it from the clock', () => {
    const { clock, recorder, events } = setUp();
    const then = new Date('2024-05-01T10:00:00Z');
    recorder.pastEventf(pod, then, 'Normal', 'Restored', 'restored from %s', 'backup');

    expect(events[0]?.firstTimestamp).toEqual(then);
    expect(events[0]?.lastTimestamp).toEqual(then);
    expect(events[0]?.firstTimestamp).not.toBe(then);
    expect(events[0]?.lastTimestamp).toBe(events[0]?.firstTimestamp);
    expect(events[0]?.metadata.name).toBe(nameAt('web-0', clock.startMs));
    expect(events[0]?.message).toBe('restored from backup');
  });

  it('freezes the event it shares between watchers', () => {
    const { recorder, events } = setUp();
    recorder.annotatedEventf(pod, { a: 'b' }, 'Normal', 'Started', 'started');
    const [event] = events as [CoreV1Event];

    for (const part of [event, event.metadata, event.metadata.annotations, event.involvedObject, event.source]) {
      expect(Object.isFrozen(part)).toBe(true);
    }
  });

  it('shares the frozen involved object between consecutive events about one object, and follows a changed object', () => {
    const { recorder, events } = setUp();
    const changing = structuredClone(pod);
    recorder.event(changing, 'Normal', 'Pulled', 'pulled');
    recorder.event(changing, 'Normal', 'Started', 'started');
    changing.metadata!.resourceVersion = '43';
    recorder.event(changing, 'Normal', 'Ready', 'ready');
    const [pulled, started, ready] = events as [CoreV1Event, CoreV1Event, CoreV1Event];

    expect(started.involvedObject).toBe(pulled.involvedObject);
    expect(pulled.involvedObject).toStrictEqual(podReference);
    expect(ready.involvedObject).toStrictEqual({ ...podReference, resourceVersion: '43' });
    expect(Object.isFrozen(ready.involvedObject)).toBe(true);
  });

  it('gives the events of one millisecond one Date, a later millisecond a Date of its own, pastEventf its copy', () => {
    const scheduler = testScheduler();
    const clock = freshClock(scheduler);
    const broadcaster = new EventBroadcaster({ scheduler: clock });
    const recorder = broadcaster.newRecorder({ component: 'c' });
    const { values: events } = record(broadcaster.events$);
    const then = new Date('2024-05-01T10:00:00Z');
    scheduler.run(({ cold, flush }) => {
      cold('(ab) 6ms (cd)').subscribe((reason) => {
        if (reason === 'd') recorder.pastEventf(pod, then, 'Normal', reason, 'm');
        else recorder.event(pod, 'Normal', reason, 'm');
      });
      flush();
    });
    const [a, b, c, d] = events as [CoreV1Event, CoreV1Event, CoreV1Event, CoreV1Event];

    expect(b.firstTimestamp).toBe(a.firstTimestamp);
    expect(a.firstTimestamp?.getTime()).toBe(clock.startMs);
    expect(c.firstTimestamp).not.toBe(a.firstTimestamp);
    expect(c.firstTimestamp?.getTime()).toBe(clock.startMs + 10);
    expect(d.firstTimestamp).toStrictEqual(then);
    expect(d.firstTimestamp).not.toBe(then);
    expect(new Set(events.map((event) => event.metadata.name)).size).toBe(4);
  });

  it('takes names and timestamps from virtual time', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const clock = freshClock(scheduler);
      const broadcaster = new EventBroadcaster({ scheduler: clock });
      const recorder = broadcaster.newRecorder({ component: 'c' });
      const at = (ms: number) => ({ name: nameAt('web-0', clock.startMs + ms), time: clock.startMs + ms });
      // Subscribed first, so that it sees what is recorded at frame 0.
      expectObservable(
        broadcaster.events$.pipe(map((e) => ({ name: e.metadata.name, time: e.lastTimestamp?.getTime() }))),
      ).toBe('a 599999ms b', { a: at(0), b: at(600_000) });
      cold('a 599999ms b').subscribe((reason) => {
        recorder.event(pod, 'Normal', reason, 'm');
      });
    });
  });

  it('gives 1000 events recorded in the same virtual millisecond unique, increasing names', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, expectObservable, flush }) => {
      const clock = freshClock(scheduler);
      const broadcaster = new EventBroadcaster({ scheduler: clock });
      const recorder = broadcaster.newRecorder({ component: 'c' });
      const names: string[] = [];
      broadcaster.startEventWatcher((e) => {
        names.push(e.metadata.name ?? '');
      });
      cold('5ms a').subscribe(() => {
        for (let i = 0; i < 1000; i++) recorder.event(pod, 'Normal', 'Tick', `tick ${String(i)}`);
      });
      expectObservable(broadcaster.events$.pipe(map((e) => e.firstTimestamp?.getTime()))).toBe(
        `5ms (${'a'.repeat(1000)})`,
        { a: clock.startMs + 5 },
      );
      flush();

      const base = BigInt(clock.startMs + 5) * 1_000_000n;
      expect(names).toEqual(Array.from({ length: 1000 }, (_, i) => `web-0.${(base + BigInt(i)).toString(16)}`));
      expect(new Set(names).size).toBe(1000);
    });
  });
});

describe('EventRecorder: messages', () => {
  const cases: [string, string, unknown[], string][] = [
    ['%s takes any value', 'pulled %s', [{ image: 'nginx' }], "pulled { image: 'nginx' }"],
    ['%d takes a number', 'x=%d', [3], 'x=3'],
    ['%d of a non-number is NaN (Go: %!d(string=…))', 'x=%d', ['three'], 'x=NaN'],
    ['%j is JSON', 'spec %j', [{ replicas: 2 }], 'spec {"replicas":2}'],
    ['%o is util.inspect', 'spec %o', [[1]], 'spec [ 1, [length]: 1 ]'],
    ['a verb without an argument stays (Go: %!s(MISSING))', '%s and %s', ['a'], 'a and %s'],
    ['extra arguments are appended (Go: %!(EXTRA …))', 'done', [1, 'two'], 'done 1 two'],
    ["%v is Go's default format, as %s", 'value %v', [1], 'value 1'],
    ['%v without an argument stays', 'value %v %s', [], 'value %v %s'],
    ['%%v is a literal %v', '%%v %v', ['x'], '%v x'],
    [
      '%v of an Error is its message, as Go prints an error',
      'sync failed: %v',
      [new Error('boom')],
      'sync failed: boom',
    ],
    ['%s of an Error is its message', 'sync failed: %s', [new TypeError('bad')], 'sync failed: bad'],
    ['an extra Error is appended as its message', 'sync failed', [new Error('boom')], 'sync failed boom'],
    ['%j and %o of an Error are left to util.format', '%j', [new Error('boom')], '{}'],
    ['%% is one % when there are arguments', '%d%%', [50], '50%'],
    ['without arguments the format is used as is, %% included', '100%%', [], '100%%'],
  ];
  it.each(cases)('eventf: %s', (_, messageFmt, args, expected) => {
    const { recorder, events } = setUp();
    recorder.eventf(pod, 'Normal', 'Formatted', messageFmt, ...args);
    expect(events[0]?.message).toBe(expected);
  });

  // Formats of `%s` verbs and string arguments skip util.format; each must still read exactly as util.format has it.
  const strings: [string, string[]][] = [
    ['Started container %s', ['web']],
    ['%s', ['']],
    ['%s%s', ['a', 'b']],
    ['%s at the start, at the end %s', ['x', 'y']],
    ['no verb', []],
    ['no verb, one argument', ['extra']],
    ['%s and %s', ['only one']],
    ['%s', ['one', 'two']],
    ['%%s is a literal', ['x']],
    ['a trailing %', ['x']],
    ['%s then %d', ['a', '7']],
    ['%s of a string that holds %s itself', ['%s']],
  ];
  it.each(strings)('eventf(%j, …strings) reads as util.format has it', (messageFmt, args) => {
    const { recorder, events } = setUp();
    recorder.eventf(pod, 'Normal', 'Formatted', messageFmt, ...args);
    expect(events[0]?.message).toBe(format(messageFmt, ...args));
  });

  it('event() uses the message as is, so a % in it is safe', () => {
    const { recorder, events } = setUp();
    recorder.event(pod, 'Normal', 'Progress', '100% done %s %d');
    expect(events[0]?.message).toBe('100% done %s %d');
  });

  it('records with the unformatted text, and reports it, when an argument cannot be formatted', () => {
    const { broadcaster, recorder, events, diagnostics } = setUp();
    expect(() => {
      recorder.eventf(pod, 'Warning', 'Odd', 'value %s', unprintable('no string for you'));
    }).not.toThrow();

    expect(events.map((e) => e.message)).toEqual(['value %s']);
    expect(diagnostics).toMatchObject([
      { level: 'warning', code: RecordDiagnosticCode.messageFormatFailed, component: 'my-operator', event: events[0] },
    ]);
    expect(diagnostics[0]?.cause).toEqual(new Error('no string for you'));
    expect(broadcaster.stats).toMatchObject({ recorded: 1, formatFailed: 1 });
  });

  it('cuts a message over 1024 bytes on a UTF-8 boundary, records it, and reports the cut', () => {
    const { broadcaster, recorder, events, diagnostics } = setUp();
    recorder.event(pod, 'Warning', 'Huge', 'é'.repeat(1000));

    expect(events[0]?.message).toBe('é'.repeat(512));
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({
      level: 'warning',
      code: RecordDiagnosticCode.eventTruncated,
      event: events[0],
    });
    expect(diagnostics[0]?.message).toContain('message (2000 bytes, limit 1024)');
    expect(broadcaster.stats).toMatchObject({ recorded: 1, truncated: 1 });
  });

  it('cuts a reason and a host over 128 bytes', () => {
    const { recorder, events, diagnostics } = setUp({ host: 'h'.repeat(200) });
    recorder.event(pod, 'Normal', 'R'.repeat(130), 'm');

    expect(events[0]?.reason).toBe('R'.repeat(128));
    expect(events[0]?.reportingInstance).toBe('h'.repeat(128));
    expect(diagnostics[0]?.message).toContain(
      'reason (130 bytes, limit 128), reportingInstance (200 bytes, limit 128)',
    );
  });
});

describe('EventRecorder: never throws, reports and counts', () => {
  const badObjects: [string, unknown][] = [
    ['null', null],
    ['undefined', undefined],
    ['a number', 42],
    ['an object without kind', { apiVersion: 'v1', metadata: { name: 'x' } }],
    ['an object without metadata', { apiVersion: 'v1', kind: 'Pod' }],
    ['an empty object', {}],
  ];
  it.each(badObjects)('refuses %s as the object', (_, object) => {
    const { broadcaster, recorder, events, diagnostics } = setUp();
    expect(() => {
      recorder.event(object as ObjectReference, 'Normal', 'Started', 'm');
    }).not.toThrow();

    expect(events).toEqual([]);
    expect(diagnostics).toMatchObject([
      { level: 'error', code: RecordDiagnosticCode.invalidObject, component: 'my-operator' },
    ]);
    expect(diagnostics[0]?.cause).toBeInstanceOf(ObjectReferenceError);
    expect(broadcaster.stats).toMatchObject({ recorded: 0, invalid: 1 });
  });

  it.each(['normal', 'Error', '', 'Warning '])('refuses the event type %j', (type) => {
    const { broadcaster, recorder, events, diagnostics } = setUp();
    recorder.eventf(pod, type as EventType, 'Started', 'm');

    expect(events).toEqual([]);
    expect(diagnostics).toMatchObject([{ level: 'error', code: RecordDiagnosticCode.invalidEventType }]);
    expect(diagnostics[0]?.message).toContain(`Unsupported event type '${type}'`);
    expect(broadcaster.stats).toMatchObject({ recorded: 0, invalid: 1 });
  });

  it('checks the reference before the type, as client-go: a bad object with a bad type is reported as the object', () => {
    const { recorder, diagnostics } = setUp();
    recorder.event({}, 'bad' as EventType, 'R', 'm');
    expect(diagnostics.map((d) => d.code)).toEqual([RecordDiagnosticCode.invalidObject]);
  });

  it('refuses an invalid date in pastEventf', () => {
    const { broadcaster, recorder, events, diagnostics } = setUp();
    recorder.pastEventf(pod, new Date(Number.NaN), 'Normal', 'Restored', 'm');
    recorder.pastEventf(pod, '2024-01-01' as unknown as Date, 'Normal', 'Restored', 'm');

    expect(events).toEqual([]);
    expect(diagnostics.map((d) => d.code)).toEqual([
      RecordDiagnosticCode.invalidTimestamp,
      RecordDiagnosticCode.invalidTimestamp,
    ]);
    expect(broadcaster.stats.invalid).toBe(2);
  });

  const refusals: [string, (recorder: EventRecorder) => void, RecordDiagnosticCode, string][] = [
    [
      'metadata: null',
      (r) => {
        r.event({ apiVersion: 'v1', kind: 'Pod', metadata: null } as unknown as EventObject, 'Normal', 'R', 'm');
      },
      RecordDiagnosticCode.invalidObject,
      'metadata is null',
    ],
    [
      'kind: 5',
      (r) => {
        r.event({ ...pod, kind: 5 } as unknown as EventObject, 'Normal', 'R', 'm');
      },
      RecordDiagnosticCode.invalidObject,
      'kind is a number',
    ],
    [
      'apiVersion: {}',
      (r) => {
        r.event({ ...pod, apiVersion: {} } as unknown as EventObject, 'Normal', 'R', 'm');
      },
      RecordDiagnosticCode.invalidObject,
      'apiVersion is an object',
    ],
    [
      'metadata.name: 7',
      (r) => {
        r.event({ ...pod, metadata: { name: 7 } } as unknown as EventObject, 'Normal', 'R', 'm');
      },
      RecordDiagnosticCode.invalidObject,
      'name is a number',
    ],
    [
      'a reference with name: 7',
      (r) => {
        r.event({ kind: 'Pod', uid: 'u', name: 7 } as unknown as EventObject, 'Normal', 'R', 'm');
      },
      RecordDiagnosticCode.invalidObject,
      'name is a number',
    ],
    [
      'reason: null',
      (r) => {
        r.event(pod, 'Normal', null as unknown as string, 'm');
      },
      RecordDiagnosticCode.invalidReason,
      'is null, not a string',
    ],
    [
      'reason: 5',
      (r) => {
        r.eventf(pod, 'Normal', 5 as unknown as string, 'm');
      },
      RecordDiagnosticCode.invalidReason,
      'is a number',
    ],
    [
      'reason: {}',
      (r) => {
        r.event(pod, 'Warning', {} as unknown as string, 'm');
      },
      RecordDiagnosticCode.invalidReason,
      'is an object',
    ],
    [
      'message: undefined',
      (r) => {
        r.event(pod, 'Normal', 'R', undefined as unknown as string);
      },
      RecordDiagnosticCode.invalidMessage,
      'message of event',
    ],
    [
      'message: 5',
      (r) => {
        r.event(pod, 'Normal', 'R', 5 as unknown as string);
      },
      RecordDiagnosticCode.invalidMessage,
      'is a number',
    ],
    [
      'message format: {}',
      (r) => {
        r.eventf(pod, 'Normal', 'R', {} as unknown as string, 1);
      },
      RecordDiagnosticCode.invalidMessage,
      'message format of',
    ],
    [
      'pastEventf in year 10000',
      (r) => {
        r.pastEventf(pod, new Date(Date.UTC(10000, 0, 1)), 'Normal', 'R', 'm');
      },
      RecordDiagnosticCode.invalidTimestamp,
      'years 0–9999',
    ],
    [
      'pastEventf before year 0',
      (r) => {
        r.pastEventf(pod, new Date(Date.UTC(-1, 0, 1)), 'Normal', 'R', 'm');
      },
      RecordDiagnosticCode.invalidTimestamp,
      'years 0–9999',
    ],
    [
      'annotations given as a string',
      (r) => {
        r.annotatedEventf(pod, 'a=b' as unknown as Record<string, string>, 'Normal', 'R', 'm');
      },
      RecordDiagnosticCode.invalidAnnotations,
      'got a string',
    ],
    [
      'an annotation value that is not a string',
      (r) => {
        r.annotatedEventf(pod, { retries: 3 } as unknown as Record<string, string>, 'Normal', 'R', 'm');
      },
      RecordDiagnosticCode.invalidAnnotations,
      'annotation "retries" is a number',
    ],
    [
      'an annotation key that is not a qualified name',
      (r) => {
        r.annotatedEventf(pod, { 'not a key': 'v' }, 'Normal', 'R', 'm');
      },
      RecordDiagnosticCode.invalidAnnotations,
      'not a qualified name',
    ],
    [
      'annotations over 256 KiB in total',
      (r) => {
        r.annotatedEventf(pod, { a: 'x'.repeat(200_000), b: 'y'.repeat(62_144) }, 'Normal', 'R', 'm');
      },
      RecordDiagnosticCode.invalidAnnotations,
      '262146 bytes in total',
    ],
  ];
  it.each(refusals)('refuses %s with its own code, counted as invalid', (_, call, code, text) => {
    const { broadcaster, recorder, events, diagnostics } = setUp();
    expect(() => {
      call(recorder);
    }).not.toThrow();

    expect(events).toEqual([]);
    expect(diagnostics).toMatchObject([{ level: 'error', code, component: 'my-operator' }]);
    expect(diagnostics[0]?.message).toContain(text);
    expect(broadcaster.stats).toMatchObject({ recorded: 0, invalid: 1, failed: 0 });
  });

  it('accepts annotations of exactly 256 KiB, null or undefined annotations (none), and a year-9999 or year-0 pastEventf', () => {
    const { recorder, events, diagnostics } = setUp();
    recorder.annotatedEventf(pod, null as unknown as Record<string, string>, 'Normal', 'R', 'm');
    recorder.annotatedEventf(pod, undefined as unknown as Record<string, string>, 'Normal', 'R', 'm');
    recorder.annotatedEventf(pod, { a: 'x'.repeat(200_000), b: 'y'.repeat(62_142) }, 'Normal', 'R', 'm');
    recorder.pastEventf(pod, new Date(Date.UTC(9999, 11, 31, 23, 59, 59)), 'Normal', 'R', 'm');
    recorder.pastEventf(pod, new Date('0000-01-01T00:00:00Z'), 'Normal', 'R', 'm');
    expect(diagnostics).toEqual([]);
    expect(events).toHaveLength(5);
    expect(events[0]?.metadata.annotations).toBeUndefined();
  });

  it('reads each annotation once, so a getter cannot change the event after the check', () => {
    const { recorder, events } = setUp();
    let reads = 0;
    const annotations = {
      get a(): string {
        reads++;
        return reads === 1 ? 'first' : 'x'.repeat(300_000);
      },
    };
    recorder.annotatedEventf(pod, annotations, 'Normal', 'R', 'm');
    expect(events[0]?.metadata.annotations).toEqual({ a: 'first' });
    expect(reads).toBe(1);
  });

  it('reports an unexpected failure (a clock that throws) and loses only that event', () => {
    let broken = true;
    const broadcaster = new EventBroadcaster({
      scheduler: {
        now: () => {
          if (broken) throw new Error('clock broke');
          return 0;
        },
        schedule: () => {
          throw new Error('not used');
        },
      },
    });
    const recorder = broadcaster.newRecorder({ component: 'c' });
    const { values: events } = record(broadcaster.events$);
    const diagnostics = diagnosticsOf(broadcaster);

    expect(() => {
      recorder.event(pod, 'Normal', 'Started', 'm');
    }).not.toThrow();
    broken = false;
    recorder.event(pod, 'Normal', 'Started', 'again');

    expect(events.map((e) => e.message)).toEqual(['again']);
    expect(diagnostics).toMatchObject([{ level: 'error', code: RecordDiagnosticCode.recordFailed, component: 'c' }]);
    expect(diagnostics[0]?.message).toContain('clock broke');
    expect(broadcaster.stats).toMatchObject({ recorded: 1, failed: 1 });
  });

  it('drops what is recorded after shutdown, reporting each event even after shutdown has finished', async () => {
    const { broadcaster, recorder, events, diagnostics } = setUp();
    const done = broadcaster.shutdown();
    recorder.event(pod, 'Normal', 'During', 'm');
    await done;
    recorder.eventf(pod, 'Warning', 'After', 'x=%d', 1);

    expect(events).toEqual([]);
    expect(diagnostics).toMatchObject([
      { level: 'error', code: RecordDiagnosticCode.recordedAfterShutdown, event: { reason: 'During' } },
      { level: 'error', code: RecordDiagnosticCode.recordedAfterShutdown, event: { reason: 'After', message: 'x=1' } },
    ]);
    expect(broadcaster.stats).toMatchObject({ recorded: 0, droppedShutdown: 2 });
  });

  it('drops events recorded from inside a watcher beyond the incoming queue, reporting each', () => {
    const broadcaster = new EventBroadcaster({ queueLength: 2 });
    const recorder = broadcaster.newRecorder({ component: 'c' });
    const diagnostics = diagnosticsOf(broadcaster);
    const seen: string[] = [];
    broadcaster.startEventWatcher((e) => {
      seen.push(e.reason ?? '');
      if (e.reason === 'first') {
        for (let i = 1; i <= 5; i++) recorder.event(pod, 'Normal', `inner${String(i)}`, 'm');
      }
    });
    recorder.event(pod, 'Normal', 'first', 'm');

    expect(seen).toEqual(['first', 'inner1', 'inner2']);
    expect(diagnostics.map((d) => [d.code, d.event?.reason])).toEqual([
      [RecordDiagnosticCode.queueFull, 'inner3'],
      [RecordDiagnosticCode.queueFull, 'inner4'],
      [RecordDiagnosticCode.queueFull, 'inner5'],
    ]);
    expect(broadcaster.stats).toMatchObject({ recorded: 3, droppedQueueFull: 3 });
  });

  it('logs each diagnostic to the logger by level, and survives a logger that throws', () => {
    const logged: [string, object, string][] = [];
    const logger: Logger = {
      info: (fields, message) => logged.push(['info', fields, message]),
      warn: (fields, message) => logged.push(['warn', fields, message]),
      error: (fields, message) => {
        logged.push(['error', fields, message]);
        throw new Error('logger broke');
      },
    };
    const broadcaster = new EventBroadcaster({ logger });
    const recorder = broadcaster.newRecorder({ component: 'c' });
    const { values: events } = record(broadcaster.events$);

    recorder.event(pod, 'Normal', 'Long', 'x'.repeat(2000));
    expect(() => {
      recorder.event(pod, 'Fatal' as EventType, 'Bad', 'm');
    }).not.toThrow();
    recorder.event({}, 'Normal', 'Bad', 'm');

    expect(logged).toMatchObject([
      [
        'warn',
        { code: RecordDiagnosticCode.eventTruncated, component: 'c', event: events[0] },
        expect.stringContaining('limits'),
      ],
      ['error', { code: RecordDiagnosticCode.invalidEventType, component: 'c' }, expect.stringContaining("'Fatal'")],
      [
        'error',
        { code: RecordDiagnosticCode.invalidObject, component: 'c', err: expect.any(ObjectReferenceError) as unknown },
        expect.any(String),
      ],
    ]);
  });
});

describe('EventBroadcaster.newRecorder', () => {
  it.each([[''], [undefined], [42]])('refuses the component %j', (component) => {
    const broadcaster = new EventBroadcaster();
    expect(() => broadcaster.newRecorder({ component: component as string })).toThrow(TypeError);
  });

  it('refuses a host that is not a string', () => {
    expect(() => new EventBroadcaster().newRecorder({ component: 'c', host: 7 as unknown as string })).toThrow(
      TypeError,
    );
  });

  it('gives each recorder its own source on the same broadcaster', () => {
    const broadcaster = new EventBroadcaster();
    const { values } = record(broadcaster.events$);
    broadcaster.newRecorder({ component: 'a' }).event(pod, 'Normal', 'R', 'm');
    broadcaster.newRecorder({ component: 'b', host: 'h' }).event(pod, 'Normal', 'R', 'm');
    expect(values.map((e) => [e.source, e.reportingComponent, e.reportingInstance])).toEqual([
      [{ component: 'a' }, 'a', ''],
      [{ component: 'b', host: 'h' }, 'b', 'h'],
    ]);
  });

  it("takes client-node's objects and references", () => {
    expectTypeOf<V1Pod>().toExtend<EventObject>();
    expectTypeOf<V1ObjectReference>().toExtend<EventObject>();
  });

  it('types the recorder as EventRecorder, with EventType for the type', () => {
    expectTypeOf(new EventBroadcaster().newRecorder({ component: 'c' })).toEqualTypeOf<EventRecorder>();
    expectTypeOf<Parameters<EventRecorder['event']>[1]>().toEqualTypeOf<EventType>();
  });
});
