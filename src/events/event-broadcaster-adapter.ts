import type { KubeConfig } from '@kubernetes/client-node';
import { checkOptions } from '../meta/internal/check-options.js';
import { describeType } from '../meta/internal/describe-type.js';
import { EventBroadcaster } from '../record/event-broadcaster.js';
import type {
  EventBroadcasterOptions,
  EventRecorder,
  EventRecorderSource,
  RecordToSinkOptions,
  ShutdownOptions,
  ShutdownReport,
} from '../record/types.js';
import { CoreV1EventSink } from '../sink/core-v1-event-sink.js';
import type { CoreV1EventSinkOptions } from '../sink/core-v1-event-sink.js';
import { EventsV1EventSink } from '../sink/events-v1-event-sink.js';
import { servesEventsV1 } from '../sink/serves-events-v1.js';
import type { ServesEventsV1Options } from '../sink/serves-events-v1.js';
import { AlreadyRecordingError } from './already-recording-error.js';
import { EventsV1Broadcaster } from './events-v1-broadcaster.js';
import { eventsV1RecorderFor } from './events-v1-recorder-for.js';
import type {
  EventsV1BroadcasterOptions,
  EventsV1Recorder,
  EventsV1RecorderOptions,
  EventsV1RecordToSinkOptions,
  EventsV1ShutdownReport,
} from './types.js';

/** The API an {@link EventBroadcasterAdapter} records to: events.k8s.io/v1 when the server serves it, else core/v1. */
export type EventsApi = 'events.k8s.io/v1' | 'v1';

/** Options of {@link EventBroadcasterAdapter} and {@link newEventBroadcasterAdapter}. */
export interface EventBroadcasterAdapterOptions {
  /** Options of the core/v1 `EventBroadcaster`, which the adapter always makes (client-go's adapter does too). */
  core?: EventBroadcasterOptions | undefined;
  /** Options of the `EventsV1Broadcaster`, made only when the API is events.k8s.io/v1. */
  eventsV1?: EventsV1BroadcasterOptions | undefined;
  /** Options of the sinks `startRecordingToSink()` makes from the KubeConfig (`CoreV1EventSink`, `EventsV1EventSink`). */
  sink?: CoreV1EventSinkOptions | undefined;
}

/** Options of {@link EventBroadcasterAdapter.startRecordingToSink}, for each broadcaster's recording. */
export interface AdapterRecordToSinkOptions {
  /** For the core/v1 broadcaster's sink: correlation, pipeline, retry, concurrency. */
  core?: RecordToSinkOptions | undefined;
  /** For the events.k8s.io/v1 broadcaster's sink: series, retry, concurrency. */
  eventsV1?: EventsV1RecordToSinkOptions | undefined;
}

/** What {@link EventBroadcasterAdapter.shutdown} resolves to: each broadcaster's report. */
export interface AdapterShutdownReport {
  /** The core/v1 broadcaster's report (the recorders of `newLegacyRecorder`, and of `newRecorder` on core/v1). */
  readonly core: ShutdownReport;
  /** The events.k8s.io/v1 broadcaster's report; `undefined` when the API is core/v1. */
  readonly eventsV1: EventsV1ShutdownReport | undefined;
}

const apis: readonly EventsApi[] = ['events.k8s.io/v1', 'v1'];

