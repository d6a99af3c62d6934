import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CoreV1EventSink, EventsV1EventSink, servesEventsV1 } from '../../src/sink/index.js';
import { PACKAGE_VERSION, USER_AGENT } from '../../src/sink/internal/user-agent.js';
import { coreEvent } from '../testing/support.js';

const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  name: string;
  version: string;
};

let server: Server;
let kubeConfig: KubeConfig;
const agents: (string | undefined)[] = [];
const requests: string[] = [];

beforeEach(async () => {
  agents.length = 0;
  requests.length = 0;
  // Answers every write with the same stored event.
  server = createServer((req, res) => {
    agents.push(req.headers['user-agent']);
    requests.push(`${req.method ?? ''} ${req.url ?? ''} ${req.headers['content-type'] ?? '(no body)'}`);
    req.resume();
    req.on('end', () => {
      res.writeHead(201, { 'Content-Type': 'application/json' });
      res.end('{"metadata":{"name":"a","namespace":"default","uid":"u-1"}}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [{ name: 'c', server: `http://127.0.0.1:${String(port)}`, skipTLSVerify: true }],
    users: [{ name: 'u', token: 't' }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
});

afterEach(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('User-Agent of the requests the sinks send themselves', () => {
  it('is the package’s name and version (the same as package.json’s), the platform and the Node version', () => {
    expect(PACKAGE_VERSION).toBe(packageJson.version);
    expect(USER_AGENT).toBe(
      `${packageJson.name}/${packageJson.version} (${process.platform}/${process.arch}; node ${process.version})`,
    );
  });

  it('is sent by a CoreV1EventSink made from a KubeConfig, on every verb', async () => {
    const sink = new CoreV1EventSink(kubeConfig);
    const event = await sink.create(coreEvent('a'));
    await sink.patch(event, '{"count":2}');
    await sink.update(event);
    expect(agents).toEqual([USER_AGENT, USER_AGENT, USER_AGENT]);
  });

  it('is sent by an EventsV1EventSink made from a KubeConfig', async () => {
    const sink = new EventsV1EventSink(kubeConfig);
    await sink.create({
      metadata: { name: 'a', namespace: 'default' },
      eventTime: new Date('2024-05-01T10:00:00Z'),
      reportingController: 'example.com/c',
      reportingInstance: 'c-1',
      action: 'Sync',
      reason: 'Synced',
      regarding: { kind: 'Pod', namespace: 'default', name: 'p' },
      type: 'Normal',
    });
    expect(agents).toEqual([USER_AGENT]);
  });

  it('is sent by servesEventsV1, whose discovery is a GET without a body', async () => {
    expect(await servesEventsV1(kubeConfig)).toBe(true);
    expect(agents).toEqual([USER_AGENT]);
    expect(requests).toEqual(['GET /apis/events.k8s.io/v1 (no body)']);
  });
});
