/**
 * Thrown by `EventsV1Broadcaster.startRecordingToSink()` when the broadcaster already records to a sink: its one
 * series cache feeds one writer (client-go's reverted fix: "broadcaster is already recording to a sink"). client-go
 * v0.36 accepts the second call and then counts every event twice.
 *
 * @example
 * ```ts
 * import { AlreadyRecordingError, EventsV1Broadcaster, EventsV1EventSink } from 'rx-kube-events';
 *
 * const broadcaster = new EventsV1Broadcaster();
 * broadcaster.startRecordingToSink(new EventsV1EventSink(kubeConfig));
 * try {
 *   broadcaster.startRecordingToSink(new EventsV1EventSink(kubeConfig));
 * } catch (error) {
 *   if (!(error instanceof AlreadyRecordingError)) throw error;
 * }
 * ```
 */
export class AlreadyRecordingError extends Error {
  override readonly name = 'AlreadyRecordingError';

  /** Says what happened and what to do instead. */
  constructor() {
    super(
      'broadcaster is already recording to a sink: an EventsV1Broadcaster writes to one sink, whose series cache ' +
        'counts each event once; use one broadcaster per sink (or watch() for another consumer)',
    );
  }
}
