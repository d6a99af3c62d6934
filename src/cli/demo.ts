import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { CoreV1Api } from '@kubernetes/client-node';
import type { KubeConfig } from '@kubernetes/client-node';
import { formatEventTable } from '../cluster/format-event-table.js';
import type { CoreV1Event, KubernetesObject } from '../meta/types.js';
import { EventBroadcaster } from '../record/event-broadcaster.js';
import type { ShutdownReport } from '../record/types.js';
import { CoreV1EventSink } from '../sink/core-v1-event-sink.js';

/** Options of {@link runDemo}. */
export interface DemoOptions {
  /** The cluster to write to. */
  kubeConfig: KubeConfig;
  /** Namespace of the demo's objects. @defaultValue `'default'` */
  namespace?: string | undefined;
  /** Where lines of output go. */
  out: (line: string) => void;
}

/** What the demo did: the events it found on the server, and the broadcaster's shutdown report. */
export interface DemoResult {
  readonly events: readonly CoreV1Event[];
  readonly report: ShutdownReport;
}

export const demoComponent = 'kube-events-demo';

/**
 * Records a burst that shows every stage of the pipeline, flushes it to the API server, and prints the server's
 * events as a table with the counters: a plain create, a repeated event deduplicated into one count patch, similar
 * messages aggregated into `(combined from similar events): …`, and a noisy object held back by the spam filter.
 */
export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const { kubeConfig, namespace = 'default', out } = options;
  const pod = (name: string): KubernetesObject => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, uid: randomUUID() },
  });
  const web = pod('demo-web-0');
  const worker = pod('demo-worker-0');
  const noisy = pod('demo-noisy-0');

  const broadcaster = new EventBroadcaster();
  // diagnostics$ outlives shutdown (late recordings are reported there), so the demo ends its own subscription.
  const diagnostics = broadcaster.diagnostics$.subscribe((d) => {
    out(`  ! ${d.level}: ${d.message}`);
  });
  broadcaster.startRecordingToSink(new CoreV1EventSink(kubeConfig));
  const recorder = broadcaster.newRecorder({ component: demoComponent, host: hostname() });

  out('Recording a burst:');
  out(`  1 × Scheduled on pod/demo-web-0          → one create`);
  recorder.eventf(web, 'Normal', 'Scheduled', 'Successfully assigned %s/demo-web-0 to node-1', namespace);
  out(`  6 × BackOff on pod/demo-web-0            → deduplicated: one event, count 6`);
  for (let i = 0; i < 6; i++) recorder.event(web, 'Warning', 'BackOff', 'Back-off restarting failed container web');
  out(`  12 × Pulling (12 messages) on worker     → 9 events, then one aggregate event, count 3`);
  for (let i = 1; i <= 12; i++)
    recorder.eventf(worker, 'Normal', 'Pulling', 'Pulling image "registry.example/app:v%d"', i);
  out(`  40 × Unhealthy on pod/demo-noisy-0       → the spam filter lets 25 through`);
  for (let i = 0; i < 40; i++) {
    recorder.event(noisy, 'Warning', 'Unhealthy', 'Readiness probe failed: HTTP probe failed with statuscode: 503');
  }

  const report = await broadcaster.shutdown({ timeoutMs: 30_000 });
  diagnostics.unsubscribe();

  const uids = new Set([web, worker, noisy].map((o) => o.metadata?.uid));
  const listed = await kubeConfig.makeApiClient(CoreV1Api).listNamespacedEvent({ namespace });
  const events = listed.items.filter((e) => uids.has(e.involvedObject.uid)) as CoreV1Event[];

  out('');
  out(`Events on the API server (namespace ${namespace}):`);
  out(formatEventTable(events, { now: new Date() }));
  out('');
  const [sink] = report.stats.sinks;
  out('Counters:');
  out(
    `  recorded ${String(report.recorded)}, written ${String(report.written)}, skipped by the spam filter ${String(report.skipped)}`,
  );
  out(
    `  sink calls ${String(sink?.attempts ?? 0)} (${plural(sink?.created ?? 0, 'create')}, ${plural(sink?.patched ?? 0, 'patch', 'patches')}), ` +
      `events carried by a newer write ${String(sink?.coalesced ?? 0)}`,
  );
  out(
    `  dropped ${String(report.dropped)}, failed ${String(report.failed)}, abandoned ${String(report.abandoned)}, rejected ${String(report.rejected)}`,
  );
  return { events, report };
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${String(count)} ${count === 1 ? one : many}`;
}