/**
 * client-go's `EventBroadcasterAdapter`: one object that records `EventsV1Recorder` calls to events.k8s.io/v1 when
 * the API server serves it, and to core/v1 otherwise, so a controller's code does not depend on the cluster's age.
 * Make one with {@link newEventBroadcasterAdapter}, which asks the server; this constructor takes the answer.
 *
 * - `newRecorder(reportingController)` returns the events.k8s.io/v1 broadcaster's recorder (series, heartbeat,
 *   finish), or on core/v1 `eventsV1RecorderFor(core, reportingController)`, which keeps `action`, `related` and
 *   `reportingInstance` where client-go's fallback drops them.
 * - `newLegacyRecorder(source)` is a core/v1 `EventRecorder` of the same adapter (client-go's
 *   `DeprecatedNewLegacyRecorder`), for code not yet moved to the new API.
 * - `startRecordingToSink()` writes both broadcasters' events through sinks made from the KubeConfig, once.
 * - `shutdown()` flushes both and resolves to both reports.
 *
 * @example
 * ```ts
 * import { KubeConfig } from '@kubernetes/client-node';
 * import { newEventBroadcasterAdapter } from 'rx-kube-events';
 *
 * const kc = new KubeConfig();
 * kc.loadFromDefault();
 * const adapter = await newEventBroadcasterAdapter(kc);
 * adapter.startRecordingToSink();
 * const recorder = adapter.newRecorder('example.com/my-operator');
 * recorder.eventf(pod, undefined, 'Normal', 'Synced', 'Sync', 'Synced %s', pod.metadata.name);
 * await adapter.shutdown({ timeoutMs: 10_000 });
 * ```
 */
export class EventBroadcasterAdapter {
  /** The API the adapter's `newRecorder()` records to. */
  readonly api: EventsApi;
  /** The core/v1 broadcaster: always there, as in client-go (`newLegacyRecorder`, and `newRecorder` on core/v1). */
  readonly core: EventBroadcaster;
  /** The events.k8s.io/v1 broadcaster; `undefined` when `api` is `'v1'`. */
  readonly eventsV1: EventsV1Broadcaster | undefined;

  private readonly kubeConfig: KubeConfig;
  private readonly sinkOptions: CoreV1EventSinkOptions | undefined;
  private recording = false;

  /**
   * @param kubeConfig - the cluster to write to, with a current context
   * @param api - which API `newRecorder()` records to; {@link newEventBroadcasterAdapter} asks the server for it
   * @param options - options of the broadcasters and of the sinks
   * @throws TypeError when `api` is neither `'events.k8s.io/v1'` nor `'v1'`, `kubeConfig` is missing, or an option
   *   is not what the broadcaster it is for takes (checked by that broadcaster)
   */
  constructor(kubeConfig: KubeConfig, api: EventsApi, options: EventBroadcasterAdapterOptions = {}) {
    if (!apis.includes(api)) {
      throw new TypeError(
        `EventBroadcasterAdapter: api must be 'events.k8s.io/v1' or 'v1', got ${typeof api === 'string' ? JSON.stringify(api) : describeType(api)}; newEventBroadcasterAdapter(kubeConfig) asks the server`,
      );
    }
    if (typeof kubeConfig !== 'object' || (kubeConfig as KubeConfig | null) === null) {
      throw new TypeError(`EventBroadcasterAdapter: kubeConfig must be a KubeConfig, got ${describeType(kubeConfig)}`);
    }
    const { core, eventsV1, sink } = checkOptions(options, 'EventBroadcasterAdapter');
    this.api = api;
    this.kubeConfig = kubeConfig;
    this.sinkOptions = sink;
    this.core = new EventBroadcaster(core);
    this.eventsV1 = api === 'v1' ? undefined : new EventsV1Broadcaster(eventsV1);
  }

  /**
   * An {@link EventsV1Recorder} for `reportingController`: the events.k8s.io/v1 broadcaster's, or on core/v1 one
   * recording through the core broadcaster with `action`, `related` and `reportingInstance` kept.
   *
   * @param reportingController - the controller's name, a qualified name (e.g. `example.com/my-operator`)
   * @param options - `reportingInstance`, by default `<reportingController>-<os.hostname()>`
   * @returns the recorder; it never throws
   * @throws TypeError or RangeError when `reportingController` is not a qualified name or an option is bad
   */
  newRecorder(reportingController: string, options: EventsV1RecorderOptions = {}): EventsV1Recorder {
    return this.eventsV1 === undefined
      ? eventsV1RecorderFor(this.core, reportingController, options)
      : this.eventsV1.newRecorder(reportingController, options);
  }

