/** The {@link Broadcaster} operation that was refused. */
export type BroadcasterOperation = 'watch' | 'watchWithPrefix' | 'action';

/**
 * Thrown by `watch()` and `watchWithPrefix()`, and the rejection of `action()`, once `shutdown()` has been called
 * on the broadcaster (client-go's "broadcaster already stopped").
 *
 * `actionOrDrop()` does not use it: it returns `false` and counts the action in `stats.droppedStopped`.
 *
 * @example
 * ```ts
 * import { Broadcaster, BroadcasterStoppedError } from 'rx-kube-events';
 *
 * const broadcaster = new Broadcaster<string>();
 * await broadcaster.shutdown();
 * try {
 *   broadcaster.watch();
 * } catch (error) {
 *   if (!(error instanceof BroadcasterStoppedError)) throw error;
 *   // error.operation === 'watch'
 * }
 * ```
 */
export class BroadcasterStoppedError extends Error {
  override readonly name = 'BroadcasterStoppedError';
  /** What was called after shutdown. */
  readonly operation: BroadcasterOperation;

  /**
   * @param operation - the refused operation, named in the message.
   */
  constructor(operation: BroadcasterOperation) {
    super(`broadcaster already stopped: ${operation}() was called after shutdown()`);
    this.operation = operation;
  }
}
