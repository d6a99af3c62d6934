// Correlator and operators
export { EventCorrelator } from './event-correlator.js';
export { correlate } from './correlate.js';
export { aggregate } from './aggregate.js';
export { dedupe } from './dedupe.js';
export { spamFilter } from './spam-filter.js';

// Stages
export { EventAggregator } from './event-aggregator.js';
export { EventDedupLog } from './event-dedup-log.js';
export { EventSourceObjectSpamFilter } from './event-source-object-spam-filter.js';

// Keys, messages and defaults
export { getEventKey } from './get-event-key.js';
export { getSpamKey } from './get-spam-key.js';
export { eventAggregatorByReasonFunc } from './event-aggregator-by-reason-func.js';
export { eventAggregatorByReasonMessageFunc } from './event-aggregator-by-reason-message-func.js';
export {
  maxLruCacheEntries,
  defaultAggregateMaxEvents,
  defaultAggregateIntervalInSeconds,
  defaultSpamBurst,
  defaultSpamQPS,
} from './constants.js';

// Contracts
export type {
  AggregateResult,
  CorrelateResult,
  CorrelatorOptions,
  CorrelatorStats,
  EventAggregatorKeyFunc,
  EventAggregatorMessageFunc,
  EventAggregatorOptions,
  EventDedupLogOptions,
  EventSourceObjectSpamFilterOptions,
  EventSpamKeyFunc,
} from './types.js';
