import { KubeConfig } from '@kubernetes/client-node';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import type { Server as HttpsServer } from 'node:https';
import { createServer } from 'node:net';
import type { AddressInfo, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventBroadcaster } from '../../src/record/index.js';
import type { Logger, RecordDiagnostic } from '../../src/record/index.js';
import { CoreV1EventSink, SinkError } from '../../src/sink/index.js';
import { toSinkError } from '../../src/sink/internal/client-node-errors.js';
import { redactUrls } from '../../src/meta/internal/redact-url.js';
import { coreEvent, failureOf } from '../testing/support.js';
import { pod } from '../record/helpers.js';

/** A KubeConfig for `server`, trusting `caPem` when given. */
function kubeConfig(server: string, caPem?: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [
      {
        name: 'c',
        server,
        skipTLSVerify: server.startsWith('http:'),
        ...(caPem === undefined ? {} : { caData: Buffer.from(caPem).toString('base64') }),
      },
    ],
    users: [{ name: 'u', token: 'not-a-secret' }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  return kc;
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => {
      resolve();
    });
  });
}

/** An error as a logger's serializer prints it: message, stack and causes. */
function serialized(error: unknown, depth = 0): string {
  if (!(error instanceof Error) || depth > 5) return String(error);
  return `${error.message}\n${error.stack ?? ''}\n${JSON.stringify(error)}\n${serialized(error.cause, depth + 1)}`;
}

describe('redactUrls', () => {
  it.each([
    ['http://user:password@host:6443/api', 'http://***@host:6443/api'],
    ['request to https://token@10.0.0.1/x failed', 'request to https://***@10.0.0.1/x failed'],
    ['a raw @ in the password: http://u:p@ss@host/', 'a raw @ in the password: http://***@host/'],
    ['two: http://a:b@h1/ and https://c@h2', 'two: http://***@h1/ and https://***@h2'],
    ['no user info: https://host/a@b', 'no user info: https://host/a@b'],
    ['mail someone@example.com', 'mail someone@example.com'],
  ])('%s', (text, expected) => {
    expect(redactUrls(text)).toBe(expected);
  });
});

describe('credentials in the cluster URL', () => {
  const secret = 'hunter2-password';
  const cases: [string, () => Promise<{ server: string; stop: () => Promise<void> }>][] = [
    [
      'ECONNREFUSED',
      async () => {
        const probe = createServer();
        const port = await listen(probe);
        await close(probe);
        return { server: `http://admin:${secret}@127.0.0.1:${port}`, stop: () => Promise.resolve() };
      },
    ],
    [
      'ECONNRESET',
      async () => {
        const resetting = createServer((socket) => socket.resetAndDestroy());
        const port = await listen(resetting);
        return { server: `http://admin:${secret}@127.0.0.1:${port}`, stop: () => close(resetting) };
      },
    ],
  ];

  it.each(cases)('%s: never in the SinkError, its causes, the diagnostics or the log lines', async (_, start) => {
    const { server, stop } = await start();
    try {
      const sink = new CoreV1EventSink(kubeConfig(server));
      const error = await failureOf(sink.create(coreEvent('a') as never), SinkError);
      // The sink sends its own requests (Node's http, under either client-node major): it fails on the socket, and the
      // message names the server's host and port without the user info.
      expect(error.kind).toBe('transport');
      expect(error.message).toContain(new URL(server).host);
      expect(serialized(error)).not.toContain(secret);
      expect(serialized(error)).not.toContain('admin');

      const lines: string[] = [];
      const log = (fields: object, message: string) => {
        const { err, ...rest } = fields as { err?: unknown };
        lines.push(`${message} ${JSON.stringify(rest)} ${serialized(err)}`);
      };
      const logger: Logger = { info: log, warn: log, error: log };
      const broadcaster = new EventBroadcaster({ logger });
      const diagnostics: RecordDiagnostic[] = [];
      broadcaster.diagnostics$.subscribe((d) => diagnostics.push(d));
      broadcaster.startRecordingToSink(sink, { retry: { maxAttempts: 1 } });
      broadcaster.newRecorder({ component: 'c' }).event(pod, 'Normal', 'Started', 'm');
      const report = await broadcaster.shutdown();

      expect(report.failed).toBe(1);
      expect(diagnostics.map((d) => d.code)).toContain('event-write-failed');
      expect(lines.length).toBeGreaterThan(0);
      for (const text of [...lines, ...diagnostics.map((d) => `${d.message} ${serialized(d.cause)}`)]) {
        expect(text).not.toContain(secret);
      }
    } finally {
      await stop();
    }
  });
});

