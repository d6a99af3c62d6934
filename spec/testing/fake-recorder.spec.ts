import { describe, expect, expectTypeOf, it } from 'vitest';
import type { KubernetesObject } from '../../src/meta/index.js';
import type { EventRecorder } from '../../src/record/index.js';
import { FakeRecorder } from '../../src/testing/fake-recorder.js';
import { pod, podReference, record, testScheduler, unprintable } from '../record/helpers.js';

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
    ['an object without type meta', { metadata: { name: 'x' } }, ' involvedObject{kind=,apiVersion=}'],
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

  it('records what the real recorder would refuse, as client-go’s fake does', () => {
    const recorder = new FakeRecorder();
    recorder.event({}, 'Info', 'Odd', 'm');
    expect(recorder.events).toEqual(['Info Odd m']);
    expect(recorder.records[0]?.reference).toBeUndefined();
  });

  it('never throws on an argument that cannot be formatted', () => {
    const recorder = new FakeRecorder();
    expect(() => {
      recorder.eventf(pod, 'Warning', 'Odd', 'value %s', unprintable('no'));
    }).not.toThrow();
    expect(recorder.events).toEqual(['Warning Odd value %s']);
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
