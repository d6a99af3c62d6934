import { describeType } from './describe-type.js';

/** The options every recording broadcaster takes that the types do not check for JavaScript callers. */
interface RecordingOptions {
  readonly scheduler?: unknown;
  readonly signal?: unknown;
  readonly logger?: unknown;
}

/**
 * Checks a recording broadcaster's `scheduler` (an RxJS `SchedulerLike`), `signal` (an `AbortSignal`) and `logger`
 * (pino-like `info`, `warn`, `error`), naming `owner` in the message.
 *
 * @throws TypeError for any of them that is given and is not what it should be
 */
export function checkRecordingOptions({ scheduler, signal, logger }: RecordingOptions, owner: string): void {
  const candidate = { scheduler, signal, logger } as {
    scheduler?: { now?: unknown; schedule?: unknown } | null;
    signal?: { aborted?: unknown; addEventListener?: unknown } | null;
    logger?: Partial<Record<'info' | 'warn' | 'error', unknown>> | null;
  };
  if (
    candidate.scheduler !== undefined &&
    (typeof candidate.scheduler?.now !== 'function' || typeof candidate.scheduler.schedule !== 'function')
  ) {
    throw new TypeError(
      `${owner}: scheduler must be an RxJS SchedulerLike with now() and schedule() (e.g. asyncScheduler, or a TestScheduler in tests), got ${describeType(scheduler)}`,
    );
  }
  if (
    candidate.signal !== undefined &&
    (typeof candidate.signal?.aborted !== 'boolean' || typeof candidate.signal.addEventListener !== 'function')
  ) {
    throw new TypeError(
      `${owner}: signal must be an AbortSignal (an AbortController's signal, or AbortSignal.timeout()), got ${describeType(signal)}`,
    );
  }
  if (candidate.logger !== undefined) {
    const missing = (['info', 'warn', 'error'] as const).filter(
      (level) => typeof candidate.logger?.[level] !== 'function',
    );
    if (missing.length > 0) {
      throw new TypeError(
        `${owner}: logger must have info(), warn() and error() taking (fields, message), as pino's do; got ${describeType(logger)} without ${missing.map((m) => `${m}()`).join(', ')}`,
      );
    }
  }
}
