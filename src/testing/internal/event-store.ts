import { cloneRecord } from './event-record.js';
import type { EventRecord } from './event-record.js';

/** What a write did, as watchers see it. */
export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** One write, kept in the history that watches resume from. */
export interface StoreChange {
  readonly type: ChangeType;
  /** The object after the write (for `DELETED`, its last state stamped with the deletion's resourceVersion). */
  readonly record: EventRecord;
  /** The object before the write, so a watch with a field selector can see an object enter or leave it. */
  readonly previous: EventRecord | undefined;
  readonly resourceVersion: number;
}

const key = (namespace: string, name: string): string => `${namespace}/${name}`;

/**
 * The events, keyed by namespace and name, with one global resourceVersion counter bumped on every write (as etcd's
 * revision) and a bounded history of changes for watches. Every method copies, so callers never alias stored state.
 */
export class EventStore {
  private readonly objects = new Map<string, EventRecord>();
  private readonly history: StoreChange[] = [];
  private readonly listeners = new Set<(change: StoreChange) => void>();
  private readonly historyLimit: number;
  private revision = 0;
  /** Changes up to and including this resourceVersion are no longer in the history. */
  private compactedThrough = 0;

  constructor(historyLimit: number) {
    this.historyLimit = historyLimit;
  }

  /** The newest resourceVersion handed out (0 before the first write). */
  get resourceVersion(): number {
    return this.revision;
  }

  /** The oldest resourceVersion a watch can still resume from. */
  get oldestResumableVersion(): number {
    return this.compactedThrough;
  }

  get(namespace: string, name: string): EventRecord | undefined {
    const record = this.objects.get(key(namespace, name));
    return record === undefined ? undefined : cloneRecord(record);
  }

  /** All events, or one namespace's, ordered by namespace then name (etcd's key order). */
  list(namespace?: string): EventRecord[] {
    return [...this.objects.values()]
      .filter((r) => namespace === undefined || r.metadata.namespace === namespace)
      .sort((a, b) =>
        key(a.metadata.namespace, a.metadata.name).localeCompare(key(b.metadata.namespace, b.metadata.name)),
      )
      .map(cloneRecord);
  }

  /** Stores a new object; the caller has checked that the name is free. */
  create(record: EventRecord): EventRecord {
    return this.write('ADDED', record, undefined);
  }

  /** Replaces an existing object. */
  update(record: EventRecord, previous: EventRecord): EventRecord {
    return this.write('MODIFIED', record, previous);
  }

  /** Removes an object; returns its last state stamped with the deletion's resourceVersion. */
  delete(previous: EventRecord): EventRecord {
    return this.write('DELETED', previous, previous);
  }

  /** Changes after `resourceVersion`, or undefined when some of them have been compacted away (a 410 for watches). */
  changesSince(resourceVersion: number): StoreChange[] | undefined {
    if (resourceVersion < this.compactedThrough) return undefined;
    return this.history.filter((c) => c.resourceVersion > resourceVersion);
  }

  /** Calls `listener` synchronously after every write; returns the function that stops it. */
  subscribe(listener: (change: StoreChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Drops the whole change history, as an etcd compaction does: older resourceVersions can no longer be watched from. */
  compact(): void {
    this.history.length = 0;
    this.compactedThrough = this.revision;
  }

  /** Deletes everything without telling watchers (a fresh server state for the next test). */
  reset(): void {
    this.objects.clear();
    this.compact();
  }

  private write(type: ChangeType, record: EventRecord, previous: EventRecord | undefined): EventRecord {
    this.revision++;
    const stored = cloneRecord(record);
    stored.metadata.resourceVersion = String(this.revision);
    const k = key(stored.metadata.namespace, stored.metadata.name);
    if (type === 'DELETED') this.objects.delete(k);
    else this.objects.set(k, stored);
    const change: StoreChange = {
      type,
      record: cloneRecord(stored),
      previous: previous === undefined ? undefined : cloneRecord(previous),
      resourceVersion: this.revision,
    };
    this.history.push(change);
    if (this.history.length > this.historyLimit) {
      this.compactedThrough = this.history.shift()?.resourceVersion ?? this.compactedThrough;
    }
    for (const listener of this.listeners) listener(change);
    return cloneRecord(stored);
  }
}
