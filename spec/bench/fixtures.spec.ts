import { describe, expect, it } from 'vitest';
import type { FakeRequestRecord } from 'rx-kube-events/testing';
import { LatencySink, everyCountIs, podEvent, pods, pool } from '../../bench/fixtures.js';
import { writesInOrder } from '../../bench/workloads/w5-http.js';

// The correctness facts of W5 rest on these checks: each must be able to say no.

const event = podEvent('pod-0', 'Sync', 'synced 0', 0);
const name = event.metadata.name ?? '';
const patchOf = (count: number): string => JSON.stringify({ count, lastTimestamp: null, message: 'synced 0' });

describe('LatencySink', () => {
  it('applies a create then rising patches in order, with a new resourceVersion each time', async () => {
    const sink = new LatencySink(0);
    const created = await sink.create(event);
    const patched = await sink.patch(event, patchOf(3));
    expect([created.metadata.resourceVersion, patched.metadata.resourceVersion]).toEqual(['1', '2']);
    expect(sink.events.get(name)?.count).toBe(3);
    expect([sink.writes, sink.outOfOrder]).toEqual([2, 0]);
  });

  it('counts a patch before the create as out of order, and rejects it as NotFound', async () => {
    const sink = new LatencySink(0);
    await expect(sink.patch(event, patchOf(2))).rejects.toMatchObject({ status: 404, reason: 'NotFound' });
    expect([sink.writes, sink.outOfOrder]).toEqual([0, 1]);
  });

  it('counts a second create, a count that does not rise, and two calls at once for one event', async () => {
    const sink = new LatencySink(1);
    await sink.create(event);
    await sink.create(event);
    await sink.patch(event, patchOf(1));
    await Promise.all([sink.patch(event, patchOf(5)), sink.patch(event, patchOf(6))]);
    expect(sink.outOfOrder).toBe(3);
  });
});

describe('everyCountIs', () => {
  const objects = pods(2);
  const at = (pod: string, count: number): { involvedObject: { name: string }; count: number } => ({
    involvedObject: { name: pod },
    count,
  });

  it('holds when each object has exactly one event at the count', () => {
    expect(everyCountIs([at('pod-0', 10), at('pod-1', 10)], objects, 10)).toBe(true);
  });

  it.each([
    ['a count short', [at('pod-0', 10), at('pod-1', 9)]],
    ['an object missing', [at('pod-0', 10)]],
    ['two events for one object', [at('pod-0', 10), at('pod-1', 10), at('pod-1', 10)]],
    ['an unknown object', [at('pod-0', 10), at('pod-1', 10), at('pod-9', 10)]],
    ['nothing', []],
  ])('fails with %s', (_, events) => {
    expect(everyCountIs(events, objects, 10)).toBe(false);
  });
});

describe('writesInOrder', () => {
  const request = (method: 'POST' | 'PATCH', count: number, status: number): FakeRequestRecord => ({
    method,
    path: method === 'POST' ? '/api/v1/namespaces/ns/events' : `/api/v1/namespaces/ns/events/${name}`,
    query: '',
    contentType: 'application/json',
    body: method === 'POST' ? JSON.stringify({ ...event, count }) : patchOf(count),
    status,
    fault: undefined,
  });

  it('holds for a create followed by rising patches, and for no writes', () => {
    expect(writesInOrder([request('POST', 1, 201), request('PATCH', 4, 200), request('PATCH', 10, 200)])).toBe(true);
    expect(writesInOrder([])).toBe(true);
  });

  it.each([
    ['a patch before its create', [request('PATCH', 2, 200), request('POST', 1, 201)]],
    ['a count that does not rise', [request('POST', 5, 201), request('PATCH', 5, 200)]],
    ['a second create', [request('POST', 1, 201), request('POST', 2, 201)]],
    ['a failed write', [request('POST', 1, 201), request('PATCH', 2, 500)]],
  ])('fails with %s', (_, requests) => {
    expect(writesInOrder(requests)).toBe(false);
  });
});

describe('pool', () => {
  it('keeps at most `concurrency` tasks in flight and runs every task once', async () => {
    let inFlight = 0;
    let most = 0;
    const done: number[] = [];
    const tasks = Array.from({ length: 10 }, (_, i) => async () => {
      most = Math.max(most, ++inFlight);
      await Promise.resolve();
      inFlight--;
      done.push(i);
    });
    await pool(3, tasks);
    expect(most).toBe(3);
    expect(done.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('resolves at once with no tasks', async () => {
    await expect(pool(4, [])).resolves.toBeUndefined();
  });
});
