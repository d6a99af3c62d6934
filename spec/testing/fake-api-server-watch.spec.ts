/* eslint-disable @typescript-eslint/no-unsafe-class-instance-assignment -- client-node's generated models are plain
   data: its docs and its users pass object literals as request bodies, and these tests use it as users do. */
import { CoreV1Api, PatchStrategy, setHeaderOptions, Watch } from '@kubernetes/client-node';
import { VirtualTimeScheduler } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeApiServer } from '../../src/testing/index.js';
import type { FakeApiServer } from '../../src/testing/index.js';
import { Collector, coreEvent, failureStatus, useFakeApiServer } from './support.js';

interface Seen {
  readonly type: string;
  readonly name: string;
  readonly rv: string;
  readonly object: Record<string, unknown> & { metadata: { name: string; resourceVersion: string } };
}

const ctx = useFakeApiServer();
let controllers: AbortController[];

beforeEach(() => {
  controllers = [];
});

afterEach(() => {
  for (const c of controllers) c.abort();
});

const merge = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

/** Starts a client-node watch; resolves once the server has answered the request. */
async function watch(
  path: string,
  query: Record<string, string | number | undefined> = {},
  target: FakeApiServer = ctx.server,
): Promise<{ seen: Collector<Seen>; done: Promise<unknown> }> {
  const seen = new Collector<Seen>();
  let finish: (err: unknown) => void = () => undefined;
  const done = new Promise<unknown>((resolve) => (finish = resolve));
  const before = target.requests().length;
  const controller = await new Watch(target.kubeConfig).watch(
    path,
    query,
    (type, object: Seen['object']) => {
      seen.push({ type, name: object.metadata.name, rv: object.metadata.resourceVersion, object });
    },
    finish,
  );
  controllers.push(controller);
  expect(target.requests()[before]?.status).toBe(200);
  return { seen, done };
}

const summary = (items: readonly Seen[]) => items.map((s) => `${s.type} ${s.name}@${s.rv}`);

