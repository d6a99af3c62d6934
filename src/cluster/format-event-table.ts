import type { CoreV1Event } from '../meta/types.js';
import { humanDuration } from './human-duration.js';

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
 * @param events - core/v1 events, e.g. from `listNamespacedEvent`
 * @param options - see {@link FormatEventTableOptions}
 * @returns the table, one line per event after a header line (unless `header: false`), without a trailing newline
 * @example
 * ```ts
 * import { formatEventTable } from 'rx-kube-events';
 * console.log(formatEventTable((await core.listNamespacedEvent({ namespace: 'default' })).items));
 * ```
 */
export function formatEventTable(events: readonly CoreV1Event[], options: FormatEventTableOptions = {}): string {
  const { maxMessageLength = 80, header = true, minWidths = [] } = options;
  const lastSeen = (e: CoreV1Event): Date | undefined => e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp;
  const sorted = [...events].sort((a, b) => (lastSeen(a)?.getTime() ?? 0) - (lastSeen(b)?.getTime() ?? 0));
  const now = options.now ?? lastSeen(sorted[sorted.length - 1] ?? { metadata: {}, involvedObject: {} }) ?? new Date(0);
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
