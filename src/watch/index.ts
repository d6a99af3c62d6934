export type {
  WatchEventType,
  WatchEvent,
  Watch,
  FullQueueBehavior,
  BroadcasterOptions,
  BroadcasterStats,
  Diagnostic,
} from './types.js';
