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
} from './fake-api-server.js';
