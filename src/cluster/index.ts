// Cluster events as observables
export { watchEvents } from './watch-events.js';
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

// Presentation
export { formatEventTable } from './format-event-table.js';
export type { FormatEventTableOptions } from './format-event-table.js';
export { humanDuration } from './human-duration.js';
