import { KubeConfig } from '@kubernetes/client-node';
import { firstValueFrom } from 'rxjs';
import type { Observable } from 'rxjs';
import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import { listEvents, watchEvents, WatchEventsError } from '../../src/cluster/index.js';
import type { ClusterWatchEvent } from '../../src/cluster/index.js';
import type { CoreV1Event, EventsV1Event } from '../../src/meta/index.js';
import type { WatchEvent } from '../../src/watch/index.js';
import { startFakeApiServer } from '../../src/testing/index.js';
import type { FakeApiServer } from '../../src/testing/index.js';
import { failureOf } from '../testing/support.js';
import { createEvents } from './helpers.js';

let server: FakeApiServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('listEvents', () => {
  it.each(['v1', 'events.k8s.io/v1'] as const)('lists %s Events once, with Dates, and completes', async (api) => {
    server = await startFakeApiServer();
    await createEvents(server, ['a', 'b']);
    await createEvents(server, ['c'], 'other');
    const events = await firstValueFrom(listEvents(server.kubeConfig, { api, namespace: 'default' }));
    expect(events.map((e) => [e.apiVersion, e.metadata.name])).toEqual([
      [api, 'a'],
      [api, 'b'],
    ]);
    expect(events[0]?.metadata.creationTimestamp).toBeInstanceOf(Date);
    const all = await firstValueFrom(listEvents(server.kubeConfig, { fieldSelector: 'metadata.name=c' }));
    expect(all.map((e) => [e.apiVersion, e.metadata.namespace])).toEqual([['events.k8s.io/v1', 'other']]);
  });

  it('fails with a typed error, without retrying', async () => {
    server = await startFakeApiServer({ authorize: () => false });
    const err = await failureOf(firstValueFrom(listEvents(server.kubeConfig, { api: 'v1' })), WatchEventsError);
    expect(err).toMatchObject({ code: 403, verb: 'list', namespace: undefined, retryable: false });
    expect(server.requests()).toHaveLength(1);
    expect(() => listEvents(new KubeConfig(), { namespace: '' })).toThrow(TypeError);
  });
});

describe('options checked at the call', () => {
  const kubeConfig = new KubeConfig();
  it('refuses options that are not an object with a TypeError naming the call', () => {
    expect(() => watchEvents(kubeConfig, null as never)).toThrow(/^watchEvents\(\): options must be an object/);
    expect(() => listEvents(kubeConfig, null as never)).toThrow(/^listEvents\(\): options must be an object/);
  });

  it('refuses waits a Node.js timer cannot keep (2^31 ms and more would fire after 1 ms)', () => {
    expect(() => watchEvents(kubeConfig, { backoff: { maxDelayMs: 5e9 } })).toThrow(RangeError);
    expect(() => watchEvents(kubeConfig, { backoff: { initialDelayMs: Infinity } })).toThrow(RangeError);
    expect(() => watchEvents(kubeConfig, { timeoutSeconds: 3e6 })).toThrow(RangeError);
    expect(() => watchEvents(kubeConfig, { timeoutSeconds: 3600, backoff: { maxDelayMs: 60_000 } })).not.toThrow();
  });
});

describe('the types a caller meets', () => {
  it('types the stream by the API asked for, and changes are WatchEvents', () => {
    const kubeConfig = new KubeConfig();
    expectTypeOf(watchEvents(kubeConfig, { api: 'v1' })).toEqualTypeOf<Observable<ClusterWatchEvent<CoreV1Event>>>();
    expectTypeOf(watchEvents(kubeConfig, { api: 'events.k8s.io/v1' })).toEqualTypeOf<
      Observable<ClusterWatchEvent<EventsV1Event>>
    >();
    expectTypeOf(watchEvents(kubeConfig)).toEqualTypeOf<Observable<ClusterWatchEvent>>();
    expectTypeOf<ClusterWatchEvent<CoreV1Event>>().toExtend<WatchEvent<CoreV1Event>>();
    expectTypeOf(listEvents(kubeConfig, { api: 'v1' })).toEqualTypeOf<Observable<CoreV1Event[]>>();
  });
});
