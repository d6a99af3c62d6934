/* eslint-disable @typescript-eslint/no-unsafe-class-instance-assignment -- client-node's generated models are plain
   data: its docs and its users pass object literals as request bodies, and these tests use it as users do. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { from, lastValueFrom, toArray } from 'rxjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { recurrences, watchEvents, WatchEventsError } from '../../src/cluster/index.js';
import type { EventsApiVersion, WatchEventsStatus } from '../../src/cluster/index.js';
import { processTimeout, startCli, stopClis } from '../cli/support.js';
import { observe, statusesOf, summary } from '../cluster/helpers.js';
import { Collector, coreEvent, waitFor } from '../testing/support.js';
import { realServer, realServerMissing, startTarget, targetNames } from './support.js';
import type { Target } from './support.js';

// The cluster's Events read back — `watchEvents` over both Event APIs and `kube-events tail` as a process — on the
// fake API server and (under `npm run test:e2e`) on a real kube-apiserver v1.20.2, with the same expectations.

if (!realServer) {
  describe.skip(realServerMissing, () => undefined);
  console.info(`spec/e2e: ${realServerMissing}; the fake server's half runs.`);
}

/** client-node 1.x's request-options hook, which its `Watch` calls with the abort signal it puts on the request. */
interface FetchOptionsHook {
  applyToFetchOptions?: (options: object) => Promise<{ signal?: { readonly aborted: boolean } | null | undefined }>;
}

/**
 * A copy of `kubeConfig` that keeps the request options client-node 1.x's `Watch` asks it for (`applyToFetchOptions`,
 * which only `Watch` calls among the requests this package makes) and the abort signal `Watch` puts on them: every
 * watch request the package opened, and whether it is still open, on either server. client-node 2.x has no such hook
 * (its `Watch` keeps its controller to itself), so there `tracked` is false and the socket is checked by
 * spec/cluster/watch-events.spec.ts at the fake server instead.
 */
function trackingWatches(kubeConfig: KubeConfig) {
  const copy = new KubeConfig();
  copy.loadFromString(kubeConfig.exportConfig());
  const requests: { signal?: { readonly aborted: boolean } | null | undefined }[] = [];
  const hook = copy as unknown as FetchOptionsHook;
  const apply = hook.applyToFetchOptions?.bind(copy);
  if (apply !== undefined) {
    hook.applyToFetchOptions = async (options) => {
      const init = await apply(options);
      requests.push(init);
      return init;
    };
  }
  const watches = () => requests.filter((r) => r.signal !== undefined && r.signal !== null);
  return {
    kubeConfig: copy,
    tracked: apply !== undefined,
    opened: () => watches().length,
    open: () => watches().filter((r) => r.signal?.aborted !== true).length,
  };
}

