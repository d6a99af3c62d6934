import type { SchedulerLike } from 'rxjs';

/** The abort signal of one request, and how to let go of what arms it. */
export interface RequestSignal {
  readonly signal: AbortSignal;
  /** Cancels the timeout and detaches from the caller's signal; call it when the request has ended. */
  release(): void;
}

/**
 * A signal for one request, aborted when the caller's `signal` aborts or `timeoutMs` pass on `scheduler` (never, for
 * 0). It follows the caller's signal through a listener that `release()` removes: a writer hands the same long-lived
 * signal to every call, which must not keep each request's signal reachable.
 */
export function requestSignal(
  signal: AbortSignal | undefined,
  timeoutMs: number,
  scheduler: SchedulerLike,
): RequestSignal {
  const controller = new AbortController();
  const onAbort = (): void => {
    controller.abort();
  };
  if (signal?.aborted === true) onAbort();
  else signal?.addEventListener('abort', onAbort, { once: true });
  const timeout = timeoutMs > 0 ? scheduler.schedule(onAbort, timeoutMs) : undefined;
  return {
    signal: controller.signal,
    release: () => {
      timeout?.unsubscribe();
      signal?.removeEventListener('abort', onAbort);
    },
  };
}
