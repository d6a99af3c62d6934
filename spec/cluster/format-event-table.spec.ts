/* eslint-disable @typescript-eslint/no-unsafe-class-instance-assignment -- client-node's generated models are plain
   data: its docs and its users pass object literals as request bodies, and these tests use it as users do. */
import { CoreV1Api } from '@kubernetes/client-node';
import type { CoreV1Event as ClientNodeEvent } from '@kubernetes/client-node';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { formatEventTable } from '../../src/cluster/format-event-table.js';
import type { EventTableRow } from '../../src/cluster/format-event-table.js';
import type { CoreV1Event } from '../../src/meta/types.js';
import { startFakeApiServer } from '../../src/testing/index.js';
import type { StoredEvent } from '../../src/testing/index.js';
import { coreEvent } from '../testing/support.js';

const at = (iso: string): Date => new Date(iso);

const events: CoreV1Event[] = [
  {
    metadata: { name: 'b' },
    involvedObject: { kind: 'Pod', name: 'web-0' },
    type: 'Warning',
    reason: 'BackOff',
    message: 'Back-off restarting failed container',
    count: 5,
    lastTimestamp: at('2024-01-01T00:03:00Z'),
  },
  {
    metadata: { name: 'a' },
    involvedObject: { kind: 'Pod', name: 'web-0' },
    type: 'Normal',
    reason: 'Scheduled',
    message: 'Successfully assigned\nshop/web-0 to node-1',
    count: 1,
    lastTimestamp: at('2024-01-01T00:00:00Z'),
  },
];

describe('formatEventTable', () => {
  it('prints a kubectl-like table, oldest first, ages measured to the newest event by default', () => {
    expect(formatEventTable(events)).toBe(
      [
        'LAST SEEN   TYPE      REASON      OBJECT      COUNT   MESSAGE',
        '3m          Normal    Scheduled   pod/web-0   1       Successfully assigned shop/web-0 to node-1',
        '0s          Warning   BackOff     pod/web-0   5       Back-off restarting failed container',
      ].join('\n'),
    );
  });

  it('measures to a given time and shortens long messages', () => {
    const table = formatEventTable(events, { now: at('2024-01-01T01:00:00Z'), maxMessageLength: 10 });
    expect(table.split('\n')[1]).toMatch(/^60m\s+Normal\s+Scheduled\s+pod\/web-0\s+1\s+Successfu…$/);
  });

  it('prints only the header for no events', () => {
    expect(formatEventTable([])).toBe('LAST SEEN   TYPE   REASON   OBJECT   COUNT   MESSAGE');
  });

  it('falls back to eventTime and series count for events.k8s.io-style events', () => {
    const table = formatEventTable([
      {
        metadata: { name: 'c' },
        involvedObject: { name: 'x' },
        eventTime: at('2024-01-01T00:00:00Z'),
        series: { count: 4 },
      },
    ]);
    expect(table.split('\n')[1]).toMatch(/^0s\s+x\s+4$/);
  });

  it("takes this package's events, client-node's, and the fake API server's rows (times as strings)", () => {
    expectTypeOf<CoreV1Event>().toExtend<EventTableRow>();
    expectTypeOf<ClientNodeEvent>().toExtend<EventTableRow>();
    expectTypeOf<StoredEvent>().toExtend<EventTableRow>();
  });

  it("prints the fake API server's events() and a client-node list alike", async () => {
    const server = await startFakeApiServer();
    try {
      const core = server.kubeConfig.makeApiClient(CoreV1Api);
      const seen = (iso: string) => ({ firstTimestamp: new Date(iso), lastTimestamp: new Date(iso) });
      for (const [name, iso] of [
        ['a', '2024-01-01T00:00:00Z'],
        ['b', '2024-01-01T00:02:00Z'],
      ] as const) {
        await core.createNamespacedEvent({ namespace: 'default', body: coreEvent(name, 'default', seen(iso)) });
      }
      const table = formatEventTable(server.events('default'));
      expect(table.split('\n').map((l) => l.split(/\s{2,}/)[0])).toEqual(['LAST SEEN', '2m', '0s']);
      expect(formatEventTable((await core.listNamespacedEvent({ namespace: 'default' })).items)).toBe(table);
    } finally {
      await server.close();
    }
  });
});

describe('formatEventTable for rows printed one at a time', () => {
  it('leaves the header out and pads to minWidths, so rows line up', () => {
    const now = at('2024-01-01T00:03:00Z');
    const [backOff, scheduled] = events;
    const widths = [9, 7, 18, 28, 5];
    const header = formatEventTable([], { minWidths: widths });
    const first = formatEventTable([scheduled!], { now, header: false, minWidths: widths });
    const second = formatEventTable([backOff!], { now, header: false, minWidths: widths });
    expect(header).toBe(
      `${'LAST SEEN'.padEnd(9)}   ${'TYPE'.padEnd(7)}   ${'REASON'.padEnd(18)}   ${'OBJECT'.padEnd(28)}   COUNT   MESSAGE`,
    );
    expect(first.split('\n')).toHaveLength(1);
    expect(first.indexOf('pod/web-0')).toBe(header.indexOf('OBJECT'));
    expect(second.indexOf('pod/web-0')).toBe(header.indexOf('OBJECT'));
    expect(second.indexOf('Back-off')).toBe(header.indexOf('MESSAGE'));
  });
});
