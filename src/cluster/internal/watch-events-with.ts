import { asyncScheduler } from 'rxjs';
import type { Observable } from 'rxjs';
import type { ClusterWatchEvent, WatchEventsOptions } from '../types.js';
import { checkSelection } from './check-selection.js';
import type { EventClient } from './event-client.js';
import { watchLoop } from './watch-loop.js';

function checkDelay(name: string, value: number): number {
  if (!(Number.isFinite(value) && value >= 0))
    throw new RangeError(`${name} must be a finite number ≥ 0, got ${value}`);
  return value;
}

/** `watchEvents` over any {@link EventClient}: checks the options at the call and resolves their defaults. */
export function watchEventsWith(client: EventClient, options: WatchEventsOptions): Observable<ClusterWatchEvent> {
  const {
    api,
    namespace,
    fieldSelector,
    labelSelector,
    initialEvents = 'skip',
    timeoutSeconds = 300,
    backoff = {},
    onStatus,
    scheduler = asyncScheduler,
  } = options;
  const { initialDelayMs = 800, maxDelayMs = 30_000, jitter = 0.5 } = backoff;
  checkSelection(api, namespace);
  if (!(['skip', 'emit'] as unknown[]).includes(initialEvents)) {
    throw new TypeError(`initialEvents must be 'skip' or 'emit', got ${JSON.stringify(initialEvents)}`);
  }
  if (!(Number.isInteger(timeoutSeconds) && timeoutSeconds >= 1)) {
    throw new RangeError(`timeoutSeconds must be a whole number ≥ 1, got ${timeoutSeconds}`);
  }
  if (!(jitter >= 0 && jitter <= 1)) throw new RangeError(`backoff.jitter must be between 0 and 1, got ${jitter}`);
  return watchLoop(client, {
    api,
    query: { namespace, fieldSelector, labelSelector, timeoutSeconds },
    emitInitial: initialEvents === 'emit',
    initialDelayMs: checkDelay('backoff.initialDelayMs', initialDelayMs),
    maxDelayMs: checkDelay('backoff.maxDelayMs', maxDelayMs),
    jitter,
    onStatus,
    scheduler,
  });
}
