import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeApiServer } from '../../src/testing/index.js';
import type { FakeApiServer } from '../../src/testing/index.js';
import { seriesBurst } from './helpers/burst.js';

let server: FakeApiServer;

beforeEach(async () => {
  server = await startFakeApiServer();
});

afterEach(async () => {
  await server.close();
});

describe('EventsV1Broadcaster over HTTP to the fake API server', () => {
  it('writes a burst of 10 000 eventf over 1000 objects as 1000 events of series.count 10, in at most 2000 writes', async () => {
    const report = await seriesBurst(server.kubeConfig, 'shop');

    const stored = server.events('shop');
    expect(stored).toHaveLength(1000);
    expect(stored.every((event) => event.series?.count === 10)).toBe(true);
    expect(stored.every((event) => event.action === 'Pull' && event.reportingComponent === 'example.com/burst')).toBe(
      true,
    );
    const requests = server.requests();
    expect(requests.length).toBeLessThanOrEqual(2000);
    expect(requests.every((request) => request.path.startsWith('/apis/events.k8s.io/v1/'))).toBe(true);
    expect(requests.filter((request) => request.status === undefined || request.status >= 300)).toEqual([]);
    expect(report).toMatchObject({ recorded: 10_000, dropped: 0, failed: 0, abandoned: 0, timedOut: false });
    expect(report.writes).toBe(requests.length);
    expect(report.stats.sink).toMatchObject({ received: 10_000, created: 1000, pending: 0 });
    // 10 000 requests without coalescing: a ceiling for a loaded machine, not a timing assertion.
  }, 60_000);
});
