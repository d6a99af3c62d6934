import { KubeConfig } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { SinkError } from '../../src/sink/sink-error.js';
import { CoreV1EventSink } from '../../src/sink/core-v1-event-sink.js';
import { DiscoveryError } from '../../src/sink/discovery-error.js';
import { servesEventsV1 } from '../../src/sink/serves-events-v1.js';
import { failureOf } from '../testing/support.js';
import { loadKubeConfig, realServer, realServerMissing } from './support.js';

// The fake API server speaks plain HTTP; only the real one serves TLS (a self-signed CA, SANs 127.0.0.1 and localhost).

/** The kubeconfig of this run with its cluster's CA swapped for `caFile`. */
function withCa(file: string, caFile: string): KubeConfig {
  const kc = loadKubeConfig(file);
  const cluster = kc.getCurrentCluster();
  const user = kc.getCurrentUser();
  const swapped = new KubeConfig();
  swapped.loadFromOptions({
    clusters: [{ name: 'e2e', server: cluster?.server, caFile }],
    users: [{ name: 'e2e', token: user?.token }],
    contexts: [{ name: 'e2e', cluster: 'e2e', user: 'e2e' }],
    currentContext: 'e2e',
  });
  return swapped;
}

const event = (name: string) => ({
  metadata: { name: `${name}.${Date.now().toString(16)}`, namespace: 'default' },
  involvedObject: { apiVersion: 'v1', kind: 'Pod', name, namespace: 'default', uid: `uid-${name}` },
  reason: 'Sync',
  message: 'over TLS',
  type: 'Normal',
  count: 1,
});

describe.skipIf(!realServer)(realServer ? 'TLS to kube-apiserver v1.20.2' : realServerMissing, () => {
  it('verifies the serving certificate with the CA of the kubeconfig', async () => {
    const sink = new CoreV1EventSink(withCa(realServer!.kubeConfig, realServer!.caFile));
    const created = await sink.create(event('tls-ok'));
    expect(created.metadata.uid).toEqual(expect.any(String));
  });

  it('fails as a final TLS verification error with an unrelated CA', async () => {
    const sink = new CoreV1EventSink(withCa(realServer!.kubeConfig, realServer!.otherCaFile));
    const err = await failureOf(sink.create(event('tls-wrong-ca')), SinkError);
    // Final, not retried: the same request fails the same way until the KubeConfig's CA changes.
    expect(err.kind).toBe('request');
    expect(err.message).toContain('TLS certificate could not be verified (UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    expect(err.message).toContain('unable to verify the first certificate');
  });

  it('discovers events.k8s.io/v1 over TLS, and fails discovery as a TLS error (never core/v1) with an unrelated CA', async () => {
    await expect(servesEventsV1(withCa(realServer!.kubeConfig, realServer!.caFile))).resolves.toBe(true);
    const err = await failureOf(
      servesEventsV1(withCa(realServer!.kubeConfig, realServer!.otherCaFile)),
      DiscoveryError,
    );
    expect(err.kind).toBe('request');
    expect(err.message).toContain('TLS certificate could not be verified (UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  });
});
