// Presentation
export { formatEventTable } from './format-event-table.js';
export type { FormatEventTableOptions } from './format-event-table.js';
export { humanDuration } from './human-duration.js';