  /**
   * A core/v1 {@link EventRecorder} of the adapter's core broadcaster, whatever the API: client-go's
   * `DeprecatedNewLegacyRecorder(name)` (whose source is `{ component: name }`).
   *
   * @param source - the reporting component, and optionally its host
   * @returns the recorder
   * @throws TypeError when `source` has no component
   */
  newLegacyRecorder(source: EventRecorderSource): EventRecorder {
    return this.core.newRecorder(source);
  }

  /**
   * Starts writing: the core broadcaster to a `CoreV1EventSink`, and on events.k8s.io/v1 the new broadcaster to an
   * `EventsV1EventSink`, both made from the KubeConfig with the `sink` options. Once per adapter.
   *
   * @param options - each broadcaster's recording options
   * @throws AlreadyRecordingError when called a second time
   * @throws TypeError or RangeError when an option is bad, from the broadcaster it is for (the events.k8s.io/v1
   *   recording starts first, so a bad `eventsV1` option starts nothing)
   */
  startRecordingToSink(options: AdapterRecordToSinkOptions = {}): void {
    const { core, eventsV1 } = checkOptions(options, 'EventBroadcasterAdapter.startRecordingToSink()');
    if (this.recording) throw new AlreadyRecordingError();
    // Both sinks first, so that a KubeConfig they refuse throws before either broadcaster records.
    const coreSink = new CoreV1EventSink(this.kubeConfig, this.sinkOptions);
    const eventsV1Sink = this.eventsV1 && new EventsV1EventSink(this.kubeConfig, this.sinkOptions);
    if (this.eventsV1 !== undefined && eventsV1Sink !== undefined) {
      this.eventsV1.startRecordingToSink(eventsV1Sink, eventsV1);
    }
    this.core.startRecordingToSink(coreSink, core);
    this.recording = true;
  }

  /**
   * Shuts both broadcasters down together (each delivers what is queued and flushes its writes, the events.k8s.io/v1
   * one also its open series) and resolves to both reports.
   *
   * @param options - `timeoutMs`, the deadline of each broadcaster
   * @returns the reports
   */
  async shutdown(options: ShutdownOptions = {}): Promise<AdapterShutdownReport> {
    const [core, eventsV1] = await Promise.all([this.core.shutdown(options), this.eventsV1?.shutdown(options)]);
    return { core, eventsV1 };
  }
}

/**
 * client-go's `NewEventBroadcasterAdapter(client)`: asks the API server whether it serves events.k8s.io/v1 (`GET
 * /apis/events.k8s.io/v1`, with {@link servesEventsV1}) and makes an {@link EventBroadcasterAdapter} for the answer.
 *
 * Unlike client-go, which takes any failure of that request for "not served" and records core/v1 events for the life
 * of the process, only a 404 means core/v1 here: a refused connection, a TLS failure, a 401 or a 5xx rejects with a
 * `DiscoveryError` that says what to fix, or to ask again.
 *
 * @param kubeConfig - the cluster, with a current context
 * @param options - the adapter's options, and `discovery`: the request's `signal`, `timeoutMs` and `scheduler`
 * @returns the adapter
 * @throws DiscoveryError (as a rejection) when the server's answer is not a yes or a 404
 * @throws TypeError or RangeError (as a rejection) for a bad argument or option
 * @example
 * ```ts
 * import { KubeConfig } from '@kubernetes/client-node';
 * import { newEventBroadcasterAdapter } from 'rx-kube-events';
 *
 * const kc = new KubeConfig();
 * kc.loadFromDefault();
 * const adapter = await newEventBroadcasterAdapter(kc, { discovery: { timeoutMs: 5000 } });
 * console.log(`recording to ${adapter.api}`);
 * ```
 */
export async function newEventBroadcasterAdapter(
  kubeConfig: KubeConfig,
  options: EventBroadcasterAdapterOptions & { discovery?: ServesEventsV1Options | undefined } = {},
): Promise<EventBroadcasterAdapter> {
  const { discovery, ...adapterOptions } = checkOptions(options, 'newEventBroadcasterAdapter()');
  const served = await servesEventsV1(kubeConfig, discovery);
  return new EventBroadcasterAdapter(kubeConfig, served ? 'events.k8s.io/v1' : 'v1', adapterOptions);
}
