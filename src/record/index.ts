// The broadcaster
export { EventBroadcaster } from './event-broadcaster.js';

// Contracts
export { RecordDiagnosticCode } from './types.js';
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
} from './types.js';
