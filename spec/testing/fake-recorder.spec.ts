import { describe, expect, expectTypeOf, it } from 'vitest';
import type { KubernetesObject } from '../../src/meta/index.js';
import type { EventRecorder } from '../../src/record/index.js';
import { EventBroadcaster } from '../../src/record/index.js';
import { FakeRecorder } from '../../src/testing/fake-recorder.js';
import { pod, podReference, record, testScheduler, unprintable } from '../record/helpers.js';
import { expectRefusedAlike } from './refusals.js';
import { bad } from './support.js';

const deployment: KubernetesObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop' },
};

describe('FakeRecorder lines (client-go format)', () => {
  it('formats eventf as "<type> <reason> <message>"', () => {
    const recorder = new FakeRecorder();
    recorder.eventf(pod, 'Warning', 'Failed', 'x=%d', 3);
    expect(recorder.events).toEqual(['Warning Failed x=3']);
  });

  it('uses the message of event() as is, so a % in it is safe', () => {
    const recorder = new FakeRecorder();
    recorder.event(pod, 'Normal', 'Progress', '100% done %s');
    expect(recorder.events).toEqual(['Normal Progress 100% done %s']);
  });

  const withObject: [string, Parameters<FakeRecorder['event']>[0], string][] = [
    ['a core object', pod, ' involvedObject{kind=Pod,apiVersion=v1}'],
    ['an object of a group', deployment, ' involvedObject{kind=Deployment,apiVersion=apps/v1}'],
    ['a reference', { kind: 'Node', apiVersion: 'v1', name: 'n1' }, ' involvedObject{kind=Node,apiVersion=v1}'],
  ];
  it.each(withObject)('appends the kind and apiVersion of %s with includeObject', (_, object, suffix) => {
    const recorder = new FakeRecorder({ includeObject: true });
    recorder.event(object, 'Normal', 'Synced', 'ok');
    expect(recorder.events).toEqual([`Normal Synced ok${suffix}`]);
  });

  it('appends annotations as a Go map with sorted keys, after the object', () => {
    const plain = new FakeRecorder();
    const verbose = new FakeRecorder({ includeObject: true });
    for (const recorder of [plain, verbose]) {
      recorder.annotatedEventf(pod, { c: 'd', a: 'b' }, 'Normal', 'Synced', 'synced %d', 2);
      recorder.annotatedEventf(pod, {}, 'Normal', 'Synced', 'none');
    }
    expect(plain.events).toEqual(['Normal Synced synced 2 map[a:b c:d]', 'Normal Synced none']);
    expect(verbose.events).toEqual([
      'Normal Synced synced 2 involvedObject{kind=Pod,apiVersion=v1} map[a:b c:d]',
      'Normal Synced none involvedObject{kind=Pod,apiVersion=v1}',
    ]);
  });

  it('formats pastEventf like eventf', () => {
    const recorder = new FakeRecorder();
    recorder.pastEventf(pod, new Date(0), 'Normal', 'Restored', 'from %s', 'backup');
    expect(recorder.events).toEqual(['Normal Restored from backup']);
  });

  it('never throws on an argument that cannot be formatted', () => {
    const recorder = new FakeRecorder();
    expect(() => {
      recorder.eventf(pod, 'Warning', 'Odd', 'value %s', unprintable('no'));
    }).not.toThrow();
    expect(recorder.events).toEqual(['Warning Odd value %s']);
  });
});

