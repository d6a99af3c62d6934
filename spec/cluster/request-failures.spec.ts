import { readFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import type { Server as HttpsServer } from 'node:https';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { firstValueFrom, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listEvents, watchEvents, WatchEventsError } from '../../src/cluster/index.js';
import type { WatchEventsStatus } from '../../src/cluster/index.js';

// Failures of the connection itself, before any answer: what a watch retries, what it does not, and what its errors
// may print. (Answers of the server are in watch-events.spec.ts.)

const fixture = (name: string): string =>
  readFileSync(new URL(`../sink/fixtures/tls/${name}`, import.meta.url), 'utf8');

function kubeConfig(server: string, cluster: Record<string, unknown> = {}): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server, ...cluster }],
    users: [{ name: 'u', token: 't' }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  return kc;
}

const errorOf = (source: Promise<unknown>): Promise<WatchEventsError> =>
  source.then(
    () => {
      throw new Error('expected the stream to fail');
    },
    (err: unknown) => {
      expect(err).toBeInstanceOf(WatchEventsError);
      return err as WatchEventsError;
    },
  );

/** Everything about an error a logger might print: message, stack, and the same of every cause. */
function printed(err: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 6; e = e.cause, depth++) {
    parts.push(e.message, e.stack ?? '');
  }
  return parts.join('\n');
}

/** client-node 1.x refuses a plain-http server unless TLS verification is off (there is none to do). */
const plainHttp = { skipTLSVerify: true };

describe('credentials in the cluster URL', () => {
  it('never appear in what a failed list says, its message or its causes', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));

    const err = await errorOf(
      firstValueFrom(listEvents(kubeConfig(`http://admin:s3cret@127.0.0.1:${String(port)}`, plainHttp), { api: 'v1' })),
    );

    expect(err.message).toContain('***@127.0.0.1');
    expect(printed(err)).not.toContain('s3cret');
  });
});

describe('a TLS certificate that fails verification', () => {
  let server: HttpsServer;
  let url: string;
  beforeAll(async () => {
    server = createHttpsServer({ key: fixture('server.key'), cert: fixture('server.crt') }, (_, res) => {
      res.writeHead(500).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `https://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('ends the watch at once with a final error saying what to check, instead of reconnecting', async () => {
    const statuses: WatchEventsStatus[] = [];

    // No certificate-authority: the fixture's CA signed the server's certificate, and nothing here trusts it.
    const err = await errorOf(
      firstValueFrom(watchEvents(kubeConfig(url), { api: 'v1', onStatus: (s) => statuses.push(s) }).pipe(toArray())),
    );

    expect(err).toMatchObject({ retryable: false, verb: 'list', api: 'v1' });
    expect(err.message).toMatch(/TLS certificate could not be verified \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\)/);
    expect(err.message).toContain('certificate-authority');
    expect(statuses.filter((s) => s.state === 'retrying')).toEqual([]);
  });
});
