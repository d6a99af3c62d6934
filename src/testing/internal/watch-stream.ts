import type { ServerResponse } from 'node:http';
import { interval, Subscription, timer } from 'rxjs';
import type { SchedulerLike } from 'rxjs';
import { failure } from './api-status.js';
import type { EventApi } from './event-apis.js';
import { emptyRecord, encodeEvent } from './event-codec.js';
import type { EventRecord } from './event-record.js';
import type { EventStore, StoreChange } from './event-store.js';
import { matchesFieldSelector } from './field-selector.js';
import type { FieldSelector } from './field-selector.js';
import { matchesLabelSelector } from './label-selector.js';
import type { LabelSelector } from './label-selector.js';

/** A validated watch request. */
export interface WatchSpec {
  readonly api: EventApi;
  readonly namespace: string | undefined;
  readonly fieldSelector: FieldSelector;
  readonly labelSelector: LabelSelector;
  /** Resume after this resourceVersion; undefined starts with `ADDED` for every current object. */
  readonly from: number | undefined;
  readonly timeoutSeconds: number | undefined;
  /** `allowWatchBookmarks=true`: the client accepts `BOOKMARK` events. */
  readonly bookmarks: boolean;
}

/** A watch being served. */
export interface ServedWatch {
  /** Ends the stream (unsubscribing it closes the response). */
  readonly subscription: Subscription;
  /** Sends a `BOOKMARK` at the store's resourceVersion now, if the client asked for bookmarks; true when sent. */
  bookmark(): boolean;
}

/**
 * Streams a watch as the apiserver does: newline-delimited `{"type","object"}` JSON over a chunked 200 response.
 *
 * With a field selector, a modification that moves an object into the selection arrives as `ADDED` and one that moves it
 * out as `DELETED` (carrying the previous object with the new resourceVersion), as from the watch cache. A
 * resourceVersion older than the kept history gets a 410 `Expired` `ERROR` event and the stream ends.
 *
 * With `allowWatchBookmarks`, a `BOOKMARK` every `bookmarkIntervalMs` (and on {@link ServedWatch.bookmark}) carries
 * the store's resourceVersion in an otherwise empty object, as the watch cache sends it: every change up to it has
 * been delivered (or filtered out), so a client resumes from there even when its selector matched nothing.
 *
 * @returns the served watch; it also ends when the client goes away or `timeoutSeconds` pass.
 */
export function serveWatch(
  res: ServerResponse,
  store: EventStore,
  spec: WatchSpec,
  scheduler: SchedulerLike,
  bookmarkIntervalMs: number,
): ServedWatch {
  const subscription = new Subscription(() => {
    if (!res.writableEnded) res.end();
  });
  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
  res.flushHeaders();
  res.on('close', () => {
    subscription.unsubscribe();
  });

  const send = (type: string, record: EventRecord): void => {
    res.write(`${JSON.stringify({ type, object: encodeEvent(spec.api, record, true) })}\n`);
  };
  const selected = (record: EventRecord | undefined): boolean =>
    record !== undefined &&
    (spec.namespace === undefined || record.metadata.namespace === spec.namespace) &&
    matchesFieldSelector(spec.fieldSelector, record) &&
    matchesLabelSelector(spec.labelSelector, record.metadata.labels);
  const deliver = (change: StoreChange): void => {
    const now = selected(change.record);
    const before = selected(change.previous);
    if (change.type === 'ADDED' || change.type === 'DELETED') {
      if (now) send(change.type, change.record);
    } else if (now) {
      send(before ? 'MODIFIED' : 'ADDED', change.record);
    } else if (before && change.previous !== undefined) {
      const left = structuredClone(change.previous);
      left.metadata.resourceVersion = String(change.resourceVersion);
      send('DELETED', left);
    }
  };

  if (spec.from === undefined) {
    for (const record of store.list(spec.namespace)) if (selected(record)) send('ADDED', record);
  } else {
    const changes = store.changesSince(spec.from);
    if (changes === undefined) {
      const gone = failure(410, 'Expired', `too old resource version: ${spec.from} (${store.oldestResumableVersion})`);
      res.write(`${JSON.stringify({ type: 'ERROR', object: gone.body })}\n`);
      subscription.unsubscribe();
      return { subscription, bookmark: () => false };
    }
    changes.forEach(deliver);
  }
  const bookmark = (): boolean => {
    if (!spec.bookmarks || subscription.closed) return false;
    const marker = emptyRecord();
    marker.metadata.resourceVersion = String(store.resourceVersion);
    send('BOOKMARK', marker);
    return true;
  };
  if (spec.bookmarks) subscription.add(interval(bookmarkIntervalMs, scheduler).subscribe(bookmark));
  subscription.add(store.subscribe(deliver));
  if (spec.timeoutSeconds !== undefined) {
    subscription.add(
      timer(spec.timeoutSeconds * 1000, scheduler).subscribe(() => {
        subscription.unsubscribe();
      }),
    );
  }
  return { subscription, bookmark };
}