describe('FakeRecorder sees what production sees', () => {
  const revoked = (): object => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    return proxy;
  };
  const throwingKeys = (): object =>
    new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('no keys');
        },
      },
    );
  const throwingValue = (): object => ({
    get a(): string {
      throw new Error('no value');
    },
  });
  const calls: [string, (recorder: EventRecorder) => void][] = [
    [
      'a revoked Proxy as the object',
      (r) => {
        r.event(bad(revoked()), 'Normal', 'R', 'm');
      },
    ],
    [
      'an object whose kind getter throws',
      (r) => {
        r.event(
          bad({
            apiVersion: 'v1',
            metadata: { name: 'a' },
            get kind(): string {
              throw new Error('no kind');
            },
          }),
          'Normal',
          'R',
          'm',
        );
      },
    ],
    [
      'a type whose toString throws',
      (r) => {
        r.event(pod, bad(unprintable('no type')), 'R', 'm');
      },
    ],
    [
      'a Symbol type',
      (r) => {
        r.event(pod, bad(Symbol('Normal')), 'R', 'm');
      },
    ],
    [
      'a message whose toString throws',
      (r) => {
        r.event(pod, 'Normal', 'R', bad(unprintable('no message')));
      },
    ],
    [
      'a format whose toString throws',
      (r) => {
        r.eventf(pod, 'Normal', 'R', bad(unprintable('no format')), 1);
      },
    ],
    [
      'a Symbol reason',
      (r) => {
        r.event(pod, 'Normal', bad(Symbol('R')), 'm');
      },
    ],
    [
      'annotations whose keys throw',
      (r) => {
        r.annotatedEventf(pod, bad(throwingKeys()), 'Normal', 'R', 'm');
      },
    ],
    [
      'annotations whose value throws',
      (r) => {
        r.annotatedEventf(pod, bad(throwingValue()), 'Normal', 'R', 'm');
      },
    ],
    [
      'a revoked Proxy as annotations',
      (r) => {
        r.annotatedEventf(pod, bad(revoked()), 'Normal', 'R', 'm');
      },
    ],
    [
      'an object without type meta',
      (r) => {
        r.event(bad({ metadata: { name: 'x' } }), 'Normal', 'R', 'm');
      },
    ],
    [
      'a type the API refuses',
      (r) => {
        r.event(pod, bad('Info'), 'R', 'm');
      },
    ],
    [
      'a pastEventf in year 10000',
      (r) => {
        r.pastEventf(pod, new Date('+010000-01-01T00:00:00Z'), 'Normal', 'R', 'm');
      },
    ],
  ];
  it.each(calls)('%s: no throw, no line, the diagnostic the real recorder reports', (_, call) => {
    const broadcaster = new EventBroadcaster();
    expectRefusedAlike(broadcaster, broadcaster.newRecorder({ component: 'c' }), new FakeRecorder(), call);
  });

  it('reports an argument that cannot be formatted as the real recorder does, and keeps the line', () => {
    const fake = new FakeRecorder();
    fake.eventf(pod, 'Warning', 'Odd', 'value %s', unprintable('no'));
    expect(fake.events).toEqual(['Warning Odd value %s']);
    expect(fake.diagnostics).toMatchObject([{ level: 'warning', code: 'message-format-failed' }]);
  });

  it('formats %v and an Error argument as the real recorder does', () => {
    const fake = new FakeRecorder();
    fake.eventf(pod, 'Warning', 'SyncFailed', 'sync failed: %v', new Error('connection refused'));
    expect(fake.events).toEqual(['Warning SyncFailed sync failed: connection refused']);
  });

  it('forgets its diagnostics on clear()', () => {
    const fake = new FakeRecorder();
    fake.event(pod, bad('Info'), 'R', 'm');
    fake.clear();
    expect(fake.diagnostics).toEqual([]);
  });
});

describe('FakeRecorder records', () => {
  it('keeps each call structured, timestamped by the scheduler', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold }) => {
      const recorder = new FakeRecorder({ scheduler });
      const annotations = { trace: 't1' };
      cold('5ms a 9ms b').subscribe((x) => {
        if (x === 'a') recorder.annotatedEventf(pod, annotations, 'Warning', 'BackOff', 'restarting %s', 'web');
        else recorder.pastEventf(deployment, new Date(42), 'Normal', 'Scaled', 'to %d', 3);
      });
      scheduler.schedule(() => {
        annotations.trace = 'changed';
        expect(recorder.records).toStrictEqual([
          {
            line: 'Warning BackOff restarting web map[trace:t1]',
            type: 'Warning',
            reason: 'BackOff',
            message: 'restarting web',
            object: pod,
            reference: podReference,
            annotations: { trace: 't1' },
            timestamp: new Date(5),
          },
          {
            line: 'Normal Scaled to 3',
            type: 'Normal',
            reason: 'Scaled',
            message: 'to 3',
            object: deployment,
            reference: { kind: 'Deployment', apiVersion: 'apps/v1', name: 'web', namespace: 'shop' },
            annotations: undefined,
            timestamp: new Date(42),
          },
        ]);
      }, 20);
    });
  });
});

