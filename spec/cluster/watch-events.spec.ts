import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { VirtualTimeScheduler } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { watchEvents, WatchEventsError } from '../../src/cluster/index.js';
import type { EventsApiVersion, WatchEventsOptions, WatchEventsStatus } from '../../src/cluster/index.js';
import { startFakeApiServer } from '../../src/testing/index.js';
import type { FakeApiServer, FakeApiServerOptions } from '../../src/testing/index.js';
import { Collector, tcpHandles, waitFor } from '../testing/support.js';
import { createEvents, observe, statusesOf, summary } from './helpers.js';

let server: FakeApiServer | undefined;
const subscriptions: { unsubscribe(): void }[] = [];
afterEach(async () => {
  for (const s of subscriptions.splice(0)) s.unsubscribe();
  await server?.close();
  server = undefined;
});

async function start(options: FakeApiServerOptions = {}): Promise<FakeApiServer> {
  server = await startFakeApiServer(options);
  return server;
}

/** Subscribes to watchEvents with fast, exact retries (or the given scheduler's) and collects everything. */
function watch(kubeConfig: KubeConfig, options: WatchEventsOptions = {}) {
  const statuses = new Collector<WatchEventsStatus>();
  const observed = observe(
    watchEvents(kubeConfig, {
      backoff: { initialDelayMs: 5, maxDelayMs: 20, jitter: 0 },
      ...options,
      onStatus: statuses.push,
    }),
    statuses,
  );
  subscriptions.push(observed.subscription);
  return observed;
}

const watches = (s: FakeApiServer) => s.requests().filter((r) => r.query.includes('watch=true'));
const lists = (s: FakeApiServer) =>
  s.requests().filter((r) => r.method === 'GET' && r.path.endsWith('/events') && !r.query.includes('watch=true'));
const queryOf = (r: { query: string }) => new URLSearchParams(r.query);

describe.each<EventsApiVersion>(['v1', 'events.k8s.io/v1'])('watchEvents over %s', (api) => {
  it('lists, emits the list as ADDED when asked, then watches from the list resourceVersion', async () => {
    const s = await start();
    const [, rvB] = await createEvents(s, ['a', 'b']);
    const { changes, statuses } = watch(s.kubeConfig, { api, namespace: 'default', initialEvents: 'emit' });
    await waitFor(() => statusesOf(statuses.items, 'watching').length === 1);
    await createEvents(s, ['c']);
    const core = s.kubeConfig.makeApiClient(CoreV1Api);
    await core.patchNamespacedEvent({
      name: 'a',
      namespace: 'default',
      body: [{ op: 'replace', path: '/count', value: 2 }],
    });
    await core.deleteNamespacedEvent({ name: 'b', namespace: 'default' });
    await changes.until(5);

    expect(summary(changes.items)).toEqual(['ADDED a', 'ADDED b', 'ADDED c', 'MODIFIED a', 'DELETED b']);
    const [change] = changes.items;
    expect(change?.object).toMatchObject({ apiVersion: api, kind: 'Event', metadata: { namespace: 'default' } });
    expect(change?.object.metadata.creationTimestamp).toBeInstanceOf(Date);
    expect('involvedObject' in change!.object).toBe(api === 'v1');
    expect(lists(s)).toHaveLength(1);
    const [watchRequest] = watches(s);
    expect(queryOf(watchRequest!).get('resourceVersion')).toBe(rvB);
    expect(queryOf(watchRequest!).get('allowWatchBookmarks')).toBe('true');
    expect(watchRequest!.path).toBe(
      api === 'v1' ? '/api/v1/namespaces/default/events' : '/apis/events.k8s.io/v1/namespaces/default/events',
    );
  });
});