describe('watch', () => {
  it('starts with ADDED for current objects, then streams live changes', async () => {
    await ctx.core.createNamespacedEvent({ namespace: 'default', body: coreEvent('a') });
    await ctx.core.createNamespacedEvent({ namespace: 'other', body: coreEvent('x', 'other') });
    const { seen } = await watch('/api/v1/namespaces/default/events');
    await seen.until(1);
    await ctx.core.patchNamespacedEvent({ namespace: 'default', name: 'a', body: { count: 2 } }, merge);
    await ctx.core.createNamespacedEvent({ namespace: 'default', body: coreEvent('b') });
    await ctx.core.deleteNamespacedEvent({ namespace: 'default', name: 'a' });
    await ctx.core.createNamespacedEvent({ namespace: 'other', body: coreEvent('y', 'other') });
    await ctx.core.createNamespacedEvent({ namespace: 'default', body: coreEvent('c') });
    expect(summary(await seen.until(5))).toEqual([
      'ADDED a@1',
      'MODIFIED a@3',
      'ADDED b@4',
      'DELETED a@5',
      'ADDED c@7',
    ]);
    expect(seen.items[1]?.object).toMatchObject({ kind: 'Event', apiVersion: 'v1', count: 2 });
  });

  it('resumes after a resourceVersion still in the history', async () => {
    await ctx.core.createNamespacedEvent({ namespace: 'default', body: coreEvent('a') });
    await ctx.core.createNamespacedEvent({ namespace: 'default', body: coreEvent('b') });
    await ctx.core.patchNamespacedEvent({ namespace: 'default', name: 'a', body: { count: 2 } }, merge);
    const { seen } = await watch('/api/v1/namespaces/default/events', { resourceVersion: '1' });
    expect(summary(await seen.until(2))).toEqual(['ADDED b@2', 'MODIFIED a@3']);
    await ctx.core.deleteNamespacedEvent({ namespace: 'default', name: 'b' });
    expect(summary(await seen.until(3)).at(-1)).toBe('DELETED b@4');
  });

  it('answers a compacted resourceVersion with a 410 Expired ERROR event and ends the stream', async () => {
    await ctx.core.createNamespacedEvent({ namespace: 'default', body: coreEvent('a') });
    await ctx.core.createNamespacedEvent({ namespace: 'default', body: coreEvent('b') });
    ctx.server.compact();
    const { seen, done } = await watch('/api/v1/namespaces/default/events', { resourceVersion: '1' });
    const [error] = await seen.until(1);
    expect(error?.type).toBe('ERROR');
    expect(error?.object).toEqual(failureStatus(410, 'Expired', 'too old resource version: 1 (2)'));
    await done;
    // the current version is still resumable
    const { seen: fresh } = await watch('/api/v1/namespaces/default/events', { resourceVersion: '2' });
    await ctx.core.createNamespacedEvent({ namespace: 'default', body: coreEvent('c') });
    expect(summary(await fresh.until(1))).toEqual(['ADDED c@3']);
  });

  it('expires resourceVersions that fall out of a bounded history', async () => {
    const small = await startFakeApiServer({ historyLimit: 2 });
    try {
      const api = small.kubeConfig.makeApiClient(CoreV1Api);
      for (const name of ['a', 'b', 'c'])
        await api.createNamespacedEvent({ namespace: 'default', body: coreEvent(name) });
      const kept = await watch('/api/v1/events', { resourceVersion: '1' }, small);
      expect(summary(await kept.seen.until(2))).toEqual(['ADDED b@2', 'ADDED c@3']);
      await api.createNamespacedEvent({ namespace: 'default', body: coreEvent('d') });
      const expired = await watch('/api/v1/events', { resourceVersion: '1' }, small);
      expect((await expired.seen.until(1))[0]?.type).toBe('ERROR');
      const resumed = await watch('/api/v1/events', { resourceVersion: '2' }, small);
      expect(summary(await resumed.seen.until(2))).toEqual(['ADDED c@3', 'ADDED d@4']);
    } finally {
      await small.close();
    }
  });

  it('honours fieldSelector, turning entry into ADDED and exit into DELETED', async () => {
    await ctx.core.createNamespacedEvent({ namespace: 'default', body: coreEvent('a', 'default', { type: 'Normal' }) });
    const { seen } = await watch('/api/v1/namespaces/default/events', { fieldSelector: 'type=Warning' });
    await ctx.core.createNamespacedEvent({
      namespace: 'default',
      body: coreEvent('b', 'default', { type: 'Warning' }),
    });
    await ctx.core.patchNamespacedEvent({ namespace: 'default', name: 'a', body: { type: 'Warning' } }, merge);
    await ctx.core.patchNamespacedEvent({ namespace: 'default', name: 'a', body: { count: 5 } }, merge);
    await ctx.core.patchNamespacedEvent({ namespace: 'default', name: 'b', body: { type: 'Normal' } }, merge);
    const items = await seen.until(4);
    expect(summary(items)).toEqual(['ADDED b@2', 'ADDED a@3', 'MODIFIED a@4', 'DELETED b@5']);
    // the DELETED for an object leaving the selection carries its previous state with the new resourceVersion
    expect(items[3]?.object).toMatchObject({ type: 'Warning', metadata: { resourceVersion: '5' } });
  });

  it('watches all namespaces and the events.k8s.io/v1 view', async () => {
    const all = await watch('/api/v1/events');
    const v1 = await watch('/apis/events.k8s.io/v1/namespaces/apps/events');
    await ctx.core.createNamespacedEvent({ namespace: 'default', body: coreEvent('a') });
    await ctx.core.createNamespacedEvent({ namespace: 'apps', body: coreEvent('b', 'apps') });
    expect(summary(await all.seen.until(2))).toEqual(['ADDED a@1', 'ADDED b@2']);
    const [converted] = await v1.seen.until(1);
    expect(converted?.object).toMatchObject({
      apiVersion: 'events.k8s.io/v1',
      note: 'Started container web',
      regarding: { name: 'web-0' },
      deprecatedCount: 1,
    });
  });

  it('ends the stream after timeoutSeconds on the server scheduler', async () => {
    const scheduler = new VirtualTimeScheduler();
    const timed = await startFakeApiServer({ scheduler });
    try {
      const { done } = await watch('/api/v1/events', { timeoutSeconds: 30 }, timed);
      scheduler.flush();
      await expect(done).resolves.toBeNull();
    } finally {
      await timed.close();
    }
  });

  it('answers 400 for a resourceVersion that is not a number', async () => {
    const res = await fetch(`${ctx.server.url}/api/v1/events?watch=true&resourceVersion=abc`);
    expect(res.status).toBe(400);
  });

  it('ends open watches on close()', async () => {
    const { done } = await watch('/api/v1/events');
    await ctx.server.close();
    await expect(done).resolves.toBeDefined();
  });
});
