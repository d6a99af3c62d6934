import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, request } from 'node:http';
import { createServer } from 'node:https';
import type { Server } from 'node:https';
import { connect } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoreV1EventSink, SinkError } from '../../src/sink/index.js';
import { startFakeApiServer } from '../../src/testing/index.js';
import type { FakeApiServer } from '../../src/testing/index.js';
import { coreEvent, failureOf, tcpHandles, waitFor } from '../testing/support.js';

// Test-only certificates (spec/sink/fixtures/tls), valid until 2126: a CA, a server certificate for 127.0.0.1 and a
// client certificate, both signed by it. Made with `openssl req -x509 …` / `openssl x509 -req …`; the CA key was
// thrown away.
const fixture = (name: string): string => readFileSync(new URL(`fixtures/tls/${name}`, import.meta.url), 'utf8');
const ca = fixture('ca.crt');
const base64 = (pem: string): string => Buffer.from(pem).toString('base64');

let fake: FakeApiServer;
/** The fake API server behind TLS: `https://127.0.0.1:<port>`, forwarding every request. */
let url: string;
let proxy: Server;
/** For each request through the proxy: whether it came with a client certificate the CA signed. */
const clientCertified: boolean[] = [];
/** TLS connections the proxy has accepted. */
let tlsConnections = 0;

beforeAll(async () => {
  fake = await startFakeApiServer();
  // requestCert without rejecting: a client without a certificate still gets through, and clientCertified says
  // whether it had one, so the specs can tell that the KubeConfig's client certificate was sent.
  proxy = createServer(
    { key: fixture('server.key'), cert: fixture('server.crt'), ca, requestCert: true, rejectUnauthorized: false },
    (req, res) => {
      clientCertified.push((req.socket as typeof req.socket & { authorized: boolean }).authorized);
      const upstream = request(
        `${fake.url}${req.url ?? '/'}`,
        { method: req.method, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      req.pipe(upstream);
    },
  );
  proxy.on('secureConnection', () => {
    tlsConnections++;
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  url = `https://127.0.0.1:${String((proxy.address() as AddressInfo).port)}`;
});

afterAll(async () => {
  proxy.closeAllConnections();
  await new Promise((resolve) => proxy.close(resolve));
  await fake.close();
});

/** A KubeConfig for the TLS endpoint, with the cluster and user fields given. */
function kubeConfig(cluster: Record<string, unknown>, user: Record<string, unknown> = {}): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'tls', server: url, ...cluster }],
    users: [{ name: 'u', ...user }],
    contexts: [{ name: 'x', cluster: 'tls', user: 'u' }],
    currentContext: 'x',
  });
  return kc;
}

