import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { parseArgs } from 'node:util';
import { KubeConfig } from '@kubernetes/client-node';
import type { Duration } from 'date-fns';
import { filter, from, mergeMap, toArray } from 'rxjs';
import type { Observable } from 'rxjs';
import { formatEventTable } from '../cluster/format-event-table.js';
import { involving } from '../cluster/involving.js';
import { listEvents } from '../cluster/list-events.js';
import { ofType } from '../cluster/of-type.js';
import { since } from '../cluster/since.js';
import type { EventFilter } from '../cluster/event-filter.js';
import type { ClusterWatchEvent, EventOrChange, WatchEventsStatus } from '../cluster/types.js';
import { watchEvents } from '../cluster/watch-events.js';
import { WatchEventsError } from '../cluster/watch-events-error.js';
import { withReason } from '../cluster/with-reason.js';
import type { CoreV1Event, EventType } from '../meta/types.js';

export const tailUsage = `Usage: kube-events tail [options]

Prints the cluster's Events (core/v1) like kubectl: LAST SEEN, TYPE, REASON, OBJECT, COUNT, MESSAGE. Reads the
cluster of $KUBECONFIG (or ~/.kube/config).

Options:
  -n, --namespace <ns>   the namespace (default: the kubeconfig context's, else default)
  -A, --all-namespaces   every namespace
      --type <type>      Normal or Warning
      --reason <reason>  only this reason (repeat for more)
      --for <kind/name>  only Events about this object, e.g. pod/web-0
      --since <age>      only Events last seen within this age: 30s, 10m, 2h, 1d, 1h30m
  -o, --output <format>  table (default) or json (one Event per line)
  -w, --watch            keep printing changes until Ctrl-C
  -h, --help             show this help`;

/** Where `tail` reads and writes: the process, or a test's stand-in. */
export interface TailIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly env: NodeJS.ProcessEnv;
  /** Colour only when stdout is a terminal (and `NO_COLOR` is not set). */
  readonly isTTY: boolean;
  /** Aborted by Ctrl-C: the command stops and exits 0. */
  readonly signal: AbortSignal;
}

class UsageError extends Error {}

const minWidths = [9, 7, 18, 28, 5];

/** `10m`, `1h30m`, `45s`, `2d` as a date-fns Duration. */
export function parseAge(text: string): Duration {
  const match = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text);
  if (text === '' || match === null)
    throw new UsageError(`--since: expected an age like 30s, 10m, 2h or 1h30m, got '${text}'`);
  const part = (i: number): number => Number(match[i] ?? 0);
  return { days: part(1), hours: part(2), minutes: part(3), seconds: part(4) };
}

function parseType(text: string): EventType {
  const type = { normal: 'Normal', warning: 'Warning' }[text.toLowerCase()];
  if (type === undefined) throw new UsageError(`--type: expected Normal or Warning, got '${text}'`);
  return type as EventType;
}

function parseFor(text: string, namespace: string | undefined) {
  const [kind, name, ...rest] = text.split('/');
  if (kind === undefined || kind === '' || name === undefined || name === '' || rest.length > 0) {
    throw new UsageError(`--for: expected kind/name, e.g. pod/web-0, got '${text}'`);
  }
  return involving({ kind, name, ...(namespace === undefined ? {} : { namespace }) });
}

/** True when colour may be used: a terminal, and no `NO_COLOR` (https://no-color.org: set and not empty). */
export function useColour(isTTY: boolean, env: NodeJS.ProcessEnv): boolean {
  return isTTY && (env['NO_COLOR'] ?? '') === '' && env['TERM'] !== 'dumb';
}

