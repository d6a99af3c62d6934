/**
 * Testing a controller's events with FakeRecorder: nothing to drain, nothing that blocks.
 *
 *   npx tsx examples/fake-recorder-in-a-unit-test.ts
 */
import assert from 'node:assert/strict';
import type { EventRecorder, KubernetesObject } from 'rx-kube-events';
import { FakeRecorder } from 'rx-kube-events/testing';

/** The code under test: a reconcile step that reports what it did. */
function reconcile(pod: KubernetesObject, restarts: number, recorder: EventRecorder): void {
  if (restarts > 3) {
    recorder.eventf(
      pod,
      'Warning',
      'BackOff',
      'Back-off restarting failed container %s (%d restarts)',
      'web',
      restarts,
    );
  } else {
    recorder.event(pod, 'Normal', 'Healthy', 'All containers ready');
  }
}

const pod: KubernetesObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-0', namespace: 'shop' } };
const recorder = new FakeRecorder({ includeObject: true });

reconcile(pod, 5, recorder);
reconcile(pod, 0, recorder);

assert.deepEqual(recorder.events, [
  'Warning BackOff Back-off restarting failed container web (5 restarts) involvedObject{kind=Pod,apiVersion=v1}',
  'Normal Healthy All containers ready involvedObject{kind=Pod,apiVersion=v1}',
]);
console.log('ok:', recorder.events.length, 'events recorded as expected');
