/* eslint-disable @typescript-eslint/no-unsafe-class-instance-assignment -- client-node's generated models are plain
   data: its docs and its users pass object literals as request bodies, and these tests use it as users do. */
import { CoreV1Api } from '@kubernetes/client-node';
import { VirtualTimeScheduler } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { startFakeApiServer } from '../../src/testing/index.js';
import type { FakeApiServer } from '../../src/testing/index.js';
import { droppedConnectionCodes, fetchFailureCode } from '../sink/helpers/fetch-failure.js';
import { apiFailure, coreEvent, failureStatus, rejection, useFakeApiServer, waitFor } from './support.js';

const ctx = useFakeApiServer();

/** The outcome of one create, as a short string. */
async function outcome(name: string): Promise<string> {
  return ctx.core.createNamespacedEvent({ namespace: 'default', body: coreEvent(name) }).then(
    () => 'ok',
    (err: unknown) => {
      const code = fetchFailureCode(err);
      if (code === undefined) return String((err as { code: number }).code);
      return droppedConnectionCodes.includes(code) ? 'dropped' : `failed:${code}`;
    },
  );
}

describe('scripted faults', () => {
  it('applies a script to the next matching requests, in order, then lets requests through', async () => {
    ctx.server.faults.script([
      { status: 503 },
      { drop: true },
      { status: 429, retryAfterSeconds: 1 },
      {},
      { status: 500 },
    ]);
    expect(ctx.server.faults.pending).toBe(5);
    const results = [];
    for (let i = 0; i < 6; i++) results.push(await outcome(`e${i}`));
    expect(results).toEqual(['503', 'dropped', '429', 'ok', '500', 'ok']);
    expect(ctx.server.faults.pending).toBe(0);
    // only the requests that got through reached the store
    expect(ctx.server.events().map((e) => e.metadata.name)).toEqual(['e3', 'e5']);
    expect(ctx.server.faults.injected.map((f) => f.fault)).toEqual([
      { status: 503 },
      { drop: true },
      { status: 429, retryAfterSeconds: 1 },
      { status: 500 },
    ]);
    expect(ctx.server.requests().map((r) => r.status)).toEqual([503, undefined, 429, 201, 500, 201]);
  });

  it('sends proper Status bodies and Retry-After', async () => {
    ctx.server.faults.script([
      { status: 429, retryAfterSeconds: 3 },
      { status: 503 },
      { status: 500, reason: 'InternalError', message: 'etcdserver: request timed out' },
    ]);
    const throttled = await apiFailure(ctx.core.listNamespacedEvent({ namespace: 'default' }));
    expect(throttled.headers['retry-after']).toBe('3');
    expect(throttled.body).toEqual(
      failureStatus(429, 'TooManyRequests', 'Too many requests, please try again later.', { retryAfterSeconds: 3 }),
    );
    const unavailable = await apiFailure(ctx.core.listNamespacedEvent({ namespace: 'default' }));
    expect(unavailable.body).toMatchObject({ reason: 'ServiceUnavailable', code: 503 });
    expect(unavailable.headers['retry-after']).toBeUndefined();
    const custom = await apiFailure(ctx.core.listNamespacedEvent({ namespace: 'default' }));
    expect(custom.body).toMatchObject({ reason: 'InternalError', message: 'etcdserver: request timed out', code: 500 });
  });

  it('matches by method and path prefix', async () => {
    ctx.server.faults.script([{ status: 503 }, { status: 503 }], {
      method: 'PATCH',
      path: '/api/v1/namespaces/default/events',
    });
    expect(await outcome('a')).toBe('ok');
    const list = await ctx.core.listNamespacedEvent({ namespace: 'default' });
    expect(list.items).toHaveLength(1);
    const patch = await rejection(ctx.core.patchNamespacedEvent({ namespace: 'default', name: 'a', body: [] }));
    expect(patch).toMatchObject({ code: 503 });
    expect(ctx.server.faults.pending).toBe(1);
  });

  it('matches a RegExp path', async () => {
    ctx.server.faults.script([{ status: 500 }], { path: /\/events\/a$/ });
    expect(await outcome('a')).toBe('ok');
    expect((await apiFailure(ctx.core.readNamespacedEvent({ namespace: 'default', name: 'a' }))).code).toBe(500);
  });

  it('with after: performs the write, then answers with the fault instead', async () => {
    ctx.server.faults.script([
      { status: 500, after: true },
      { drop: true, after: true },
    ]);
    expect(await outcome('a')).toBe('500');
    expect(await outcome('b')).toBe('dropped');
    expect(ctx.server.events().map((e) => e.metadata.name)).toEqual(['a', 'b']);
    expect(await outcome('a')).toBe('409');
  });

  it('delays on the server scheduler', async () => {
    const scheduler = new VirtualTimeScheduler();
    const slow = await startFakeApiServer({ scheduler });
    try {
      slow.faults.script([{ delayMs: 5000 }, { delayMs: 1000, status: 503 }]);
      const api = slow.kubeConfig.makeApiClient(CoreV1Api);
      const first = api.createNamespacedEvent({ namespace: 'default', body: coreEvent('a') });
      const second = rejection(api.createNamespacedEvent({ namespace: 'default', body: coreEvent('b') }));
      // wait until both requests are held by the server, then release them in virtual time
      await waitFor(() => slow.faults.injected.length === 2);
      expect(slow.events()).toEqual([]);
      scheduler.flush();
      await expect(first).resolves.toMatchObject({ metadata: { name: 'a' } });
      await expect(second).resolves.toMatchObject({ code: 503 });
    } finally {
      await slow.close();
    }
  });

  it('cancels a pending delay on close()', async () => {
    const scheduler = new VirtualTimeScheduler();
    const slow = await startFakeApiServer({ scheduler });
    slow.faults.script([{ delayMs: 60_000 }]);
    const pending = rejection(
      slow.kubeConfig.makeApiClient(CoreV1Api).createNamespacedEvent({ namespace: 'default', body: coreEvent('a') }),
    );
    await waitFor(() => slow.faults.injected.length === 1);
    await slow.close();
    expect(droppedConnectionCodes).toContain(fetchFailureCode(await pending));
    expect(slow.events()).toEqual([]);
  });

  it.each([
    [{ status: 99 }],
    [{ status: 600 }],
    [{ delayMs: -1 }],
    [{ delayMs: 2 ** 31 }],
    [{ retryAfterSeconds: 1.5 }],
    [{ drop: true, status: 503 }],
  ])('refuses %j with a RangeError', (fault) => {
    expect(() => {
      ctx.server.faults.script([fault]);
    }).toThrow(RangeError);
  });
});

