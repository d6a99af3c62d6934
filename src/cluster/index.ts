// Presentation
export { formatEventTable } from './format-event-table.js';
export type { EventTableRow, FormatEventTableOptions } from './format-event-table.js';
export { humanDuration } from './human-duration.js';