/** The kubeconfig to use, or a message saying why there is none. */
function loadKubeConfig(env: NodeJS.ProcessEnv): KubeConfig | string {
  const path = env['KUBECONFIG'] ?? '';
  const home = join(env['HOME'] ?? homedir(), '.kube', 'config');
  if (path === '' && !existsSync(home) && (env['KUBERNETES_SERVICE_HOST'] ?? '') === '') {
    return [
      `kube-events tail: no cluster to read: KUBECONFIG is not set and ${home} does not exist.`,
      'Point it at a cluster with a kubeconfig file, e.g.:',
      '  KUBECONFIG=$HOME/.kube/my-cluster.yaml kube-events tail -A',
      '(`kube-events demo` needs no cluster: it runs on an embedded fake API server.)',
    ].join('\n');
  }
  const kubeConfig = new KubeConfig();
  try {
    // As loadFromDefault does, but from the given environment: the first file wins, later ones are merged in.
    const files = path.split(delimiter).filter((f) => f !== '');
    if (files.length === 0) kubeConfig.loadFromDefault();
    for (const [i, file] of files.entries()) {
      if (i === 0) kubeConfig.loadFromFile(file);
      else {
        const more = new KubeConfig();
        more.loadFromFile(file);
        kubeConfig.mergeConfig(more);
      }
    }
  } catch (err) {
    const where = path === '' ? home : `KUBECONFIG=${path}`;
    return `kube-events tail: cannot read the kubeconfig (${where}): ${err instanceof Error ? err.message : String(err)}`;
  }
  if (kubeConfig.getCurrentCluster() === null) {
    return `kube-events tail: the kubeconfig has no current context with a cluster (current context: '${kubeConfig.getCurrentContext()}')`;
  }
  return kubeConfig;
}

/** A clear message for a failure retrying cannot fix. */
function explain(err: unknown, kubeConfig: KubeConfig): string {
  if (!(err instanceof WatchEventsError))
    return `kube-events tail: ${err instanceof Error ? err.message : String(err)}`;
  const context = kubeConfig.getCurrentContext();
  if (err.code === 401) {
    return `kube-events tail: the API server refused the credentials of context '${context}' (401 Unauthorized): check the user in your kubeconfig.`;
  }
  if (err.code === 403) {
    const scope = err.namespace === undefined ? 'in every namespace' : `in namespace '${err.namespace}'`;
    return `kube-events tail: not allowed (403 Forbidden): the user of context '${context}' needs RBAC permission to list and watch events ${scope}.\n${err.message}`;
  }
  return `kube-events tail: ${err.message}`;
}

/**
 * `kube-events tail`: parses its arguments, then lists (or, with `--watch`, lists and follows) the cluster's Events.
 *
 * @returns the exit code: 0 (done, or Ctrl-C), 1 (no cluster, or a failure), 2 (bad usage)
 */
