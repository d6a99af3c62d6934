/**
 * rx-kube-events: Kubernetes' event machinery for Node.js on RxJS 7.
 *
 * The test kit (`FakeRecorder`, `InMemoryEventSink` for marble tests of the write path, the fake API server) is in
 * `rx-kube-events/testing`.
 *
 * @packageDocumentation
 * @module rx-kube-events
 */

// Watch: the generic broadcaster
export { Broadcaster, BroadcasterStoppedError } from './watch/index.js';
export type {
  BroadcasterOperation,
  WatchEventType,
  WatchEvent,
  Watch,
  BroadcasterWatch,
  WatchOptions,
  FullQueueBehavior,
  BroadcasterOptions,
  BroadcasterStats,
  Diagnostic,
} from './watch/index.js';

// Meta: references, event types, names, times, limits
export {
  EventType,
  getReference,
  getPartialReference,
  isObjectReference,
  ObjectReferenceError,
  isEventType,
  isDnsLabel,
  isDnsSubdomain,
  isQualifiedName,
  eventFieldLimits,
  limitEventFields,
  truncateUtf8,
  generateEventName,
  uniqueUnixNanos,
  formatKubeTime,
  formatMicroTime,
  parseKubeTime,
} from './meta/index.js';
export type {
  CoreV1Event,
  EventsV1Event,
  EventSeries,
  EventSource,
  KubernetesObject,
  ManagedFieldsEntry,
  ObjectMeta,
  ObjectReference,
  OwnerReference,
  MissingReferenceField,
  TruncatedField,
} from './meta/index.js';

// Correlation: aggregation, dedup, spam filter
export {
  EventCorrelator,
  correlate,
  aggregate,
  dedupe,
  spamFilter,
  EventAggregator,
  EventDedupLog,
  EventSourceObjectSpamFilter,
  getEventKey,
  getSpamKey,
  eventAggregatorByReasonFunc,
  eventAggregatorByReasonMessageFunc,
  maxLruCacheEntries,
  defaultAggregateMaxEvents,
  defaultAggregateIntervalInSeconds,
  defaultSpamBurst,
  defaultSpamQPS,
} from './correlate/index.js';
export type {
  AggregateResult,
  CorrelateResult,
  CorrelatorOptions,
  CorrelatorStats,
  EventAggregatorKeyFunc,
  EventAggregatorMessageFunc,
  EventAggregatorOptions,
  EventDedupLogOptions,
  EventSourceObjectSpamFilterOptions,
  EventSpamKeyFunc,
} from './correlate/index.js';

// Sinks: writing to the API server, retries, coalescing
export {
  SinkError,
  CoreV1EventSink,
  EventsV1EventSink,
  writeToSink,
  retryWrite,
  clientGoWriteOptions,
  clientGoCompatible,
  clientGoEventsCompatible,
  defaultSleepDuration,
  isBenignSinkError,
  isRetryableSinkError,
  maxTriesPerEvent,
  servesEventsV1,
  DiscoveryError,
} from './sink/index.js';
export type {
  EventSink,
  WriteOutcome,
  WriteRequest,
  WriteResult,
  SinkErrorKind,
  StatusCause,
  SinkErrorDetails,
  CoreV1EventSinkOptions,
  EventsV1EventSinkOptions,
  WriteToSinkOptions,
  RetryOptions,
  RetryWriteOptions,
  ServesEventsV1Options,
} from './sink/index.js';

// Recording: core/v1 EventRecorder and EventBroadcaster
export { EventBroadcaster, RecordDiagnosticCode } from './record/index.js';
export type {
  EventObject,
  EventRecorder,
  EventRecorderSource,
  Logger,
  EventHandler,
  EventBroadcasterOptions,
  EventBroadcasterStats,
  ShutdownOptions,
  ShutdownReport,
  RecordDiagnostic,
  RecordToSinkOptions,
  SinkPipeline,
  SinkPipelineStages,
  SinkRecordingStats,
} from './record/index.js';

// Recording: events.k8s.io/v1 (tools/events)
export {
  EventBroadcasterAdapter,
  newEventBroadcasterAdapter,
  AlreadyRecordingError,
  EventsV1Broadcaster,
  EventsV1DiagnosticCode,
  eventSeries,
  eventsV1RecorderFor,
  finishTime,
  refreshTime,
} from './events/index.js';
export type {
  AdapterRecordToSinkOptions,
  AdapterShutdownReport,
  EventBroadcasterAdapterOptions,
  EventsApi,
  EventSeriesOptions,
  EventsV1BroadcasterOptions,
  EventsV1BroadcasterStats,
  EventsV1Diagnostic,
  EventsV1Handler,
  EventsV1Object,
  EventsV1Recorder,
  EventsV1RecorderForOptions,
  EventsV1RecorderOptions,
  EventsV1RecordToSinkOptions,
  EventsV1ShutdownReport,
  EventsV1SinkPipeline,
  EventsV1SinkPipelineStages,
  EventsV1SinkStats,
  SeriesStep,
  SeriesStepKind,
} from './events/index.js';

// Cluster events: list + watch as observables, filter operators, presentation
export {
  watchEvents,
  listEvents,
  WatchEventsError,
  ofType,
  withReason,
  involving,
  inNamespace,
  fromComponent,
  since,
  recurrences,
  formatEventTable,
  humanDuration,
} from './cluster/index.js';
export type {
  EventFilter,
  EventOf,
  EventRecurrence,
  RecurrencesOptions,
  SinceOptions,
  ListEventsOptions,
  ClusterEvent,
  ClusterWatchEvent,
  ClusterWatchEventType,
  EventOrChange,
  EventsApiVersion,
  WatchBackoff,
  WatchEventsErrorDetails,
  WatchEventsOptions,
  WatchEventsStatus,
  WatchEventsVerb,
  EventTableRow,
  FormatEventTableOptions,
} from './cluster/index.js';
