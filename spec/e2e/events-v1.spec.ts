import { EventsV1Api } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriesBurst } from '../events/helpers/burst.js';
import { realServer, realServerMissing, realTarget } from './support.js';
import type { Target } from './support.js';

// The events.k8s.io/v1 burst on a real kube-apiserver v1.20.2 (under `npm run test:e2e`); the same burst against the
// fake API server, with its request log checked, is spec/events/events-v1-http.spec.ts.

describe.skipIf(!realServer)(
  realServer ? 'events.k8s.io/v1 series on kube-apiserver v1.20.2' : realServerMissing,
  () => {
    let target: Target;
    let namespace: string;
    beforeAll(async () => {
      target = realTarget();
      namespace = await target.namespace('series');
    });
    afterAll(async () => {
      await target.close();
    });

    it('writes 10 000 eventf over 1000 objects as 1000 events of series.count 10, in at most 2000 writes, all accepted', async () => {
      const report = await seriesBurst(target.kubeConfig, namespace);
      const { items } = await target.kubeConfig.makeApiClient(EventsV1Api).listNamespacedEvent({ namespace });
      expect(items).toHaveLength(1000);
      expect(items.every((event) => event.series?.count === 10 && event.action === 'Pull')).toBe(true);
      expect(report).toMatchObject({ recorded: 10_000, dropped: 0, failed: 0, abandoned: 0, timedOut: false });
      expect(report.writes).toBeLessThanOrEqual(2000);
      // Every request accepted: each write took one call, none was answered with an error and retried.
      expect(report.stats.sink?.attempts).toBe(report.writes);
      expect(report.stats.sink).toMatchObject({ received: 10_000, created: 1000, pending: 0 });
    }, 120_000);
  },
);
