/**
 * The diagnostic codes both recording layers report (core/v1's `RecordDiagnosticCode`, events.k8s.io/v1's
 * `EventsV1DiagnosticCode`), with the same meaning: the Broadcaster's, the hub's and the writer's.
 */
export const recordingCodes = {
  /** A watcher's handler threw or rejected (`cause`: the error); delivery went on with the next event. */
  watcherHandlerError: 'watcher-handler-error',
  /** A watcher's queue was full and it started dropping events; reported once until it has room again. */
  watcherQueueFull: 'watcher-queue-full',
  /** The type was not exactly `'Normal'` or `'Warning'`; the event was not recorded. */
  invalidEventType: 'invalid-event-type',
  /** A field was over the API server's limit and was cut; recorded. */
  eventTruncated: 'event-truncated',
  /** The incoming queue was full; the event was dropped. */
  queueFull: 'event-dropped-queue-full',
  /** Recorded after `shutdown()`; the event was dropped. */
  recordedAfterShutdown: 'event-dropped-shutdown',
  /** A watcher was started after `shutdown()`; it is returned already stopped. */
  watcherAfterShutdown: 'watcher-after-shutdown',
  /** Something threw unexpectedly while recording (e.g. the clock); the event was not recorded. */
  recordFailed: 'record-failed',
  /** A write failed for good (`cause`: the `SinkError`); `warning` when benign (AlreadyExists, NamespaceTerminating). */
  writeFailed: 'event-write-failed',
  /** The sink's writer held `maxPending` keys already; the event was dropped. */
  writerFull: 'event-dropped-writer-full',
  /** A write was still pending when the shutdown deadline passed. */
  writeAbandoned: 'event-write-abandoned',
  /** A sink's writer stopped unexpectedly; what it still held is counted as abandoned. */
  recordingToSinkFailed: 'recording-to-sink-failed',
  /** A stage of a sink's pipeline threw (`cause`); the event it was handling is not written, the next ones go on. */
  pipelineStageFailed: 'pipeline-stage-failed',
} as const;
