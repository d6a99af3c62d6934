/**
 * Contracts of the events.k8s.io/v1 recording layer (client-go's `tools/events`). Its sink is an
 * `EventSink<EventsV1Event>` (`sink/`).
 */
import type { EventType, KubernetesObject, ObjectReference } from '../meta/types.js';

/** What an event can be about (`regarding`) or name as `related`: a Kubernetes object or a reference to one. */
export type EventsV1Object = KubernetesObject | ObjectReference;

/**
 * Records events.k8s.io/v1 events: client-go's `events.EventRecorder` (`Eventf`) and `AnnotatedEventRecorder`.
 *
 * Every method returns at once and never throws: an object that cannot be referenced, a type other than exactly
 * `'Normal'` or `'Warning'`, arguments that are not strings, a full queue or a broadcaster that has shut down are
 * reported as diagnostics and counted, and the event is not recorded. Fields over the API's limits are cut on a
 * UTF-8 boundary, with a diagnostic, so that the server never refuses them.
 *
 * `note` is formatted with Node's `util.format`, as the core/v1 recorder's messages are.
 *
 * @example
 * ```ts
 * import type { EventsV1Recorder } from 'rx-kube-events';
 *
 * function reportScaled(recorder: EventsV1Recorder, deployment: { kind: string; apiVersion: string; metadata: { name: string; namespace: string; uid: string } }): void {
 *   recorder.eventf(deployment, undefined, 'Normal', 'ScalingReplicaSet', 'Scale', 'Scaled up to %d', 3);
 * }
 * ```
 */
export interface EventsV1Recorder {
  /**
   * Records an event about `regarding`, optionally naming a second object involved (`related`), with `note`
   * formatted as `util.format(note, ...args)`.
   *
   * @param regarding - the object the event is about, or a reference to it
   * @param related - a second object involved (e.g. the Pod a ReplicaSet created), or `undefined`
   * @param type - `'Normal'` or `'Warning'`
   * @param reason - why the action was taken, UpperCamelCase, ≤ 128 bytes (e.g. `'ScalingReplicaSet'`)
   * @param action - what was done or failed, ≤ 128 bytes (e.g. `'Scale'`)
   * @param note - a human-readable description, a `util.format` format; ≤ 1024 bytes once formatted
   * @param args - the values for `note`
   */
  eventf(
    regarding: EventsV1Object,
    related: EventsV1Object | undefined,
    type: EventType,
    reason: string,
    action: string,
    note: string,
    ...args: unknown[]
  ): void;
  /**
   * Like {@link EventsV1Recorder.eventf}, and sets `annotations` on the event's metadata (a copy is taken). As in
   * client-go, annotations are not part of the series key: a repeat differing only in annotations counts in the
   * first event's series, whose annotations the server keeps.
   *
   * @param regarding - the object the event is about, or a reference to it
   * @param related - a second object involved, or `undefined`
   * @param annotations - annotations for the event object itself
   * @param type - `'Normal'` or `'Warning'`
   * @param reason - why the action was taken, ≤ 128 bytes
   * @param action - what was done or failed, ≤ 128 bytes
   * @param note - a `util.format` format; ≤ 1024 bytes once formatted
   * @param args - the values for `note`
   */
  annotatedEventf(
    regarding: EventsV1Object,
    related: EventsV1Object | undefined,
    annotations: Readonly<Record<string, string>>,
    type: EventType,
    reason: string,
    action: string,
    note: string,
    ...args: unknown[]
  ): void;
}
