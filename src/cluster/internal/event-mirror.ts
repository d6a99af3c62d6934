import type { ClusterEvent, ClusterWatchEvent, ClusterWatchEventType } from '../types.js';
import { eventKey } from './event-fields.js';

/**
 * What one subscriber has seen of the cluster's Events, by `namespace/name`: the baseline a relist after `410 Gone`
 * is compared with, so that only the differences are emitted and nothing is repeated. ResourceVersions are compared
 * for equality only (they are opaque strings).
 */
export class EventMirror {
  private readonly known = new Map<string, ClusterEvent>();
  private primed = false;
  private readonly emitInitial: boolean;

  constructor(emitInitial: boolean) {
    this.emitInitial = emitInitial;
  }

  /** How many Events the subscriber is taken to know. */
  get size(): number {
    return this.known.size;
  }

  /**
   * Takes a list as the new truth. The first list is the baseline (emitted as `ADDED` when asked); a later one yields
   * `ADDED` for what is new, `MODIFIED` for what changed, `DELETED` (with the last state seen) for what is gone, and
   * `DELETED` then `ADDED` for a name now held by another object (a new UID).
   */
  replace(items: readonly ClusterEvent[]): ClusterWatchEvent[] {
    const out: ClusterWatchEvent[] = [];
    const first = !this.primed;
    this.primed = true;
    const previous = new Map(this.known);
    this.known.clear();
    for (const item of items) {
      const key = eventKey(item);
      this.known.set(key, item);
      const seen = previous.get(key);
      previous.delete(key);
      if (first) {
        if (this.emitInitial) out.push({ type: 'ADDED', object: item });
      } else if (seen === undefined) {
        out.push({ type: 'ADDED', object: item });
      } else if (seen.metadata.uid !== item.metadata.uid) {
        out.push({ type: 'DELETED', object: seen }, { type: 'ADDED', object: item });
      } else if (seen.metadata.resourceVersion !== item.metadata.resourceVersion) {
        out.push({ type: 'MODIFIED', object: item });
      }
    }
    for (const gone of previous.values()) out.push({ type: 'DELETED', object: gone });
    return out;
  }

  /**
   * Applies one watch change; returns what the subscriber should see: nothing for a version it already has or the
   * deletion of an Event it never saw, `ADDED`/`MODIFIED` by whether it knows the Event (not by the server's word).
   */
  apply(type: ClusterWatchEventType, event: ClusterEvent): ClusterWatchEvent | undefined {
    const key = eventKey(event);
    const seen = this.known.get(key);
    if (type === 'DELETED') {
      if (seen === undefined) return undefined;
      this.known.delete(key);
      return { type, object: event };
    }
    if (seen?.metadata.resourceVersion === event.metadata.resourceVersion) return undefined;
    this.known.set(key, event);
    return { type: seen === undefined ? 'ADDED' : 'MODIFIED', object: event };
  }
}
