/** events.k8s.io/v1 recording (client-go's `tools/events`). */
export type { EventsV1Object, EventsV1Recorder } from './types.js';
export { eventsV1RecorderFor } from './events-v1-recorder-for.js';
export type { EventsV1RecorderForOptions } from './events-v1-recorder-for.js';
