// Cluster events as observables
export { watchEvents } from './watch-events.js';
export { listEvents } from './list-events.js';
export type { ListEventsOptions } from './list-events.js';
export { WatchEventsError } from './watch-events-error.js';
export type { WatchEventsErrorDetails, WatchEventsVerb } from './watch-events-error.js';
export type {
  ClusterEvent,
  ClusterWatchEvent,
  ClusterWatchEventType,
  EventOrChange,
  EventsApiVersion,
  WatchBackoff,
  WatchEventsOptions,
  WatchEventsStatus,
} from './types.js';

// Filter operators (Events or changes, either API)
export { ofType } from './of-type.js';
export { withReason } from './with-reason.js';
export { involving } from './involving.js';
export { inNamespace } from './in-namespace.js';
export { fromComponent } from './from-component.js';
export { since } from './since.js';
export type { SinceOptions } from './since.js';
export { recurrences } from './recurrences.js';
export type { EventOf, EventRecurrence, RecurrencesOptions } from './recurrences.js';
export type { EventFilter } from './event-filter.js';

// Presentation
export { formatEventTable } from './format-event-table.js';
export type { EventTableRow, FormatEventTableOptions } from './format-event-table.js';
export { humanDuration } from './human-duration.js';
