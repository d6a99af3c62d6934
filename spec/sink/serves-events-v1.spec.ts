import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';
import { DiscoveryError, servesEventsV1, SinkError } from '../../src/sink/index.js';
import { startFakeApiServer } from '../../src/testing/index.js';
import type { FakeApiServer, FakeApiServerOptions } from '../../src/testing/index.js';
import { failureOf, kubeConfigFor } from '../testing/support.js';

let server: FakeApiServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function fake(options?: FakeApiServerOptions): Promise<FakeApiServer> {
  server = await startFakeApiServer(options);
  return server;
}

/** What `servesEventsV1` rejected with, checked to be a DiscoveryError. */
const failure = (call: Promise<boolean>): Promise<DiscoveryError> => failureOf(call, DiscoveryError);

describe('servesEventsV1', () => {
  it('is true when the server serves events.k8s.io/v1, asking for its resources as client-go does', async () => {
    const { kubeConfig } = await fake();
    await expect(servesEventsV1(kubeConfig)).resolves.toBe(true);
    expect(server!.requests().map((r) => [r.method, r.path, r.status])).toEqual([
      ['GET', '/apis/events.k8s.io/v1', 200],
    ]);
  });

  it('is false when the server answers 404: it has no events.k8s.io/v1', async () => {
    const { kubeConfig } = await fake({ eventsV1: false });
    await expect(servesEventsV1(kubeConfig)).resolves.toBe(false);
  });

  it('rejects a 401 with a status DiscoveryError, never taking it for core/v1', async () => {
    const { url } = await fake({ token: 'right' });
    const error = await failure(servesEventsV1(kubeConfigFor(url, 'wrong')));
    // client-node 1.x hands over no body for a 401, so there is no reason to read.
    expect(error).toMatchObject({ kind: 'status', status: 401 });
    expect(error.message).toMatch(/^Discovering events\.k8s\.io\/v1 at http:\/\/127\.0\.0\.1:\d+ failed: HTTP 401/);
    expect(error.message).toMatch(/check the KubeConfig's user/);
  });

  it.each([403, 429, 500, 503])('rejects a %i with a status DiscoveryError', async (status) => {
    const { kubeConfig } = await fake();
    server!.faults.script([{ status }], { path: '/apis/events.k8s.io/v1' });
    const error = await failure(servesEventsV1(kubeConfig));
    expect(error).toMatchObject({ kind: 'status', status });
    expect(error.message).toMatch(/It is unknown whether the server serves events\.k8s\.io\/v1/);
  });

  it("rejects a 429 with the server's Retry-After, as a SinkError would carry it", async () => {
    const { kubeConfig } = await fake();
    server!.faults.script([{ status: 429, retryAfterSeconds: 3 }], { path: '/apis/events.k8s.io/v1' });
    const error = await failure(servesEventsV1(kubeConfig));
    expect(error).toBeInstanceOf(SinkError);
    expect(error).toMatchObject({ name: 'DiscoveryError', kind: 'status', status: 429, retryAfterMs: 3000 });
  });

  it('rejects a refused connection with a transport DiscoveryError', async () => {
    const { kubeConfig } = await fake();
    await server!.close();
    server = undefined;
    const error = await failure(servesEventsV1(kubeConfig));
    expect(error.kind).toBe('transport');
    expect(error.message).toMatch(/ECONNREFUSED/);
  });

  it('rejects a dropped connection with a transport DiscoveryError', async () => {
    const { kubeConfig } = await fake();
    server!.faults.script([{ drop: true }], { path: '/apis/events.k8s.io/v1' });
    expect((await failure(servesEventsV1(kubeConfig))).kind).toBe('transport');
  });

  it('gives up after timeoutMs on a server that never answers, with a transport DiscoveryError', async () => {
    const { kubeConfig } = await fake();
    server!.faults.script([{ delayMs: Infinity }], { path: '/apis/events.k8s.io/v1' });
    const error = await failure(servesEventsV1(kubeConfig, { timeoutMs: 20 }));
    expect(error).toMatchObject({ kind: 'transport' });
    expect(error.message).toMatch(/no answer within 20 ms/);
  });

  it("stops at the caller's signal, with a transport DiscoveryError", async () => {
    const { kubeConfig } = await fake();
    server!.faults.script([{ delayMs: Infinity }], { path: '/apis/events.k8s.io/v1' });
    const abort = new AbortController();
    const asked = servesEventsV1(kubeConfig, { signal: abort.signal });
    abort.abort();
    const error = await failure(asked);
    expect(error).toMatchObject({ kind: 'transport' });
    expect(error.message).toMatch(/aborted by the caller's signal/);
    await expect(failure(servesEventsV1(kubeConfig, { signal: AbortSignal.abort() }))).resolves.toMatchObject({
      kind: 'transport',
    });
  });

  it('rejects a server certificate that fails verification with a request DiscoveryError', async () => {
    const fixture = (name: string): string => readFileSync(new URL(`fixtures/tls/${name}`, import.meta.url), 'utf8');
    const tls = createServer({ key: fixture('server.key'), cert: fixture('server.crt') }, (_, res) => {
      res.end('{}');
    });
    await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
    try {
      const url = `https://127.0.0.1:${String((tls.address() as AddressInfo).port)}`;
      const error = await failure(servesEventsV1(kubeConfigFor(url)));
      expect(error.kind).toBe('request');
      expect(error.message).toMatch(/TLS certificate could not be verified/);
    } finally {
      tls.closeAllConnections();
      await new Promise((resolve) => tls.close(resolve));
    }
  });

  it('redacts credentials in the server URL', async () => {
    const { url } = await fake();
    await server!.close();
    server = undefined;
    const error = await failure(servesEventsV1(kubeConfigFor(url.replace('http://', 'http://user:secret@'))));
    expect(error.message).not.toMatch(/secret/);
  });

  const badArguments: [string, () => unknown, ErrorConstructor, RegExp][] = [
    ['no KubeConfig', () => servesEventsV1(null as never), TypeError, /needs a KubeConfig/],
    ['a KubeConfig without a cluster', () => servesEventsV1(new KubeConfig()), TypeError, /has no current cluster/],
    ['options that are not an object', () => servesEventsV1(new KubeConfig(), 1 as never), TypeError, /options/],
    [
      'a negative timeout',
      () => servesEventsV1(kubeConfigFor('http://127.0.0.1:1'), { timeoutMs: -1 }),
      RangeError,
      /timeoutMs/,
    ],
  ];
  it.each(badArguments)('throws at the call for %s', (_, call, type, message) => {
    expect(call).toThrow(type);
    expect(call).toThrow(message);
  });
});
