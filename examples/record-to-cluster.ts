/**
 * Recording events from a controller: to the cluster of $KUBECONFIG, or to an in-process fake API server.
 *
 *   npx tsx examples/record-to-cluster.ts
 */
import { KubeConfig } from '@kubernetes/client-node';
import { CoreV1EventSink, EventBroadcaster, getPartialReference } from 'rx-kube-events';
import type { KubernetesObject } from 'rx-kube-events';
import { startFakeApiServer } from 'rx-kube-events/testing';

const server = process.env['KUBECONFIG'] ? undefined : await startFakeApiServer();
const kubeConfig = server?.kubeConfig ?? new KubeConfig();
if (!server) kubeConfig.loadFromDefault();

const broadcaster = new EventBroadcaster();
broadcaster.startRecordingToSink(new CoreV1EventSink(kubeConfig));
broadcaster.startLogging((line) => {
  console.log(line);
});
const diagnostics = broadcaster.diagnostics$.subscribe((d) => {
  console.warn(`${d.level}: ${d.message}`);
});

const recorder = broadcaster.newRecorder({ component: 'example-operator', host: 'example-host' });
const pod: KubernetesObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-0', namespace: 'default', uid: '0b5b2c52-4b1b-4c36-9a4c-1f0e6f1d2a11' },
};
recorder.eventf(pod, 'Normal', 'Scheduled', 'Successfully assigned default/web-0 to %s', 'node-1');
recorder.event(getPartialReference(pod, 'spec.containers{web}'), 'Normal', 'Started', 'Started container web');
for (let i = 0; i < 3; i++) recorder.event(pod, 'Warning', 'BackOff', 'Back-off restarting failed container web');

// What a controller does on SIGTERM: flush, with a deadline, and see what happened.
const report = await broadcaster.shutdown({ timeoutMs: 10_000 });
diagnostics.unsubscribe();
console.log(`written ${report.written}, skipped ${report.skipped}, failed ${report.failed}, dropped ${report.dropped}`);
await server?.close();