describe('CoreV1EventSink over TLS, with the KubeConfig’s TLS options (both client-node majors)', () => {
  it('verifies the server against the cluster’s certificate-authority-data', async () => {
    const sink = new CoreV1EventSink(kubeConfig({ caData: base64(ca) }));
    expect((await sink.create(coreEvent('with-ca'))).metadata.name).toBe('with-ca');
    expect(fake.events('default').map((e) => e.metadata.name)).toContain('with-ca');
    expect(clientCertified.at(-1)).toBe(false);
  });

  it('sends the user’s client certificate (client-certificate-data / client-key-data)', async () => {
    const sink = new CoreV1EventSink(
      kubeConfig(
        { caData: base64(ca) },
        { certData: base64(fixture('client.crt')), keyData: base64(fixture('client.key')) },
      ),
    );
    await sink.create(coreEvent('with-client-cert'));
    expect(clientCertified.at(-1)).toBe(true);
  });

  it('skips verification with insecure-skip-tls-verify', async () => {
    const sink = new CoreV1EventSink(kubeConfig({ skipTLSVerify: true }));
    expect((await sink.create(coreEvent('skip-verify'))).metadata.name).toBe('skip-verify');
  });

  it('skips verification with insecure-skip-tls-verify in a context without a user', async () => {
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'tls', server: url, skipTLSVerify: true }],
      users: [],
      contexts: [{ name: 'x', cluster: 'tls' }],
      currentContext: 'x',
    });
    expect((await new CoreV1EventSink(kc).create(coreEvent('skip-verify-no-user'))).metadata.name).toBe(
      'skip-verify-no-user',
    );
  });

  it('refuses a server its CA does not vouch for, as a final request error naming the TLS failure', async () => {
    const err = await failureOf(new CoreV1EventSink(kubeConfig({})).create(coreEvent('untrusted')), SinkError);
    // Final: the same request fails the same way until the KubeConfig's CA changes (issue #12, item 16).
    expect(err.kind).toBe('request');
    expect(err.message).toMatch(/TLS certificate could not be verified \([A-Z_]+: .*certificate/);
    expect(fake.events('default').map((e) => e.metadata.name)).not.toContain('untrusted');
  });

  it('sends sequential writes over one TLS connection, not one each', async () => {
    const sink = new CoreV1EventSink(kubeConfig({ caData: base64(ca) }));
    const before = tlsConnections;
    for (let i = 0; i < 5; i++) await sink.create(coreEvent(`reused-${String(i)}`));
    expect(tlsConnections - before).toBe(1);
  });

  it('follows a change of the KubeConfig’s TLS settings with a new connection, verified as the new ones say', async () => {
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [
        { name: 'insecure', server: url, skipTLSVerify: true },
        { name: 'trusting', server: url, skipTLSVerify: false, caData: base64(ca) },
        { name: 'strict', server: url, skipTLSVerify: false },
      ],
      users: [
        { name: 'anonymous' },
        { name: 'certified', certData: base64(fixture('client.crt')), keyData: base64(fixture('client.key')) },
      ],
      contexts: [
        { name: 'insecure', cluster: 'insecure', user: 'anonymous' },
        { name: 'certified', cluster: 'trusting', user: 'certified' },
        { name: 'strict', cluster: 'strict', user: 'anonymous' },
      ],
      currentContext: 'insecure',
    });
    const sink = new CoreV1EventSink(kc);
    await sink.create(coreEvent('as-insecure'));
    expect(clientCertified.at(-1)).toBe(false);
    kc.setCurrentContext('certified');
    await sink.create(coreEvent('as-certified'));
    expect(clientCertified.at(-1)).toBe(true);
    // The pooled connections of the insecure context are not reused for a context that verifies the server.
    kc.setCurrentContext('strict');
    const err = await failureOf(sink.create(coreEvent('as-strict')), SinkError);
    expect(err.message).toMatch(/TLS certificate could not be verified/);
    expect(fake.events('default').map((e) => e.metadata.name)).not.toContain('as-strict');
  });

  it('goes through the cluster’s proxy-url, one tunnel for sequential writes', async () => {
    // An HTTP CONNECT proxy, as client-node's agent factory makes for an https server (hpagent, in both majors).
    const tunnels: string[] = [];
    const sockets = new Set<Socket>();
    const forward = createHttpServer();
    forward.on('connect', (req: { url?: string }, client: Socket) => {
      tunnels.push(req.url ?? '');
      const [host = '', port = ''] = (req.url ?? '').split(':');
      const upstream = connect(Number(port), host, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.pipe(client);
        client.pipe(upstream);
      });
      for (const socket of [client, upstream]) {
        sockets.add(socket);
        socket.on('error', () => undefined);
        socket.on('close', () => sockets.delete(socket));
      }
    });
    await new Promise<void>((resolve) => forward.listen(0, '127.0.0.1', resolve));
    try {
      const proxyUrl = `http://127.0.0.1:${String((forward.address() as AddressInfo).port)}`;
      const sink = new CoreV1EventSink(kubeConfig({ caData: base64(ca), proxyUrl }));
      for (let i = 0; i < 5; i++) await sink.create(coreEvent(`proxied-${String(i)}`));
      expect(new Set(tunnels)).toEqual(new Set([new URL(url).host]));
      expect(tunnels).toHaveLength(1);
      expect(fake.events('default').map((e) => e.metadata.name)).toContain('proxied-4');
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => forward.close(resolve));
    }
  });

  it('leaves no client socket behind once the server side is gone', async () => {
    const before = tcpHandles();
    const sink = new CoreV1EventSink(kubeConfig({ caData: base64(ca) }));
    for (let i = 0; i < 3; i++) await sink.create(coreEvent(`burst-${String(i)}`));
    proxy.closeAllConnections();
    await waitFor(() => tcpHandles() <= before).catch(() => undefined);
    expect(tcpHandles()).toBeLessThanOrEqual(before);
  });
});
