import type { Observable } from 'rxjs';
import type { EventOrChange } from './types.js';

/**
 * What the filter operators return: an operator that keeps some items of a stream of Events (a recorder's `events$`)
 * or of changes carrying them (`watchEvents`, a broadcaster's watch), of either API, and keeps the stream's type.
 */
export type EventFilter = <T extends EventOrChange>(source: Observable<T>) => Observable<T>;
