import { humanDuration } from './human-duration.js';

/**
 * What {@link formatEventTable} reads of an event: a `CoreV1Event` (this package's or client-node's), or its JSON
 * form with times as strings, such as the rows of the fake API server's `events()` or a parsed `kubectl get events
 * -o json`.
 */
export interface EventTableRow {
  /** Not shown; here so that a whole event literal is accepted. */
  readonly metadata?: object | undefined;
  readonly involvedObject: { readonly kind?: string | undefined; readonly name?: string | undefined };
  readonly type?: string | undefined;
  readonly reason?: string | undefined;
  readonly message?: string | undefined;
  readonly count?: number | undefined;
  readonly series?: { readonly count?: number | undefined } | null | undefined;
  /** A `Date`, or its JSON form: RFC 3339, or `null` for Go's zero time (so for the other two times). */
  readonly lastTimestamp?: Date | string | null | undefined;
  readonly eventTime?: Date | string | null | undefined;
  readonly firstTimestamp?: Date | string | null | undefined;
}

function toDate(time: Date | string | null | undefined): Date | undefined {
  if (time === null || time === undefined || time instanceof Date) return time ?? undefined;
  const ms = Date.parse(time);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

const lastSeen = (e: EventTableRow | undefined): Date | undefined =>
  e === undefined ? undefined : (toDate(e.lastTimestamp) ?? toDate(e.eventTime) ?? toDate(e.firstTimestamp));

/** Options of {@link formatEventTable}. */
export interface FormatEventTableOptions {
  /**
   * The time ages are measured to.
   * @defaultValue the newest timestamp among the events, so the output does not depend on the wall clock
   */
  now?: Date | undefined;
  /**
   * Longest message shown; longer ones end in `…`.
   * @defaultValue 80
   */
  maxMessageLength?: number | undefined;
  /**
   * Start with the header line. Without it and with `minWidths`, rows printed one at a time (a live tail) line up.
   * @defaultValue true
   */
  header?: boolean | undefined;
  /** Narrowest width of each column but the last, in header order. @defaultValue the header's widths */
  minWidths?: readonly number[] | undefined;
}

const headers = ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'COUNT', 'MESSAGE'] as const;

/**
 * Renders events as a table like `kubectl get events`: last seen (as an age), type, reason, object (`kind/name`),
 * count and message, oldest first, columns padded to their widest cell.
 *
 * @param events - core/v1 events, e.g. from `listNamespacedEvent`, or their JSON form (see {@link EventTableRow})
 * @param options - see {@link FormatEventTableOptions}
 * @returns the table, one line per event after a header line (unless `header: false`), without a trailing newline
 * @example
 * ```ts
 * import { formatEventTable } from 'rx-kube-events';
 * console.log(formatEventTable((await core.listNamespacedEvent({ namespace: 'default' })).items));
 * ```
 */
export function formatEventTable(events: readonly EventTableRow[], options: FormatEventTableOptions = {}): string {
  const { maxMessageLength = 80, header = true, minWidths = [] } = options;
  const sorted = [...events].sort((a, b) => (lastSeen(a)?.getTime() ?? 0) - (lastSeen(b)?.getTime() ?? 0));
  const now = options.now ?? lastSeen(sorted[sorted.length - 1]) ?? new Date(0);
  const rows = sorted.map((e) => {
    const seen = lastSeen(e);
    const { kind = '', name = '' } = e.involvedObject;
    return [
      seen ? humanDuration(seen, now) : '<unknown>',
      e.type ?? '',
      e.reason ?? '',
      kind ? `${kind.toLowerCase()}/${name}` : name,
      String(e.count ?? e.series?.count ?? 1),
      ellipsis(e.message ?? '', maxMessageLength),
    ];
  });
  const widths = headers.map((h, i) => Math.max(h.length, minWidths[i] ?? 0, ...rows.map((r) => r[i]?.length ?? 0)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('   ')
      .trimEnd();
  return [...(header ? [line(headers)] : []), ...rows.map(line)].join('\n');
}

function ellipsis(text: string, max: number): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, Math.max(0, max - 1))}…`;
}
