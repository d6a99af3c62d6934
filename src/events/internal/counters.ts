import type { EventsV1BroadcasterStats } from '../types.js';

/** What the recorders count themselves; the rest of the stats comes from the hub and its Broadcaster. */
export type RecorderCounters = {
  -readonly [
    K in keyof Pick<EventsV1BroadcasterStats, 'invalid' | 'failed' | 'truncated' | 'formatFailed' | 'relatedDropped'>
  ]: number;
};
