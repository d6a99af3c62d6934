import { setTimeout as sleep } from 'node:timers/promises';
import { EventCorrelator, SinkError } from 'rx-kube-events';
import type { CoreV1Event, CorrelatorStats, EventBroadcaster, EventSink, KubernetesObject } from 'rx-kube-events';
import { rate, time } from './harness.js';
import type { BenchRow, BenchSize } from './report.js';

/** The namespace of every object in the workloads. */
export const namespace = 'ns';

/** WORKLOADS.md's event source. */
export const source = { component: 'bench', host: 'node1' } as const;

/** A Pod as client-node reads it (kind, apiVersion, name, namespace, uid). */
export function pod(name: string): KubernetesObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace, uid: `uid-${name}`, resourceVersion: '1' } };
}

/** `pod-0` … `pod-<count - 1>`. */
export function pods(count: number): KubernetesObject[] {
  return Array.from({ length: count }, (_, i) => pod(`pod-${String(i)}`));
}

/** Every event built for the correlation workloads shares this time: they happen within one run. */
const builtAt = new Date();

/**
 * An event as the recorder makes it, built before timing for the correlation workloads: a Normal event about Pod
 * `podName` in `ns`, from {@link source}, with a unique name (`<pod>.<i in hex>`).
 */
export function podEvent(podName: string, reason: string, message: string, i: number): CoreV1Event {
  return {
    metadata: { name: `${podName}.${i.toString(16)}`, namespace },
    involvedObject: { kind: 'Pod', apiVersion: 'v1', name: podName, namespace, uid: `uid-${podName}` },
    reason,
    message,
    type: 'Normal',
    source,
    firstTimestamp: builtAt,
    lastTimestamp: builtAt,
    count: 1,
    reportingComponent: source.component,
    reportingInstance: source.host,
  };
}

/** The fields a dedup patch sets (`{"count","lastTimestamp","message"}`). */
interface CountPatch {
  readonly count?: number;
  readonly lastTimestamp?: string | null;
  readonly message?: string;
}

/**
 * An in-process {@link EventSink} that answers each create or patch after `latencyMs` (none for 0: the answer is a
 * resolved promise), keeps the final state by event name, and checks that the writes for one event arrive in order.
 *
 * Out of order counts: a second call for a name while one is in flight, a create of a name it already holds, a patch
 * of a name it does not hold, a count that does not rise.
 */
export class LatencySink implements EventSink {
  /** Sink calls answered. */
  writes = 0;
  /** Calls that broke the order of writes for one event. */
  outOfOrder = 0;
  private readonly latencyMs: number;
  private readonly stored = new Map<string, CoreV1Event>();
  private readonly inFlight = new Set<string>();
  private resourceVersion = 0;

  constructor(latencyMs: number) {
    this.latencyMs = latencyMs;
  }

  /** The events held, by name. */
  get events(): ReadonlyMap<string, CoreV1Event> {
    return this.stored;
  }

  async create(event: CoreV1Event): Promise<CoreV1Event> {
    return this.write(event, () => {
      if (this.stored.has(name(event))) this.outOfOrder++;
      return event;
    });
  }

  async update(event: CoreV1Event): Promise<CoreV1Event> {
    return this.write(event, () => event);
  }

  async patch(oldEvent: CoreV1Event, patch: string): Promise<CoreV1Event> {
    return this.write(oldEvent, (held) => {
      if (held === undefined) {
        this.outOfOrder++;
        throw new SinkError(`events "${name(oldEvent)}" not found`, {
          kind: 'status',
          status: 404,
          reason: 'NotFound',
        });
      }
      const { count, lastTimestamp, message } = JSON.parse(patch) as CountPatch;
      if (count !== undefined && count <= (held.count ?? 0)) this.outOfOrder++;
      return {
        ...held,
        ...(count === undefined ? {} : { count }),
        ...(typeof lastTimestamp === 'string' ? { lastTimestamp: new Date(lastTimestamp) } : {}),
        ...(message === undefined ? {} : { message }),
      };
    });
  }

  private async write(
    target: CoreV1Event,
    apply: (held: CoreV1Event | undefined) => CoreV1Event,
  ): Promise<CoreV1Event> {
    const key = name(target);
    if (this.inFlight.has(key)) this.outOfOrder++;
    this.inFlight.add(key);
    try {
      if (this.latencyMs > 0) await sleep(this.latencyMs);
      const next = apply(this.stored.get(key));
      const written = { ...next, metadata: { ...next.metadata, resourceVersion: String(++this.resourceVersion) } };
      this.stored.set(key, written);
      this.writes++;
      return written;
    } finally {
      this.inFlight.delete(key);
    }
  }
}

function name(event: CoreV1Event): string {
  return event.metadata.name ?? '';
}

/** W5's burst: `calls` `eventf` calls over `objects` round-robin, reason `Sync`, message `synced <i % objects.length>`. */
export function recordBurst(broadcaster: EventBroadcaster, objects: readonly KubernetesObject[], calls: number): void {
  const recorder = broadcaster.newRecorder(source);
  for (let i = 0; i < calls; i++) {
    const k = i % objects.length;
    recorder.eventf(objects[k]!, 'Normal', 'Sync', 'synced %d', k);
  }
}

/**
 * Whether every object's event ended with `count`: exactly one event per object among `events`, each at `count`.
 */
export function everyCountIs(
  events: Iterable<{ readonly involvedObject?: { readonly name?: string }; readonly count?: number }>,
  objects: readonly KubernetesObject[],
  count: number,
): boolean {
  const counts = new Map<string, number[]>();
  for (const event of events) {
    const key = event.involvedObject?.name ?? '';
    counts.set(key, [...(counts.get(key) ?? []), event.count ?? 0]);
  }
  return (
    counts.size === objects.length &&
    objects.every((object) => {
      const seen = counts.get(object.metadata?.name ?? '');
      return seen?.length === 1 && seen[0] === count;
    })
  );
}

/** Runs `tasks` with at most `concurrency` in flight at once, each started when a slot frees. */
export async function pool(concurrency: number, tasks: readonly (() => Promise<unknown>)[]): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) await tasks[next++]!();
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, tasks.length) }, worker));
}

/** How many events each correlation workload (W2–W4, and W7 after W2) correlates. */
export function correlationCount(size: BenchSize): number {
  return size === 'full' ? 100_000 : 2_000;
}

/**
 * Times correlating every one of `events` (built before timing) with a fresh default correlator per repetition, built
 * in the setup; the correlator reads the real clock, as in production. The row's facts are the event count and what
 * `facts` picks from the last repetition's counters.
 */
export async function correlationRow(
  id: string,
  variant: string,
  events: readonly CoreV1Event[],
  facts: (stats: CorrelatorStats) => Record<string, number>,
): Promise<BenchRow> {
  let correlator = new EventCorrelator();
  const timing = await time(
    () => {
      for (const event of events) correlator.correlate(event);
    },
    {
      setup: () => {
        correlator = new EventCorrelator();
      },
    },
  );
  return {
    id,
    variant,
    unit: 'events/s',
    ours: rate(events.length, timing),
    facts: { events: events.length, ...facts(correlator.stats) },
  };
}
