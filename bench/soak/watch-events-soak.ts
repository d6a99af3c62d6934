import { VirtualAction, VirtualTimeScheduler } from 'rxjs';
import { watchEvents } from '../../src/cluster/index.js';
import type { WatchEventsStatus } from '../../src/cluster/index.js';
import { startFakeApiServer } from '../../src/testing/index.js';
import { collectGarbage } from '../harness.js';

/** The size of a soak. */
export interface SoakOptions {
  /** Events created, each deleted again once `window` newer ones exist. */
  readonly events: number;
  /** Forced disconnects (the watch socket destroyed, changes made while away, resumed from its resourceVersion). */
  readonly disconnects: number;
  /** Forced `410 Gone` (disconnected, changes made, history compacted: the client must relist). */
  readonly gones: number;
  /** Live events at any time. @defaultValue 1000 */
  readonly window?: number;
  /** Events per round. @defaultValue 500 */
  readonly batch?: number;
  /** Requests in flight at once. @defaultValue 16 */
  readonly concurrency?: number;
}

/** What the subscriber saw. */
export interface SoakResult {
  readonly created: number;
  readonly deleted: number;
  /** Names whose `ADDED` was seen other than exactly once. */
  readonly addedNotOnce: number;
  /** Deleted names whose `DELETED` was seen other than exactly once, plus `DELETED`s of names never deleted. */
  readonly deletedNotOnce: number;
  readonly modified: number;
  /** Forced disconnects resumed from a resourceVersion. */
  readonly disconnects: number;
  /** Lists after the first one (each after a 410). */
  readonly relists: number;
  /** Heap used after a full GC, sampled after each tenth of the rounds (empty without `--expose-gc`). */
  readonly heapSamples: readonly number[];
}

async function waitUntil(condition: () => boolean, what: string, limitMs = 60_000): Promise<void> {
  const start = performance.now();
  while (!condition()) {
    if (performance.now() - start > limitMs) throw new Error(`soak: ${what} did not happen within ${limitMs} ms`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Runs `tasks` with at most `limit` in flight. */
async function pool(tasks: readonly (() => Promise<void>)[], limit: number): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) await tasks[next++]?.();
  };
  await Promise.all(Array.from({ length: limit }, worker));
}

/**
 * The soak of issue #16: `events` Events through `watchEvents` over the fake API server, with forced disconnects and
 * `410 Gone`s spread over the run, counting what the subscriber saw per name. The client's backoff runs on a virtual
 * clock, so each outage lasts exactly as long as the soak needs to make changes behind the client's back.
 */
