import { hostname } from 'node:os';
import { checkOptions } from '../meta/internal/check-options.js';
import { describeType } from '../meta/internal/describe-type.js';
import { isQualifiedName } from '../meta/names.js';
import { EventBroadcaster } from '../record/event-broadcaster.js';
import { Recorder } from '../record/internal/recorder.js';
import type { EventsV1Recorder } from './types.js';

/** Options of {@link eventsV1RecorderFor}. */
export interface EventsV1RecorderForOptions {
  /**
   * The events' `reportingInstance`, the controller's instance (a pod name, for one). Over 128 bytes it is cut, on a
   * UTF-8 boundary, with an `'event-truncated'` diagnostic, as on events.k8s.io/v1.
   * @defaultValue `<reportingController>-<os.hostname()>`, as client-go's events recorder
   */
  reportingInstance?: string | undefined;
}

/**
 * An {@link EventsV1Recorder} that records through a core/v1 {@link EventBroadcaster}: the path client-go's
 * `NewEventBroadcasterAdapter` falls back to when the API server does not serve events.k8s.io/v1, kept whole.
 *
 * Each `eventf(regarding, related, type, reason, action, note, …args)` becomes a core/v1 Event of the broadcaster,
 * made and checked by its recorder exactly as `newRecorder({ component: reportingController }).eventf(regarding,
 * type, reason, note, …args)` would make it (name, namespace, count 1, timestamps, the correlation of every sink,
 * the limits, the counters in `stats` and the diagnostics on `diagnostics$`), plus the three fields client-go's
 * legacy path drops: `action`, `related` and `reportingInstance` (`reportingComponent` and `source.component` are
 * `reportingController`; `source.host` is left empty, as client-go's). The core/v1 Event has these fields, and the
 * API server accepts them on events without `eventTime` (which this path does not set), so listing the events through
 * events.k8s.io/v1 shows `regarding`, `related`, `action`, `note` and `reportingController` as that API's own
 * recorder would write them; only `series` stays unused: repeats are counted by core/v1's dedup (`count`).
 *
 * On this path the dedup key of an event includes its `action` and `related` object (see `getEventKey`), so a
 * repeat that names another action or related object is an event of its own; the aggregator still groups events by
 * object, type and reason, and its combined event carries neither field.
 *
 * A call is checked as events.k8s.io/v1's recorder checks it, so that code written against {@link EventsV1Recorder}
 * behaves the same on both APIs: a `related` object that cannot be referenced is left out of the event, which is
 * recorded with an `'invalid-related'` warning; an empty `reason` or `action` refuses the call (`'invalid-reason'`,
 * `'invalid-action'`), although the core/v1 API accepts them on an event without `eventTime`, as does an `action`
 * that is not a string and every other bad argument of the core/v1 recorder.
 *
 * @param broadcaster - the core/v1 broadcaster to record through (its sinks, watchers and loggers get the events)
 * @param reportingController - the controller's name, a qualified name (e.g. `example.com/my-operator`), as
 *   events.k8s.io/v1 requires, so that a recorder works the same on both APIs
 * @param options - `reportingInstance`
 * @returns the recorder; it may be used before and after the broadcaster's shutdown (afterwards its events are
 *   dropped and reported), and never throws
 * @throws TypeError when `broadcaster` is not an `EventBroadcaster` (or its `newRecorder` returns another recorder),
 *   `reportingController` is not a qualified name, `reportingInstance` is not a string, or `options` is not an
 *   object
 * @example
 * ```ts
 * import { EventBroadcaster, eventsV1RecorderFor } from 'rx-kube-events';
 *
 * const broadcaster = new EventBroadcaster();
 * const recorder = eventsV1RecorderFor(broadcaster, 'example.com/my-operator');
 * recorder.eventf(replicaSet, pod, 'Normal', 'SuccessfulCreate', 'Create', 'Created pod: %s', pod.metadata.name);
 * ```
 */
export function eventsV1RecorderFor(
  broadcaster: EventBroadcaster,
  reportingController: string,
  options: EventsV1RecorderForOptions = {},
): EventsV1Recorder {
  const checked = checkOptions(options, 'eventsV1RecorderFor()');
  if (!((broadcaster as unknown) instanceof EventBroadcaster)) {
    throw new TypeError(`eventsV1RecorderFor() needs an EventBroadcaster, got ${describeType(broadcaster)}`);
  }
  if (typeof reportingController !== 'string' || !isQualifiedName(reportingController)) {
    throw new TypeError(
      `eventsV1RecorderFor(): reportingController must be a qualified name (e.g. 'example.com/my-operator'), got ${typeof reportingController === 'string' ? JSON.stringify(reportingController) : describeType(reportingController)}`,
    );
  }
  // The default needs the controller's name checked first.
  const { reportingInstance = `${reportingController}-${hostname()}` } = checked;
  if (typeof reportingInstance !== 'string') {
    throw new TypeError(
      `eventsV1RecorderFor(): reportingInstance must be a string, got ${describeType(reportingInstance)}`,
    );
  }
  const recorder = broadcaster.newRecorder({ component: reportingController });
  if (!(recorder instanceof Recorder)) {
    throw new TypeError(
      "eventsV1RecorderFor() needs the broadcaster's own recorders: its newRecorder() was overridden",
    );
  }
  return {
    eventf(regarding, related, type, reason, action, note, ...args) {
      recorder.recordEventsV1(
        { object: regarding, related, type, reason, action, messageFmt: note, args },
        reportingInstance,
      );
    },
    annotatedEventf(regarding, related, annotations, type, reason, action, note, ...args) {
      recorder.recordEventsV1(
        { object: regarding, related, type, reason, action, messageFmt: note, args, annotations },
        reportingInstance,
      );
    },
  };
}
