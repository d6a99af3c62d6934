import { asyncScheduler } from 'rxjs';
import type { Observable } from 'rxjs';
import { checkTimeOption, maxTimerMs } from '../../meta/internal/time-option.js';
import type { ClusterWatchEvent, WatchEventsOptions } from '../types.js';
import { checkSelection } from './check-selection.js';
import type { EventClient } from './event-client.js';
import { stallGraceMs, watchLoop } from './watch-loop.js';

/** The longest `timeoutSeconds` whose stall timer Node can keep (a longer timer fires after 1 ms). */
const maxTimeoutSeconds = Math.floor((maxTimerMs - stallGraceMs) / 1000);

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
  if (!(Number.isInteger(timeoutSeconds) && timeoutSeconds >= 1 && timeoutSeconds <= maxTimeoutSeconds)) {
    throw new RangeError(`timeoutSeconds must be a whole number from 1 to ${maxTimeoutSeconds}, got ${timeoutSeconds}`);
  }
  if (!(jitter >= 0 && jitter <= 1)) throw new RangeError(`backoff.jitter must be between 0 and 1, got ${jitter}`);
  return watchLoop(client, {
    api,
    query: { namespace, fieldSelector, labelSelector, timeoutSeconds },
    emitInitial: initialEvents === 'emit',
    initialDelayMs: checkTimeOption('backoff.initialDelayMs', initialDelayMs, 'refuse'),
    maxDelayMs: checkTimeOption('backoff.maxDelayMs', maxDelayMs, 'refuse'),
    jitter,
    onStatus,
    scheduler,
  });
}
