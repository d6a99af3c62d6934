/* eslint-disable @typescript-eslint/no-unsafe-class-instance-assignment -- client-node's generated models are plain
   data: its docs and its users pass object literals as request bodies, and these tests use it as users do. */
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { VirtualAction, VirtualTimeScheduler } from 'rxjs';
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

/**
 * A clock whose `flush()` fires the pending backoff (due within 10 s of virtual time) but never the stall timeout of
 * a watch (its `timeoutSeconds` + 30 s), so a test decides when a retry happens.
 */
const backoffClock = () => new VirtualTimeScheduler(VirtualAction, 10_000);

/** Fires pending retries, one after another, until `done` holds. */
async function flushUntil(
  scheduler: VirtualTimeScheduler,
  statuses: Collector<WatchEventsStatus>,
  done: () => boolean,
): Promise<void> {
  while (!done()) {
    const seen = statuses.items.length;
    scheduler.flush();
    await waitFor(() => done() || statuses.items.length > seen);
  }
}

/**
 * Drops the open watch so that the client surely retries: client-node sees a destroyed socket as an error or as a
 * clean end, and in the second case the 503 scripted here fails the watch it resumes at once.
 */
async function forceOutage(s: FakeApiServer, statuses: Collector<WatchEventsStatus>, path: string): Promise<void> {
  const before = statusesOf(statuses.items, 'retrying').length;
  s.faults.script([{ status: 503 }], { method: 'GET', path });
  s.dropWatches();
  await waitFor(() => statusesOf(statuses.items, 'retrying').length > before);
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

describe('watchEvents resuming', () => {
  it('resumes a dropped watch from the last resourceVersion: nothing lost, nothing repeated, no relist', async () => {
    const s = await start();
    const { changes, statuses } = watch(s.kubeConfig, { api: 'v1' });
    await waitFor(() => statusesOf(statuses.items, 'watching').length === 1);
    const [rv1] = await createEvents(s, ['e1']);
    await changes.until(1);
    s.faults.script([{ status: 503 }], { method: 'GET', path: '/api/v1/events' });
    expect(s.dropWatches()).toBe(1);
    await createEvents(s, ['e2', 'e3']);
    await changes.until(3);
    await createEvents(s, ['e4']);
    await changes.until(4);

    expect(summary(changes.items)).toEqual(['ADDED e1', 'ADDED e2', 'ADDED e3', 'ADDED e4']);
    expect(lists(s)).toHaveLength(1);
    // client-node sees a destroyed socket as an error or as a clean end (then the resumed watch gets the 503).
    const retries = statusesOf(statuses.items, 'retrying');
    expect(retries.length).toBeGreaterThanOrEqual(1);
    expect(retries[0]).toMatchObject({
      attempt: 1,
      delayMs: 5,
      relist: false,
      error: { verb: 'watch', retryable: true },
    });
    expect(queryOf(watches(s)[1]!).get('resourceVersion')).toBe(rv1);
  });

  it('relists after 410 Gone and emits only the differences from what it had seen', async () => {
    const s = await start();
    await createEvents(s, ['keep', 'change', 'remove']);
    const scheduler = backoffClock();
    const { changes, statuses } = watch(s.kubeConfig, { api: 'v1', initialEvents: 'emit', scheduler });
    await changes.until(3);
    await waitFor(() => statusesOf(statuses.items, 'watching').length === 1);

    await forceOutage(s, statuses, '/api/v1/events');
    const core = s.kubeConfig.makeApiClient(CoreV1Api);
    await core.patchNamespacedEvent({
      name: 'change',
      namespace: 'default',
      body: [{ op: 'replace', path: '/message', value: 'changed' }],
    });
    await core.deleteNamespacedEvent({ name: 'remove', namespace: 'default' });
    await createEvents(s, ['new']);
    s.compact();
    // The backoff ends: the watch from the old resourceVersion gets 410, and the client lists again.
    await flushUntil(scheduler, statuses, () => statusesOf(statuses.items, 'listed').length === 2);
    expect(statusesOf(statuses.items, 'retrying').filter((r) => r.relist)).toMatchObject([
      { error: { code: 410, reason: 'Expired' } },
    ]);
    await changes.until(6);

    expect(summary(changes.items)).toEqual([
      'ADDED change',
      'ADDED keep',
      'ADDED remove',
      'MODIFIED change',
      'ADDED new',
      'DELETED remove',
    ]);
    expect(lists(s)).toHaveLength(2);
    await createEvents(s, ['after']);
    await changes.until(7);
    expect(summary(changes.items.slice(6))).toEqual(['ADDED after']);
  });

  it('keeps the resourceVersion of bookmarks, so a selective watch resumes without a 410', async () => {
    const s = await start();
    const scheduler = backoffClock();
    const { changes, statuses } = watch(s.kubeConfig, { api: 'v1', fieldSelector: 'reason=Wanted', scheduler });
    await waitFor(() => statusesOf(statuses.items, 'watching').length === 1);
    await createEvents(s, ['other-1', 'other-2', 'other-3']);
    expect(s.sendBookmarks()).toBe(1);
    await waitFor(() => statusesOf(statuses.items, 'bookmark').length === 1);
    expect(statusesOf(statuses.items, 'bookmark')[0]?.resourceVersion).toBe(s.resourceVersion);

    await forceOutage(s, statuses, '/api/v1/events');
    s.compact(); // history before the bookmark is gone: only the bookmark's version can still be watched from
    await flushUntil(scheduler, statuses, () => statusesOf(statuses.items, 'watching').length === 2);
    await createEvents(s, ['wanted'], 'default', { reason: 'Wanted' });
    await changes.until(1);

    expect(summary(changes.items)).toEqual(['ADDED wanted']);
    expect(lists(s)).toHaveLength(1);
    expect(statusesOf(statuses.items, 'retrying').filter((r) => r.relist)).toHaveLength(0);
  });

  it('resumes at once, without backoff, when the server ends the watch (timeoutSeconds)', async () => {
    const s = await start();
    const { changes, statuses } = watch(s.kubeConfig, { api: 'v1', timeoutSeconds: 1 });
    await waitFor(() => statusesOf(statuses.items, 'watching').length === 1);
    await createEvents(s, ['e1']);
    await changes.until(1);
    await waitFor(() => statusesOf(statuses.items, 'watching').length === 2);
    await createEvents(s, ['e2']);
    await changes.until(2);
    expect(summary(changes.items)).toEqual(['ADDED e1', 'ADDED e2']);
    expect(statusesOf(statuses.items, 'retrying')).toHaveLength(0);
    expect(lists(s)).toHaveLength(1);
  });

  it('retries a failed list with backoff on its scheduler', async () => {
    const s = await start();
    s.faults.script([{ status: 503 }, { status: 500 }], { method: 'GET', path: '/api/v1/events' });
    const { changes, statuses } = watch(s.kubeConfig, { api: 'v1', initialEvents: 'emit' });
    await createEvents(s, ['e1']);
    await changes.until(1);
    expect(statusesOf(statuses.items, 'retrying').map((r) => [r.error.code, r.delayMs, r.relist])).toEqual([
      [503, 5, true],
      [500, 10, true],
    ]);
  });
});

describe('watchEvents ending', () => {
  it('aborts the HTTP watch at once on unsubscribe, leaving no socket', async () => {
    const before = tcpHandles();
    const s = await start();
    const { statuses, subscription } = watch(s.kubeConfig, { api: 'v1' });
    await waitFor(() => statusesOf(statuses.items, 'watching').length === 1);
    expect(s.openWatches).toBe(1);
    subscription.unsubscribe();
    await waitFor(() => s.openWatches === 0);
    await waitFor(() => tcpHandles() <= before + 1); // only the server's listening socket
  });

  it.each([
    ['a forbidden watch', { authorize: (a: { verb: string }) => a.verb !== 'watch' }, 403, 'Forbidden', 'watch'],
    ['a forbidden list', { authorize: (a: { verb: string }) => a.verb !== 'list' }, 403, 'Forbidden', 'list'],
    ['a missing token', { token: 'secret' }, 401, 'Unauthorized', 'list'],
  ])('ends with a typed WatchEventsError on %s', async (_, options, code, reason, verb) => {
    const s = await start(options);
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromOptions({
      clusters: [{ name: 'fake', server: s.url, skipTLSVerify: true }],
      users: [{ name: 'nobody' }],
      contexts: [{ name: 'fake', cluster: 'fake', user: 'nobody' }],
      currentContext: 'fake',
    });
    const { ended, statuses } = watch(kubeConfig, { api: 'v1', namespace: 'default' });
    const err = await ended;
    expect(err).toBeInstanceOf(WatchEventsError);
    expect(err).toMatchObject({ code, reason, verb, api: 'v1', namespace: 'default', retryable: false });
    expect((err as Error).message).toContain(`cannot ${verb} v1 events in namespace "default": ${code}`);
    expect(statusesOf(statuses.items, 'retrying')).toHaveLength(0);
  });

  it('ends with a typed error on a bad selector', async () => {
    const s = await start();
    const { ended } = watch(s.kubeConfig, { api: 'events.k8s.io/v1', fieldSelector: 'involvedObject.name=x' });
    expect(await ended).toMatchObject({ name: 'WatchEventsError', code: 400, reason: 'BadRequest', verb: 'list' });
  });

  it('ends with a typed error for a kubeconfig without a cluster', async () => {
    const { ended } = watch(new KubeConfig(), { api: 'v1' });
    expect(await ended).toMatchObject({ name: 'WatchEventsError', code: undefined, retryable: false });
  });
});

describe('watchEvents discovery', () => {
  it.each([
    [true, 'events.k8s.io/v1'],
    [false, 'v1'],
  ] as const)('with events.k8s.io served: %s, reads %s', async (eventsV1, api) => {
    const s = await start({ eventsV1 });
    const { changes, statuses } = watch(s.kubeConfig);
    await waitFor(() => statusesOf(statuses.items, 'watching').length === 1);
    await createEvents(s, ['e1']);
    await changes.until(1);
    expect(changes.items[0]?.object.apiVersion).toBe(api);
    expect(statusesOf(statuses.items, 'listed')[0]).toMatchObject({ api, count: 0 });
  });

  it('checks its options at the call', () => {
    const kubeConfig = new KubeConfig();
    expect(() => watchEvents(kubeConfig, { api: 'v2' as 'v1' })).toThrow(TypeError);
    expect(() => watchEvents(kubeConfig, { namespace: '' })).toThrow(TypeError);
    expect(() => watchEvents(kubeConfig, { timeoutSeconds: 0 })).toThrow(RangeError);
    expect(() => watchEvents(kubeConfig, { backoff: { initialDelayMs: -1 } })).toThrow(RangeError);
    expect(() => watchEvents(kubeConfig, { backoff: { jitter: 2 } })).toThrow(RangeError);
  });
});