describe('FakeRecorder.events$', () => {
  it('is hot: emits lines recorded after subscription; earlier ones are in events', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const recorder = new FakeRecorder({ scheduler });
      cold('a--b--c').subscribe((x) => {
        recorder.event(pod, 'Normal', x, 'm');
      });
      expectObservable(recorder.events$, '--^------').toBe('---b--c', { b: 'Normal b m', c: 'Normal c m' });
      scheduler.schedule(() => {
        expect(recorder.events).toEqual(['Normal a m', 'Normal b m', 'Normal c m']);
      }, 10);
    });
  });

  it('emits nothing and never completes when nothing is recorded', () => {
    testScheduler().run(({ expectObservable }) => {
      expectObservable(new FakeRecorder().events$).toBe('-----');
    });
  });
});

describe('FakeRecorder bounds', () => {
  it('never blocks: 100 000 events are all kept with maxEvents 100 000', () => {
    const recorder = new FakeRecorder({ maxEvents: 100_000 });
    const seen = record(recorder.events$);
    for (let i = 0; i < 100_000; i++) recorder.eventf(pod, 'Normal', 'Tick', 'tick %d', i);
    expect(recorder.events).toHaveLength(100_000);
    expect(recorder.events[99_999]).toBe('Normal Tick tick 99999');
    expect(seen.values).toHaveLength(100_000);
    expect(recorder.dropped).toBe(0);
  });

  it('keeps the first 10 000 by default, counts the rest, and still emits every line', () => {
    const recorder = new FakeRecorder();
    const seen = record(recorder.events$);
    for (let i = 0; i < 100_000; i++) recorder.eventf(pod, 'Normal', 'Tick', 'tick %d', i);
    expect(recorder.events).toHaveLength(10_000);
    expect(recorder.records).toHaveLength(10_000);
    expect(recorder.events[9_999]).toBe('Normal Tick tick 9999');
    expect(recorder.dropped).toBe(90_000);
    expect(seen.values).toHaveLength(100_000);
  });

  it('keeps nothing with maxEvents 0', () => {
    const recorder = new FakeRecorder({ maxEvents: 0 });
    recorder.event(pod, 'Normal', 'a', 'm');
    expect(recorder.events).toEqual([]);
    expect(recorder.dropped).toBe(1);
  });

  it.each([null, 'x'])('refuses %j as options with a TypeError of its own', (options) => {
    expect(() => new FakeRecorder(options as never)).toThrow(/^FakeRecorder: options must be an object/);
  });

  it.each([-1, 1.5, Number.NaN])('refuses maxEvents %j', (maxEvents) => {
    expect(() => new FakeRecorder({ maxEvents })).toThrow(RangeError);
  });

  it('forgets everything on clear()', () => {
    const recorder = new FakeRecorder({ maxEvents: 1 });
    recorder.event(pod, 'Normal', 'a', 'm');
    recorder.event(pod, 'Normal', 'b', 'm');
    recorder.clear();
    expect([recorder.events, recorder.records, recorder.dropped]).toEqual([[], [], 0]);
    recorder.event(pod, 'Normal', 'c', 'm');
    expect(recorder.events).toEqual(['Normal c m']);
  });
});

describe('FakeRecorder types', () => {
  it('is an EventRecorder, so a controller takes it in place of the real one', () => {
    expectTypeOf<FakeRecorder>().toExtend<EventRecorder>();
    expectTypeOf<FakeRecorder['events']>().toEqualTypeOf<readonly string[]>();
  });
});
