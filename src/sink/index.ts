// Contracts
export type { EventSink, WriteOutcome, WriteRequest, WriteResult } from './types.js';

// Errors
export { SinkError } from './sink-error.js';
export type { SinkErrorKind, StatusCause, SinkErrorDetails } from './sink-error.js';

// Discovery: which events API the server serves
export { servesEventsV1 } from './serves-events-v1.js';
export type { ServesEventsV1Options } from './serves-events-v1.js';
export { DiscoveryError } from './discovery-error.js';

// Sinks
export { CoreV1EventSink } from './core-v1-event-sink.js';
export type { CoreV1EventSinkOptions } from './core-v1-event-sink.js';
export { EventsV1EventSink } from './events-v1-event-sink.js';
export type { EventsV1EventSinkOptions } from './events-v1-event-sink.js';

// Writing
export { writeToSink, clientGoWriteOptions } from './write-to-sink.js';
export type { WriteToSinkOptions } from './write-to-sink.js';
export {
  clientGoCompatible,
  clientGoEventsCompatible,
  defaultSleepDuration,
  isBenignSinkError,
  isRetryableSinkError,
  maxTriesPerEvent,
} from './retry-policy.js';
export type { RetryOptions } from './retry-policy.js';
export { retryWrite } from './retry-write.js';
export type { RetryWriteOptions } from './retry-write.js';
