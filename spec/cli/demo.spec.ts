import { afterEach, describe, expect, it } from 'vitest';
import { runDemo } from '../../src/cli/demo.js';
import { startFakeApiServer } from '../../src/testing/fake-api-server.js';
import type { FakeApiServer } from '../../src/testing/fake-api-server.js';

let server: FakeApiServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('kube-events demo', () => {
  it('shows a create, a dedup count, an aggregate event and the spam filter on the server', async () => {
    server = await startFakeApiServer();
    const lines: string[] = [];
    const { events, report } = await runDemo({ kubeConfig: server.kubeConfig, out: (l) => lines.push(l) });

    const byReason = (reason: string): number[] =>
      events.filter((e) => e.reason === reason && !e.message?.startsWith('(combined')).map((e) => e.count ?? 0);
    expect(byReason('Scheduled')).toEqual([1]);
    expect(byReason('BackOff')).toEqual([6]);
    expect(byReason('Pulling')).toHaveLength(9);
    expect(events.filter((e) => e.message?.startsWith('(combined from similar events): '))).toEqual([
      expect.objectContaining({ reason: 'Pulling', count: 3 }),
    ]);
    expect(byReason('Unhealthy')).toEqual([25]);
    expect(report).toMatchObject({ recorded: 59, written: 44, skipped: 15, dropped: 0, failed: 0, abandoned: 0 });

    const output = lines.join('\n');
    expect(output).toMatch(/LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+COUNT\s+MESSAGE/);
    expect(output).toMatch(/Warning\s+BackOff\s+pod\/demo-web-0\s+6\s+Back-off restarting failed container web/);
    expect(output).toContain('skipped by the spam filter 15');
  });

  it('writes into the namespace asked for', async () => {
    server = await startFakeApiServer();
    const { events } = await runDemo({ kubeConfig: server.kubeConfig, namespace: 'shop', out: () => undefined });
    expect(events.length).toBeGreaterThan(0);
    expect(server.events('shop')).toHaveLength(events.length);
    expect(server.events('default')).toEqual([]);
  });
});