export async function runWatchEventsSoak(options: SoakOptions): Promise<SoakResult> {
  const { events, disconnects, gones, window = 1000, batch = 500, concurrency = 16 } = options;
  const server = await startFakeApiServer({ historyLimit: 4 * (window + batch), requestLogLimit: 100 });
  const base = `${server.url}/api/v1/namespaces/soak/events`;
  const clock = new VirtualTimeScheduler(VirtualAction, 10_000);
  // Per event number, how often it was seen added and deleted: flat arrays, so the bookkeeping itself does not grow
  // the heap the soak watches.
  const added = new Uint8Array(events);
  const removed = new Uint8Array(events);
  let modified = 0;
  let seenAdded = 0;
  let seenRemoved = 0;
  const statuses: WatchEventsStatus[] = [];
  /** During an outage the client's retries wait, so changes happen behind its back. */
  let holding = false;
  const subscription = watchEvents(server.kubeConfig, {
    api: 'v1',
    namespace: 'soak',
    scheduler: clock,
    backoff: { initialDelayMs: 1, maxDelayMs: 1, jitter: 0 },
    onStatus: (status) => {
      if (status.state !== 'bookmark') statuses.push(status);
      // Outside an outage every retry goes ahead at once (the backoff timer exists once this callback returns).
      if (status.state === 'retrying' && !holding) {
        setImmediate(() => {
          clock.flush();
        });
      }
    },
  }).subscribe(({ type, object }) => {
    const index = Number((object.metadata.name ?? '').slice(2));
    if (type === 'ADDED') {
      added[index]! += 1;
      seenAdded++;
    } else if (type === 'DELETED') {
      removed[index]! += 1;
      seenRemoved++;
    } else {
      modified++;
    }
  });
  const count = (state: WatchEventsStatus['state']) => statuses.filter((s) => s.state === state).length;

  const name = (i: number) => `e-${String(i).padStart(7, '0')}`;
  const create = (i: number) => async () => {
    const body = {
      metadata: { name: name(i), namespace: 'soak' },
      involvedObject: { kind: 'Pod', namespace: 'soak', name: `pod-${i % 97}` },
      reason: 'Soak',
      message: `event ${i}`,
      type: 'Normal',
      source: { component: 'soak' },
      count: 1,
    };
    const res = await fetch(base, {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    });
    await res.arrayBuffer();
    if (res.status !== 201) throw new Error(`soak: create ${name(i)} answered ${res.status}`);
  };
  const remove = (i: number) => async () => {
    const res = await fetch(`${base}/${name(i)}`, { method: 'DELETE' });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`soak: delete ${name(i)} answered ${res.status}`);
  };

  const rounds = Math.ceil(events / batch);
  const outageEvery = Math.max(1, Math.floor(rounds / (disconnects + gones + 1)));
  const heapSamples: number[] = [];
  let created = 0;
  let deleted = 0;
  let outages = 0;
  let forcedGones = 0;
  try {
    await waitUntil(() => count('watching') === 1, 'the first watch');
    for (let round = 0; round < rounds; round++) {
      const outage = round > 0 && round % outageEvery === 0 && outages < disconnects + gones ? ++outages : 0;
      // The two 410s fall in the middle and near the end; the other outages are plain disconnects.
      const gone = outage > 0 && (outage === Math.ceil((disconnects + gones) / 2) || outage === disconnects + gones);
      if (gone) forcedGones++;
      if (outage > 0) {
        // client-node may see a destroyed socket as a clean end and re-watch at once: the scripted 503 then holds
        // it in backoff (on the virtual clock) either way, so the changes below happen while it is away.
        server.faults.script([{ status: 503 }], { method: 'GET', path: base.slice(server.url.length) });
        const retriesBefore = count('retrying');
        holding = true;
        server.dropWatches();
        await waitUntil(() => count('retrying') > retriesBefore, 'noticing the drop');
      }
      const from = created;
      const to = Math.min(events, created + batch);
      const tasks: (() => Promise<void>)[] = [];
      for (let i = from; i < to; i++) {
        tasks.push(create(i));
        if (i - window >= 0) tasks.push(remove(i - window));
      }
      await pool(tasks, concurrency);
      deleted += Math.max(0, to - window) - Math.max(0, from - window);
      created = to;
      if (outage > 0) {
        if (gone) server.compact();
        holding = false;
        clock.flush();
      }
      await waitUntil(() => seenAdded >= created && seenRemoved >= deleted, `round ${round} to be seen`);
      if ((round + 1) % Math.max(1, Math.floor(rounds / 10)) === 0 && globalThis.gc !== undefined) {
        collectGarbage();
        heapSamples.push(process.memoryUsage().heapUsed);
      }
    }
  } finally {
    subscription.unsubscribe();
    await server.close();
  }
  let addedNotOnce = 0;
  for (let i = 0; i < created; i++) if (added[i] !== 1) addedNotOnce++;
  let deletedNotOnce = 0;
  for (let i = 0; i < created; i++) {
    const times = removed[i] ?? 0;
    if (times !== (i < deleted ? 1 : 0)) deletedNotOnce++;
  }
  return {
    created,
    deleted,
    addedNotOnce,
    deletedNotOnce,
    modified,
    disconnects: outages - forcedGones,
    relists: count('listed') - 1,
    heapSamples,
  };
}
