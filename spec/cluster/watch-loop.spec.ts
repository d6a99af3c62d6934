import { TestScheduler } from 'rxjs/testing';
import type { Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { ClusterEvent, WatchEventsOptions, WatchEventsStatus } from '../../src/cluster/index.js';
import type { EventClient, EventList, WatchNotification } from '../../src/cluster/internal/event-client.js';
import { watchEventsWith } from '../../src/cluster/internal/watch-events-with.js';

const newScheduler = () =>
  new TestScheduler((actual, expected) => {
    expect(actual).toEqual(expected);
  });

const event = (name: string, resourceVersion: string, extra: object = {}): ClusterEvent => ({
  apiVersion: 'v1',
  kind: 'Event',
  metadata: { name, namespace: 'default', uid: `uid-${name}`, resourceVersion },
  involvedObject: { kind: 'Pod', name: 'web-0' },
  ...extra,
});
const unavailable = Object.assign(new Error('Service Unavailable'), { statusCode: 503 });
const open: WatchNotification = { kind: 'open' };
const change = (type: string, object: unknown): WatchNotification => ({ kind: 'event', type, object });

/** A client whose lists and watches are the given observables, in order; it records when each was asked for. */
function scripted(scheduler: TestScheduler, lists: Observable<EventList>[], watches: Observable<WatchNotification>[]) {
  const calls: string[] = [];
  const client: EventClient = {
    discover: () => {
      throw new Error('not used: the api is given');
    },
    list: () => {
      calls.push(`list@${scheduler.now()}`);
      return lists.shift()!;
    },
    watch: (_api, _query, resourceVersion) => {
      calls.push(`watch(${resourceVersion})@${scheduler.now()}`);
      return watches.shift()!;
    },
  };
  return { client, calls };
}

function options(scheduler: TestScheduler, statuses: WatchEventsStatus[], extra: WatchEventsOptions = {}) {
  return {
    api: 'v1' as const,
    backoff: { initialDelayMs: 100, maxDelayMs: 400, jitter: 0 },
    timeoutSeconds: 1,
    scheduler,
    onStatus: (s: WatchEventsStatus) => statuses.push(s),
    ...extra,
  };
}

describe('the watch loop in virtual time', () => {
  it('backs off 100, 200 ms between failed lists, then lists, watches, and resumes after a clean end', () => {
    const scheduler = newScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const a = event('a', '5');
      const b = event('b', '6');
      const { client, calls } = scripted(
        scheduler,
        [
          cold('#', {}, unavailable),
          cold('#', {}, unavailable),
          cold('(l|)', { l: { items: [a], resourceVersion: '5' } }),
        ],
        [cold('o 9ms b 1s |', { o: open, b: change('ADDED', b) }), cold('o', { o: open })],
      );
      const statuses: WatchEventsStatus[] = [];
      const result = watchEventsWith(client, options(scheduler, statuses, { initialEvents: 'emit' }));
      expectObservable(result, '^ 5s !').toBe('300ms a 9ms b', {
        a: { type: 'ADDED', object: a },
        b: { type: 'ADDED', object: b },
      });
      scheduler.flush();
      expect(calls).toEqual(['list@0', 'list@100', 'list@300', 'watch(5)@300', 'watch(6)@1311']);
      expect(statuses.filter((s) => s.state === 'retrying').map((s) => s.delayMs)).toEqual([100, 200]);
    });
  });

  it('caps the backoff, and counts a watch that ends at once with nothing as a failure', () => {
    const scheduler = newScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const ends = () => cold('(o|)', { o: open });
      const { client, calls } = scripted(
        scheduler,
        [cold('(l|)', { l: { items: [], resourceVersion: '1' } })],
        [ends(), ends(), ends(), ends(), cold('o', { o: open })],
      );
      expectObservable(watchEventsWith(client, options(scheduler, [])), '^ 2s !').toBe('');
      scheduler.flush();
      expect(calls).toEqual(['list@0', 'watch(1)@0', 'watch(1)@100', 'watch(1)@300', 'watch(1)@700', 'watch(1)@1100']);
    });
  });

  it('ends a silent watch 30 s past its timeoutSeconds and resumes it at once', () => {
    const scheduler = newScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const { client, calls } = scripted(
        scheduler,
        [cold('(l|)', { l: { items: [], resourceVersion: '1' } })],
        [cold('o', { o: open }), cold('o', { o: open })],
      );
      expectObservable(watchEventsWith(client, options(scheduler, [])), '^ 40s !').toBe('');
      scheduler.flush();
      expect(calls).toEqual(['list@0', 'watch(1)@0', 'watch(1)@31000']);
    });
  });

  it('relists after a 410 ERROR event and emits only the differences; a BOOKMARK moves the resume point', () => {
    const scheduler = newScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const keep = event('keep', '2');
      const change1 = event('change', '3');
      const changed = event('change', '9');
      const gone = event('gone', '4');
      const fresh = event('fresh', '8');
      const { client, calls } = scripted(
        scheduler,
        [
          cold('(l|)', { l: { items: [keep, change1, gone], resourceVersion: '4' } }),
          cold('(l|)', { l: { items: [keep, changed, fresh], resourceVersion: '10' } }),
        ],
        [
          cold('o k 5s #', { o: open, k: change('BOOKMARK', { metadata: { resourceVersion: '7' } }) }, unavailable),
          cold('o e', { o: open, e: change('ERROR', { kind: 'Status', code: 410, reason: 'Expired' }) }),
          cold('o', { o: open }),
        ],
      );
      const statuses: WatchEventsStatus[] = [];
      expectObservable(watchEventsWith(client, options(scheduler, statuses)), '^ 10s !').toBe('5303ms (cfg)', {
        c: { type: 'MODIFIED', object: changed },
        f: { type: 'ADDED', object: fresh },
        g: { type: 'DELETED', object: gone },
      });
      scheduler.flush();
      expect(calls).toEqual(['list@0', 'watch(4)@0', 'watch(7)@5102', 'list@5303', 'watch(10)@5303']);
      expect(statuses.filter((s) => s.state === 'retrying')).toMatchObject([
        { relist: false, delayMs: 100, error: { code: 503 } },
        { relist: true, delayMs: 200, error: { code: 410 } },
      ]);
    });
  });

  it('ends with the typed error, without retrying, on a 403 watch', () => {
    const scheduler = newScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const forbidden = Object.assign(new Error('Forbidden'), { statusCode: 403 });
      const { client } = scripted(
        scheduler,
        [cold('(l|)', { l: { items: [], resourceVersion: '1' } })],
        [cold('-#', {}, forbidden)],
      );
      expectObservable(watchEventsWith(client, options(scheduler, []))).toBe(
        '-#',
        undefined,
        expect.objectContaining({
          name: 'WatchEventsError',
          code: 403,
          reason: 'Forbidden',
          verb: 'watch',
          retryable: false,
        }),
      );
    });
  });

  it('unsubscribes from the watch when the subscriber leaves', () => {
    const scheduler = newScheduler();
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const watch = cold<WatchNotification>('o', { o: open });
      const { client } = scripted(scheduler, [cold('(l|)', { l: { items: [], resourceVersion: '1' } })], [watch]);
      expectObservable(watchEventsWith(client, options(scheduler, [])), '^ 3ms !').toBe('');
      expectSubscriptions(watch.subscriptions).toBe('^ 3ms !');
    });
  });

  it('ends with an error when the onStatus callback throws', () => {
    const scheduler = newScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const { client } = scripted(scheduler, [cold('(l|)', { l: { items: [], resourceVersion: '1' } })], [cold('o')]);
      const boom = new Error('boom');
      const result = watchEventsWith(client, {
        ...options(scheduler, []),
        onStatus: () => {
          throw boom;
        },
      });
      expectObservable(result).toBe('#', undefined, expect.objectContaining({ name: 'WatchEventsError', cause: boom }));
    });
  });
});
