// The broadcaster
export { Broadcaster } from './broadcaster.js';

// Errors
export { BroadcasterStoppedError } from './broadcaster-stopped-error.js';
export type { BroadcasterOperation } from './broadcaster-stopped-error.js';

// Contracts
export type {
  WatchEventType,
  WatchEvent,
  Watch,
  BroadcasterWatch,
  WatchOptions,
  FullQueueBehavior,
  BroadcasterOptions,
  BroadcasterStats,
  Diagnostic,
} from './types.js';
