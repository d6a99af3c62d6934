/* eslint-disable @typescript-eslint/no-unsafe-class-instance-assignment -- client-node's generated models are plain
   data: its docs and its users pass object literals as request bodies, and these tests use it as users do. */
import { CoreV1Api } from '@kubernetes/client-node';
import type { Observable, Subscription } from 'rxjs';
import type { ClusterEvent, ClusterWatchEvent, WatchEventsStatus } from '../../src/cluster/index.js';
import { Collector, coreEvent } from '../testing/support.js';
import type { FakeApiServer } from '../../src/testing/index.js';

/** A subscription to a change stream, with what it emitted, its status reports and how it ended. */
export interface Observed<E extends ClusterEvent> {
  readonly changes: Collector<ClusterWatchEvent<E>>;
  readonly statuses: Collector<WatchEventsStatus>;
  readonly ended: Promise<unknown>;
  readonly subscription: Subscription;
}

/** Subscribes now; `statuses` must be the collector given as the stream's `onStatus`. */
export function observe<E extends ClusterEvent>(
  source$: Observable<ClusterWatchEvent<E>>,
  statuses: Collector<WatchEventsStatus>,
): Observed<E> {
  const changes = new Collector<ClusterWatchEvent<E>>();
  let subscription: Subscription | undefined;
  const ended = new Promise<unknown>((resolve) => {
    subscription = source$.subscribe({
      next: changes.push,
      error: resolve,
      complete: () => {
        resolve('complete');
      },
    });
  });
  return { changes, statuses, ended, subscription: subscription! };
}

/** `ADDED e1` lines, for compact assertions. */
export const summary = (changes: readonly ClusterWatchEvent[]): string[] =>
  changes.map(({ type, object }) => `${type} ${object.metadata.name ?? ''}`);

/** Creates core/v1 events through client-node; returns their resourceVersions. */
export async function createEvents(
  server: FakeApiServer,
  names: readonly string[],
  namespace = 'default',
  extra: Record<string, unknown> = {},
): Promise<string[]> {
  const core = server.kubeConfig.makeApiClient(CoreV1Api);
  const out: string[] = [];
  for (const name of names) {
    const created = await core.createNamespacedEvent({ namespace, body: coreEvent(name, namespace, extra) });
    out.push(created.metadata.resourceVersion ?? '');
  }
  return out;
}

/** The statuses of one state, in order. */
export const statusesOf = <S extends WatchEventsStatus['state']>(
  statuses: readonly WatchEventsStatus[],
  state: S,
): Extract<WatchEventsStatus, { state: S }>[] =>
  statuses.filter((s): s is Extract<WatchEventsStatus, { state: S }> => s.state === state);
