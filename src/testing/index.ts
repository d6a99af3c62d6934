/**
 * rx-kube-events/testing: the test kit. `FakeRecorder` and `FakeEventsV1Recorder`, recorders that keep events as
 * client-go's fakes' strings (core/v1 and events.k8s.io/v1); `InMemoryEventSink`, a sink answering on a scheduler
 * (latency, statuses, `Retry-After`, faults) for marble tests of the write path, for both APIs; and `startFakeApiServer()`, an in-process API server on 127.0.0.1 that client-node talks
 * to over real HTTP, with fault injection.
 *
 * @packageDocumentation
 * @module rx-kube-events/testing
 */
// The fake API server
export { startFakeApiServer } from './fake-api-server.js';
export type {
  FakeApiServer,
  FakeApiServerOptions,
  FakeApiServerFaults,
  FakeFault,
  FakeFaultMatch,
  FakeFaultRateOptions,
  FakeRequestAttributes,
  FakeRequestRecord,
  FakeVerb,
  InjectedFault,
  StoredEvent,
  Wire,
} from './fake-api-server.js';

// The fake recorder
export { FakeRecorder } from './fake-recorder.js';
export type { FakeRecorderOptions, FakeEventRecord } from './fake-recorder.js';
export { FakeEventsV1Recorder } from './fake-events-v1-recorder.js';
export type { FakeEventsV1RecorderOptions, FakeEventsV1Record } from './fake-events-v1-recorder.js';

// The in-memory sink, answering on a scheduler
export { InMemoryEventSink } from './in-memory-event-sink.js';
export type {
  InMemoryEventSinkOptions,
  InMemorySinkCall,
  InMemorySinkFault,
  InMemorySinkMethod,
} from './in-memory-event-sink.js';
