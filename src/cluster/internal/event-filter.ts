import { filter } from 'rxjs';
import type { ClusterEvent } from '../types.js';
import type { EventFilter } from '../event-filter.js';
import { eventOf } from './event-fields.js';

/** An {@link EventFilter} keeping what `keep` accepts, looking through a change to the Event it carries. */
export function eventFilter(keep: (event: ClusterEvent) => boolean): EventFilter {
  return (source) => source.pipe(filter((item) => keep(eventOf(item))));
}

/** The given names as a set; a TypeError when there are none or one is not a non-empty string. */
export function nameSet(what: string, names: readonly unknown[]): ReadonlySet<string> {
  if (names.length === 0) throw new TypeError(`${what}: give at least one`);
  for (const name of names) {
    if (typeof name !== 'string' || name === '') {
      throw new TypeError(`${what}: expected non-empty strings, got ${JSON.stringify(name)}`);
    }
  }
  return new Set(names as string[]);
}