describe.each(targetNames)('the cluster events, on the %s server', (name) => {
  let target: Target;
  let core: CoreV1Api;
  beforeAll(async () => {
    target = await startTarget(name);
    core = target.kubeConfig.makeApiClient(CoreV1Api);
  });
  afterAll(async () => {
    await target.close();
  });

  describe.each<EventsApiVersion>(['v1', 'events.k8s.io/v1'])('watchEvents over %s', (api) => {
    it('lists, then watches: ADDED, a count patch as MODIFIED (a recurrence), DELETED; unsubscribe closes the watch', async () => {
      const ns = await target.namespace('watch');
      await core.createNamespacedEvent({ namespace: ns, body: coreEvent('before', ns) });
      const tracked = trackingWatches(target.kubeConfig);
      const statuses = new Collector<WatchEventsStatus>();
      const { changes, subscription } = observe(
        watchEvents(tracked.kubeConfig, { api, namespace: ns, initialEvents: 'emit', onStatus: statuses.push }),
        statuses,
      );
      await changes.until(1);
      await waitFor(() => statusesOf(statuses.items, 'watching').length === 1, 15_000);

      await core.createNamespacedEvent({ namespace: ns, body: coreEvent('during', ns) });
      await changes.until(2);
      await core.patchNamespacedEvent({
        name: 'during',
        namespace: ns,
        body: [{ op: 'replace', path: '/count', value: 3 }],
      });
      await changes.until(3);
      await core.deleteNamespacedEvent({ name: 'before', namespace: ns });
      await changes.until(4);

      expect(summary(changes.items)).toEqual(['ADDED before', 'ADDED during', 'MODIFIED during', 'DELETED before']);
      for (const { object } of changes.items) {
        expect(object).toMatchObject({ apiVersion: api, kind: 'Event', metadata: { namespace: ns } });
        expect('involvedObject' in object).toBe(api === 'v1');
      }
      const seenAgain = await lastValueFrom(from(changes.items).pipe(recurrences(), toArray()));
      expect(seenAgain.map((r) => [r.event.metadata.name, r.previousCount, r.count, r.occurrences])).toEqual([
        ['during', 1, 3, 2],
      ]);
      expect(statusesOf(statuses.items, 'retrying')).toEqual([]);

      if (tracked.tracked) expect(tracked.open()).toBe(1);
      subscription.unsubscribe();
      if (tracked.tracked) {
        expect(tracked.open()).toBe(0);
        expect(tracked.opened()).toBe(1);
      }
    });

    it('ends with a typed WatchEventsError 403 for a user RBAC allows nothing', async () => {
      const ns = await target.namespace('forbidden');
      const statuses = new Collector<WatchEventsStatus>();
      const { ended } = observe(
        watchEvents(target.limitedKubeConfig, { api, namespace: ns, onStatus: statuses.push }),
        statuses,
      );
      const err = await ended;
      expect(err).toBeInstanceOf(WatchEventsError);
      expect(err).toMatchObject({ code: 403, reason: 'Forbidden', verb: 'list', api, namespace: ns, retryable: false });
      expect(statuses.items).toEqual([]);
    });
  });

  describe('kube-events tail', () => {
    let dir = '';
    let kubeconfig = '';
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'kube-events-e2e-'));
      kubeconfig = realServer && target.real ? realServer.kubeConfig : join(dir, 'config');
      if (!target.real) await writeFile(kubeconfig, target.kubeConfig.exportConfig());
    });
    afterEach(() => {
      stopClis();
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    /** A fresh namespace with three events, seen in this order: Pulled (web-0), BackOff ×4 (web-1), Failed (web-0). */
    async function namespaceWithEvents(): Promise<string> {
      const ns = await target.namespace('tail');
      const add = (event: string, secondsAgo: number, extra: Record<string, unknown>) => {
        const at = new Date(Date.now() - secondsAgo * 1000);
        return core.createNamespacedEvent({
          namespace: ns,
          body: coreEvent(event, ns, { firstTimestamp: at, lastTimestamp: at, ...extra }),
        });
      };
      await add('pulled', 60, { reason: 'Pulled', message: 'Pulled image nginx' });
      await add('backoff', 30, {
        type: 'Warning',
        reason: 'BackOff',
        message: 'Back-off restarting failed container',
        count: 4,
        involvedObject: { kind: 'Pod', namespace: ns, name: 'web-1', uid: 'u-2' },
      });
      await add('failed', 0, { type: 'Warning', reason: 'Failed', message: 'Error: ImagePullBackOff' });
      return ns;
    }

    const rows = (stdout: string) =>
      stdout
        .trimEnd()
        .split('\n')
        .slice(1)
        .map((l) => l.split(/\s{2,}/).slice(1));

    it('prints the namespace as a kubectl-like table, oldest first', { timeout: processTimeout }, async () => {
      const ns = await namespaceWithEvents();
      const cli = startCli(['tail', '-n', ns], { KUBECONFIG: kubeconfig });
      expect(await cli.exit).toBe(0);
      expect(cli.stdout.split('\n')[0]).toMatch(/^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+COUNT\s+MESSAGE$/);
      expect(rows(cli.stdout)).toEqual([
        ['Normal', 'Pulled', 'pod/web-0', '1', 'Pulled image nginx'],
        ['Warning', 'BackOff', 'pod/web-1', '4', 'Back-off restarting failed container'],
        ['Warning', 'Failed', 'pod/web-0', '1', 'Error: ImagePullBackOff'],
      ]);
      expect(cli.stderr).toBe('');
    });

    it('prints JSON lines with --type Warning --for pod/<name>', { timeout: processTimeout }, async () => {
      const ns = await namespaceWithEvents();
      const cli = startCli(['tail', '-n', ns, '--type', 'Warning', '--for', 'pod/web-0', '-o', 'json'], {
        KUBECONFIG: kubeconfig,
      });
      expect(await cli.exit).toBe(0);
      const events = cli.stdout
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as { reason: string; type: string; involvedObject: { name: string } });
      expect(events.map((e) => [e.type, e.reason, e.involvedObject.name])).toEqual([['Warning', 'Failed', 'web-0']]);
    });

    it('follows with --watch, shows a new event, and ends cleanly on SIGINT', { timeout: processTimeout }, async () => {
      const ns = await namespaceWithEvents();
      const cli = startCli(['tail', '-n', ns, '--watch'], { KUBECONFIG: kubeconfig });
      await waitFor(() => cli.stdout.includes('ImagePullBackOff'), 60_000);
      // Made after the list (it is printed), before or after the watch opens: the watch from the list's
      // resourceVersion delivers it either way.
      await core.createNamespacedEvent({
        namespace: ns,
        body: coreEvent('late', ns, { type: 'Warning', reason: 'Late', message: 'late arrival' }),
      });
      await waitFor(() => cli.stdout.includes('late arrival'), 60_000);
      cli.child.kill('SIGINT');

      expect(await cli.exit).toBe(0);
      expect(rows(cli.stdout).map((r) => r[1])).toEqual(['Pulled', 'BackOff', 'Failed', 'Late']);
      expect(cli.stderr).not.toContain('lost the connection');
    });
  });
});
