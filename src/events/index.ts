/** events.k8s.io/v1 recording (client-go's `tools/events`). */
export type { EventsV1Object, EventsV1Recorder } from './types.js';
