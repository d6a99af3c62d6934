import type { ClusterEvent, EventOrChange } from '../../src/cluster/index.js';
import type { CoreV1Event, EventsV1Event } from '../../src/meta/index.js';

/** One Event, said once, built in either API's shape. */
export interface EventSpec {
  readonly name: string;
  readonly namespace?: string;
  readonly type?: string;
  readonly reason?: string;
  readonly kind?: string;
  readonly about?: string;
  readonly aboutNamespace?: string;
  readonly uid?: string;
  readonly component?: string;
  readonly lastSeen?: Date;
  readonly count?: number;
  readonly seriesCount?: number;
}

/** The fields both APIs name alike, and the reference the Event is about. */
function common(spec: EventSpec) {
  const { name, namespace = 'default', type = 'Normal', reason = 'Started', kind = 'Pod', about = 'web-0' } = spec;
  return {
    metadata: { name, namespace },
    ref: { kind, name: about, namespace: spec.aboutNamespace ?? namespace, uid: spec.uid ?? 'uid-1' },
    type,
    reason,
    text: `${reason} ${about}`,
    component: spec.component ?? 'kubelet',
    ...(spec.seriesCount === undefined ? {} : { series: { count: spec.seriesCount } }),
  };
}

export function coreV1(spec: EventSpec): CoreV1Event {
  const { metadata, ref, type, reason, text, component, ...series } = common(spec);
  return {
    metadata,
    involvedObject: ref,
    type,
    reason,
    message: text,
    source: { component },
    ...(spec.lastSeen === undefined ? {} : { lastTimestamp: spec.lastSeen }),
    ...(spec.count === undefined ? {} : { count: spec.count }),
    ...series,
  };
}

export function eventsV1(spec: EventSpec): EventsV1Event {
  const { metadata, ref, type, reason, text, component, ...series } = common(spec);
  return {
    metadata,
    regarding: ref,
    type,
    reason,
    note: text,
    reportingController: component,
    ...(spec.lastSeen === undefined ? {} : { eventTime: spec.lastSeen }),
    ...(spec.count === undefined ? {} : { deprecatedCount: spec.count }),
    ...series,
  };
}

/** The four shapes a filter must handle: each API, alone or inside a change. */
export const shapes: readonly { readonly label: string; readonly make: (spec: EventSpec) => EventOrChange }[] = [
  { label: 'core/v1 events', make: coreV1 },
  { label: 'events.k8s.io/v1 events', make: eventsV1 },
  { label: 'core/v1 changes', make: (spec) => ({ type: 'MODIFIED', object: coreV1(spec) }) },
  { label: 'events.k8s.io/v1 changes', make: (spec) => ({ type: 'MODIFIED', object: eventsV1(spec) }) },
];

/** Marble values from specs. */
export function valuesOf(
  make: (spec: EventSpec) => EventOrChange,
  specs: Record<string, EventSpec>,
): Record<string, EventOrChange> {
  return Object.fromEntries(Object.entries(specs).map(([k, spec]) => [k, make(spec)]));
}

export type { ClusterEvent };