describe('a TLS certificate that fails verification is final', () => {
  let dir: string;
  const pem: Record<string, string> = {};
  const servers: HttpsServer[] = [];
  const urls: Record<string, string> = {};

  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const ecKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  /** A leaf for 127.0.0.1 (or `san`) signed by the test CA, valid for `days` (negative: already expired). */
  function leaf(name: string, san: string, days: number): void {
    openssl('req', ...ecKey, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', '/CN=leaf');
    writeFileSync(join(dir, `${name}.ext`), `subjectAltName=${san}\n`);
    openssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      `${name}.pem`,
      '-days',
      String(days),
      '-extfile',
      `${name}.ext`,
    );
  }
  const read = (file: string) => readFileSync(join(dir, file), 'utf8');

  beforeAll(async () => {
    // A throwaway CA and leaves, made here: nothing leaves 127.0.0.1.
    dir = mkdtempSync(join(tmpdir(), 'rx-kube-events-tls-'));
    openssl('req', '-x509', ...ecKey, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=test-ca');
    openssl(
      'req',
      '-x509',
      ...ecKey,
      '-keyout',
      'self.key',
      '-out',
      'self.pem',
      '-days',
      '2',
      '-subj',
      '/CN=self',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    );
    leaf('good', 'IP:127.0.0.1', 2);
    leaf('expired', 'IP:127.0.0.1', -1);
    leaf('other', 'DNS:other.invalid', 2);
    pem['ca'] = read('ca.pem');
    for (const name of ['self', 'good', 'expired', 'other']) {
      const server = createHttpsServer({ key: read(`${name}.key`), cert: read(`${name}.pem`) }, (_, res) => {
        res.writeHead(500).end();
      });
      servers.push(server);
      urls[name] = `https://127.0.0.1:${await listen(server)}`;
    }
  });

  afterAll(async () => {
    await Promise.all(servers.map(close));
    rmSync(dir, { recursive: true, force: true });
  });

  const cases: [string, string, boolean, string, RegExp][] = [
    ['a self-signed certificate', 'self', false, 'DEPTH_ZERO_SELF_SIGNED_CERT', /certificate-authority/],
    [
      'a CA the client does not trust ("unable to verify the first certificate")',
      'good',
      false,
      'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      /certificate-authority/,
    ],
    ['an expired certificate', 'expired', true, 'CERT_HAS_EXPIRED', /dates .* clock/],
    ['a certificate for another host', 'other', true, 'ERR_TLS_CERT_ALTNAME_INVALID', /subjectAltName/],
  ];
  it.each(cases)('%s: one attempt, a final SinkError saying what to check', async (_, name, trustCa, code, hint) => {
    const sink = new CoreV1EventSink(kubeConfig(urls[name]!, trustCa ? pem['ca'] : undefined));
    const error = await failureOf(sink.create(coreEvent('a') as never), SinkError);
    expect(error.kind).toBe('request');
    expect(error.message).toContain(code);
    expect(error.message).toMatch(hint);
    expect(error.message).toContain('retrying will not help');

    const broadcaster = new EventBroadcaster();
    broadcaster.startRecordingToSink(sink);
    broadcaster.newRecorder({ component: 'c' }).event(pod, 'Normal', 'Started', 'm');
    const report = await broadcaster.shutdown();
    expect(report.stats.sinks[0]).toMatchObject({ attempts: 1, failed: 1, written: 0 });
  });

  it('the same client trusting the CA reaches the server (the failures above are the certificates)', async () => {
    const sink = new CoreV1EventSink(kubeConfig(urls['good']!, pem['ca']));
    const error = await failureOf(sink.create(coreEvent('a') as never), SinkError);
    expect(error).toMatchObject({ kind: 'status', status: 500 });
  });
});

describe('TLS codes without a server', () => {
  it.each([
    'CERT_NOT_YET_VALID',
    'SELF_SIGNED_CERT_IN_CHAIN',
    'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
    'HOSTNAME_MISMATCH',
  ])('%s, found on the cause chain, is a final request error', (code) => {
    const cause = Object.assign(new Error('certificate problem'), { code });
    const error = toSinkError(
      new Error('request failed', { cause }),
      { verb: 'create', namespace: 'a', name: 'b' },
      () => 0,
    );
    expect(error.kind).toBe('request');
    expect(error.message).toContain(code);
  });
});
