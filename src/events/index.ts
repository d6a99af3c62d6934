/** events.k8s.io/v1 recording (client-go's `tools/events`). */
export { EventsV1Broadcaster } from './events-v1-broadcaster.js';
export { AlreadyRecordingError } from './already-recording-error.js';
export { eventSeries, finishTime, refreshTime } from './event-series.js';
export { EventsV1DiagnosticCode } from './types.js';
export type {
  EventSeriesOptions,
  EventsV1BroadcasterOptions,
  EventsV1BroadcasterStats,
  EventsV1Diagnostic,
  EventsV1Handler,
  EventsV1Object,
  EventsV1Recorder,
  EventsV1RecorderOptions,
  EventsV1RecordToSinkOptions,
  EventsV1ShutdownReport,
  EventsV1SinkPipeline,
  EventsV1SinkPipelineStages,
  EventsV1SinkStats,
  SeriesStep,
  SeriesStepKind,
} from './types.js';
export { eventsV1RecorderFor } from './events-v1-recorder-for.js';
export type { EventsV1RecorderForOptions } from './events-v1-recorder-for.js';
export { EventBroadcasterAdapter, newEventBroadcasterAdapter } from './event-broadcaster-adapter.js';
export type {
  AdapterRecordToSinkOptions,
  AdapterShutdownReport,
  EventBroadcasterAdapterOptions,
  EventsApi,
} from './event-broadcaster-adapter.js';