export async function runTail(argv: readonly string[], io: TailIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        namespace: { type: 'string', short: 'n' },
        'all-namespaces': { type: 'boolean', short: 'A' },
        type: { type: 'string' },
        reason: { type: 'string', multiple: true },
        for: { type: 'string' },
        since: { type: 'string' },
        output: { type: 'string', short: 'o' },
        watch: { type: 'boolean', short: 'w' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    io.err(`kube-events tail: ${err instanceof Error ? err.message : String(err)}\n\n${tailUsage}`);
    return 2;
  }
  if (values.help === true) {
    io.out(tailUsage);
    return 0;
  }
  const loaded = loadKubeConfig(io.env);
  if (typeof loaded === 'string') {
    io.err(loaded);
    return 1;
  }
  const kubeConfig = loaded;
  let namespace: string | undefined;
  const filters: EventFilter[] = [];
  const output = values.output ?? 'table';
  try {
    if (values['all-namespaces'] === true && values.namespace !== undefined) {
      throw new UsageError('-n and -A cannot be used together');
    }
    if (output !== 'table' && output !== 'json') throw new UsageError(`-o: expected table or json, got '${output}'`);
    const contextNamespace = kubeConfig.getContextObject(kubeConfig.getCurrentContext())?.namespace;
    namespace = values['all-namespaces'] === true ? undefined : (values.namespace ?? contextNamespace ?? 'default');
    if (values.type !== undefined) filters.push(ofType(parseType(values.type)));
    if (values.reason !== undefined) filters.push(withReason(...values.reason));
    if (values.for !== undefined) filters.push(parseFor(values.for, namespace));
    if (values.since !== undefined) filters.push(since(parseAge(values.since)));
  } catch (err) {
    if (!(err instanceof UsageError || err instanceof TypeError)) throw err;
    io.err(`kube-events tail: ${err.message}\n\n${tailUsage}`);
    return 2;
  }

  const colour = useColour(io.isTTY, io.env);
  // Warnings in yellow: found by the TYPE column, so the header and Normal rows stay plain.
  const paint = (table: string): string =>
    colour ? table.replace(/^\S+ +Warning .*$/gm, (line) => `\x1b[33m${line}\x1b[0m`) : table;
  const row = (event: CoreV1Event, header: boolean): string =>
    paint(formatEventTable([event], { now: new Date(), header, minWidths }));
  const applyFilters = <T extends EventOrChange>(source: Observable<T>): Observable<T> =>
    filters.reduce((s, f) => f(s), source);

  // Runs a stream to its end: 0 when it completes or on Ctrl-C, 1 (with the explanation) when it fails.
  const runToEnd = <T>(source: Observable<T>, next: (value: T) => void): Promise<number> =>
    new Promise<number>((resolve) => {
      const subscription = source.subscribe({
        next,
        error: (err: unknown) => {
          io.err(explain(err, kubeConfig));
          resolve(1);
        },
        complete: () => {
          resolve(0);
        },
      });
      io.signal.addEventListener(
        'abort',
        () => {
          subscription.unsubscribe();
          resolve(0);
        },
        { once: true },
      );
    });

  if (values.watch !== true) {
    const list$ = listEvents(kubeConfig, { api: 'v1', namespace }).pipe(
      mergeMap((events) => applyFilters(from(events)).pipe(toArray())),
    );
    return runToEnd(list$, (events) => {
      if (output === 'json') for (const e of events) io.out(JSON.stringify(e));
      else if (events.length === 0) {
        io.err(namespace === undefined ? 'No events found.' : `No events found in ${namespace} namespace.`);
      } else io.out(paint(formatEventTable(events, { now: new Date() })));
    });
  }
  let lost = false;
  let initial: CoreV1Event[] | undefined;
  let headerPrinted = false;
  const print = (event: CoreV1Event): void => {
    if (output === 'json') io.out(JSON.stringify(event));
    else {
      io.out(row(event, !headerPrinted));
      headerPrinted = true;
    }
  };
  // The list arrives as one synchronous batch between 'listed' and the next status: print it sorted, as kubectl.
  const flushInitial = (): void => {
    if (initial === undefined) return;
    const batch = initial;
    initial = undefined;
    batch.sort((a, b) => (lastSeen(a) ?? 0) - (lastSeen(b) ?? 0)).forEach(print);
  };
  const onStatus = (status: WatchEventsStatus): void => {
    if (status.state === 'listed') {
      initial = [];
      return;
    }
    flushInitial();
    if (status.state === 'retrying' && !lost) {
      lost = true;
      io.err(`kube-events tail: lost the connection to the API server (${status.error.message}); reconnecting…`);
    } else if (status.state === 'watching' && lost) {
      lost = false;
      io.err('kube-events tail: reconnected');
    }
  };
  const changes$ = watchEvents(kubeConfig, { api: 'v1', namespace, initialEvents: 'emit', onStatus }).pipe(
    filter((change: ClusterWatchEvent<CoreV1Event>) => change.type !== 'DELETED'),
    (source) => applyFilters(source),
  );
  return runToEnd(changes$, ({ object }) => {
    if (initial !== undefined) initial.push(object);
    else print(object);
  });
}

const lastSeen = (e: CoreV1Event): number | undefined =>
  (e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata.creationTimestamp)?.getTime();
