import { ApiException, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { afterEach, beforeEach, expect } from 'vitest';
import { startFakeApiServer } from '../../src/testing/index.js';
import type { FakeApiServer } from '../../src/testing/index.js';

/** A failure `Status` body as the apiserver writes it (`reason` left out when empty, as Go omits it). */
export function failureStatus(
  code: number,
  reason: string,
  message: string,
  details?: object,
): Record<string, unknown> {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    ...(reason === '' ? {} : { reason }),
    ...(details === undefined ? {} : { details }),
    code,
  };
}

/** Sockets and listening servers of this process (what a leak would leave behind). */
export function tcpHandles(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap' || r === 'TCPServerWrap').length;
}

/**
 * Waits, turn by turn of the event loop, until `condition` holds: for outcomes that have no event to await, such as a
 * client socket finishing its close. Fails after `limitMs`.
 */
export async function waitFor(condition: () => boolean, limitMs = 5000): Promise<void> {
  const start = performance.now();
  while (!condition()) {
    if (performance.now() - start > limitMs) throw new Error(`condition not met within ${limitMs} ms`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Items pushed by a callback, with a promise for "at least n have arrived". */
export class Collector<T> {
  readonly items: T[] = [];
  private waiters: { n: number; resolve: () => void }[] = [];

  push = (item: T): void => {
    this.items.push(item);
    this.waiters = this.waiters.filter((w) => {
      if (this.items.length < w.n) return true;
      w.resolve();
      return false;
    });
  };

  until(n: number): Promise<T[]> {
    if (this.items.length >= n) return Promise.resolve(this.items);
    return new Promise((resolve) => {
      this.waiters.push({
        n,
        resolve: () => {
          resolve(this.items);
        },
      });
    });
  }
}

/** The rejection of `promise`, which must reject. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (err: unknown) => err,
  );
}

/** The rejection of `promise`, which must be an instance of `type`. */
export async function failureOf<T>(promise: Promise<unknown>, type: abstract new (...args: never[]) => T): Promise<T> {
  const err = await rejection(promise);
  expect(err).toBeInstanceOf(type);
  return err as T;
}

/** The HTTP status and parsed Status body of a client-node call that must fail with an `ApiException`. */
export async function apiFailure(
  promise: Promise<unknown>,
): Promise<{ code: number; body: unknown; headers: Record<string, string> }> {
  const e = (await failureOf(promise, ApiException)) as ApiException<string | undefined>;
  return { code: e.code, body: e.body === undefined ? undefined : JSON.parse(e.body), headers: e.headers };
}

/**
 * Asserts that a client-node call fails with HTTP `code` and a Status body that contains `body` (or equals it, with
 * `'exactly'`); returns the failure for further checks.
 */
export async function expectApiFailure(
  promise: Promise<unknown>,
  code: number,
  body?: object,
  match: 'contains' | 'exactly' = 'contains',
): Promise<{ code: number; body: unknown; headers: Record<string, string> }> {
  const failure = await apiFailure(promise);
  expect(failure.code).toBe(code);
  if (body !== undefined && match === 'exactly') expect(failure.body).toEqual(body);
  else if (body !== undefined) expect(failure.body).toMatchObject(body);
  return failure;
}

/** A core/v1 event body for client-node, with what tools/record sets. */
export function coreEvent(name: string, namespace = 'default', extra: Record<string, unknown> = {}) {
  return {
    metadata: { name, namespace },
    involvedObject: { kind: 'Pod', namespace, name: 'web-0', uid: 'u-1', apiVersion: 'v1' },
    reason: 'Started',
    message: 'Started container web',
    source: { component: 'kubelet', host: 'node-1' },
    firstTimestamp: new Date('2024-05-01T10:00:00.250Z'),
    lastTimestamp: new Date('2024-05-01T10:00:00.250Z'),
    count: 1,
    type: 'Normal',
    ...extra,
  };
}

/** Starts a fake API server before each test and closes it after; read `ctx.server` and `ctx.core` in the tests. */
export function useFakeApiServer(): { readonly server: FakeApiServer; readonly core: CoreV1Api } {
  let current: { server: FakeApiServer; core: CoreV1Api } | undefined;
  beforeEach(async () => {
    const server = await startFakeApiServer();
    current = { server, core: server.kubeConfig.makeApiClient(CoreV1Api) };
  });
  afterEach(async () => {
    await current?.server.close();
    current = undefined;
  });
  const get = () => {
    if (current === undefined) throw new Error('useFakeApiServer: only available inside a test');
    return current;
  };
  return {
    get server() {
      return get().server;
    },
    get core() {
      return get().core;
    },
  };
}

/** A KubeConfig for `url`, with `token` as its user's bearer token. */
export function kubeConfigFor(url: string, token?: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    // client-node refuses plain http unless TLS verification is off; https is verified.
    clusters: [{ name: 'c', server: url, skipTLSVerify: url.startsWith('http:') }],
    users: [token === undefined ? { name: 'u' } : { name: 'u', token }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  return kc;
}

/** `value` typed as whatever a call wants: a JavaScript-style call that the types would refuse. */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- a cast for JavaScript-style calls
export const bad = <T>(value: unknown): T => value as T;