describe('faults by rate', () => {
  /** Which of `n` sequential creates failed, as a 0/1 string. */
  async function pattern(target: FakeApiServer, n: number): Promise<string> {
    const api = target.kubeConfig.makeApiClient(CoreV1Api);
    let bits = '';
    for (let i = 0; i < n; i++) {
      bits += await api.createNamespacedEvent({ namespace: 'default', body: coreEvent(`e${i}`) }).then(
        () => '0',
        () => '1',
      );
    }
    return bits;
  }

  it('is deterministic for a seed', async () => {
    const other = await startFakeApiServer();
    try {
      ctx.server.faults.rate(0.5, { status: 503 }, { seed: 42 });
      other.faults.rate(0.5, { status: 503 }, { seed: 42 });
      const a = await pattern(ctx.server, 40);
      const b = await pattern(other, 40);
      expect(a).toBe(b);
      expect(a).toContain('0');
      expect(a).toContain('1');
      expect(ctx.server.faults.injected).toHaveLength(a.replace(/0/g, '').length);
    } finally {
      await other.close();
    }
  });

  it('never fires at 0 and always fires at 1, only on matching requests, until clear()', async () => {
    ctx.server.faults.rate(0, { status: 500 });
    ctx.server.faults.rate(1, { status: 503 }, { match: { method: 'POST' } });
    expect(await pattern(ctx.server, 3)).toBe('111');
    expect((await ctx.core.listNamespacedEvent({ namespace: 'default' })).items).toEqual([]);
    ctx.server.faults.clear();
    expect(ctx.server.faults.injected).toEqual([]);
    expect(await pattern(ctx.server, 2)).toBe('00');
  });

  it('refuses a probability outside [0, 1] and a fractional seed', () => {
    expect(() => {
      ctx.server.faults.rate(1.5, { status: 500 });
    }).toThrow(RangeError);
    expect(() => {
      ctx.server.faults.rate(0.5, { status: 500 }, { seed: 0.5 });
    }).toThrow(RangeError);
  });

  it('lets a script take precedence when it was added first', async () => {
    ctx.server.faults.script([{ status: 429 }]);
    ctx.server.faults.rate(1, { status: 503 });
    expect(await outcome('a')).toBe('429');
    expect(await outcome('b')).toBe('503');
  });
});
