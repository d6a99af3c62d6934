import { createServer } from 'node:http';
import type { IncomingMessage, OutgoingHttpHeaders, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { NEVER, Subscription, timer } from 'rxjs';
import type { SchedulerLike } from 'rxjs';
import type { FakeFault, FakeRequestAttributes, FakeRequestRecord } from '../fake-api-server.js';
import { ApiStatusError, failure, forbidden, methodNotAllowed, pathNotFound } from './api-status.js';
import { coreV1Events } from './event-apis.js';
import type { EventApi } from './event-apis.js';
import { encodeEvent } from './event-codec.js';
import { eventsVerb, handleEvents } from './event-handlers.js';
import type { HandlerContext, HandlerResult } from './event-handlers.js';
import { EventStore } from './event-store.js';
import { faultError, FaultInjector } from './faults.js';
import type { JsonObject } from './json.js';
import { resolveRoute } from './routes.js';
import { serveWatch } from './watch-stream.js';
import type { ServedWatch } from './watch-stream.js';

/** The resolved options the core runs with. */
export interface ServerConfig {
  readonly token: string | undefined;
  readonly authorize: ((attributes: FakeRequestAttributes) => boolean) | undefined;
  readonly eventsV1: boolean;
  readonly terminatingNamespaces: Set<string>;
  readonly historyLimit: number;
  readonly bookmarkIntervalMs: number;
  readonly requestLogLimit: number;
  readonly scheduler: SchedulerLike;
}

type MutableRecord = { -readonly [K in keyof FakeRequestRecord]: FakeRequestRecord[K] };

/** Reads the whole request body; undefined when the client went away first. */
function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', () => {
      resolve(undefined);
    });
    req.on('close', () => {
      resolve(undefined);
    });
  });
}

function statusResult(error: ApiStatusError): HandlerResult {
  return { kind: 'response', status: error.code, body: error.body, headers: error.headers };
}

/**
 * The HTTP side of the fake API server: request log, faults, authentication, routing, authorization, then the events
 * handlers; and the bookkeeping (open sockets, watches, pending delays) that lets `close()` leave nothing behind.
 */
export class ApiServerCore {
  readonly store: EventStore;
  readonly faults = new FaultInjector();
  readonly terminatingNamespaces: Set<string>;
  private readonly config: ServerConfig;
  private readonly server: Server;
  private readonly context: HandlerContext;
  private readonly sockets = new Set<Socket>();
  private accepted = 0;
  private readonly log: MutableRecord[] = [];
  /** Watches and fault delays in progress; unsubscribed by `close()`. */
  private readonly running = new Subscription();
  /** Watches being served, with the socket each streams on (for `dropWatches`). */
  private readonly watches = new Map<ServedWatch, Socket>();
  private closed: Promise<void> | undefined;
  private address = '';

  constructor(config: ServerConfig) {
    this.config = config;
    this.store = new EventStore(config.historyLimit);
    this.terminatingNamespaces = config.terminatingNamespaces;
    this.context = {
      store: this.store,
      now: () => config.scheduler.now(),
      terminatingNamespaces: config.terminatingNamespaces,
    };
    this.server = createServer((req, res) => {
      this.handle(req, res).catch(() => {
        // A handler bug must not become an unhandled rejection in the user's test run; the client sees a reset.
        req.socket.destroy();
      });
    });
    this.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      this.accepted++;
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  /** Listens on 127.0.0.1 and a free port; resolves to the base URL. */
  listen(): Promise<string> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => {
        this.server.off('error', reject);
        this.address = `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
        resolve(`http://${this.address}`);
      });
    });
  }

  /** Client connections accepted so far, open or closed. */
  get connectionsAccepted(): number {
    return this.accepted;
  }

  /** Client connections open now. */
  get openConnections(): number {
    return this.sockets.size;
  }

  close(): Promise<void> {
    this.closed ??= new Promise((resolve) => {
      this.server.close(() => {
        resolve();
      });
      this.running.unsubscribe();
      for (const socket of this.sockets) socket.destroy();
    });
    return this.closed;
  }

  requests(): FakeRequestRecord[] {
    return this.log.map((r) => ({ ...r }));
  }

  storedEvents(namespace: string | undefined): JsonObject[] {
    return this.store.list(namespace).map((r) => encodeEvent(coreV1Events, r, true));
  }

  get openWatches(): number {
    return this.watches.size;
  }

  /** Sends a bookmark on every watch that asked for them; returns how many were sent. */
  sendBookmarks(): number {
    return [...this.watches.keys()].filter((watch) => watch.bookmark()).length;
  }

  /** Destroys the connection of every watch being served, without a clean end; returns how many. */
  dropWatches(): number {
    const sockets = [...this.watches.values()];
    for (const socket of sockets) socket.destroy();
    return sockets.length;
  }

  reset(): void {
    this.store.reset();
    this.log.length = 0;
    this.faults.clear();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', `http://${this.address}`);
    const entry: MutableRecord = {
      method,
      path: url.pathname,
      query: url.search,
      contentType: req.headers['content-type'],
      body: '',
      status: undefined,
      fault: undefined,
    };
    this.log.push(entry);
    if (this.log.length > this.config.requestLogLimit) this.log.shift();
    const body = await readBody(req);
    if (body === undefined) return;
    entry.body = body;
    const fault = this.faults.take(method, url.pathname);
    entry.fault = fault;
    if (fault?.delayMs !== undefined && fault.delayMs > 0 && !(await this.delay(fault.delayMs))) return;
    if (fault !== undefined && fault.after !== true && this.inject(fault, req, res, entry)) return;
    const result = this.dispatch(req, method, url, body);
    if (result.kind === 'watch') {
      entry.status = 200;
      const served = serveWatch(res, this.store, result.spec, this.config.scheduler, this.config.bookmarkIntervalMs);
      const watch = served.subscription;
      this.running.add(watch);
      this.watches.set(served, req.socket);
      watch.add(() => {
        this.running.remove(watch);
        this.watches.delete(served);
      });
      return;
    }
    if (fault?.after === true && this.inject(fault, req, res, entry)) return;
    this.write(res, entry, result.status, result.body, result.headers);
  }

  /** Waits on the scheduler; resolves false when `close()` cancelled the wait. */
  private delay(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const wait = (ms === Infinity ? NEVER : timer(ms, this.config.scheduler)).subscribe(() => {
        resolve(true);
      });
      this.running.add(wait);
      wait.add(() => {
        this.running.remove(wait);
        resolve(false);
      });
    });
  }

  /** Applies a drop or status fault; false when the fault has neither (a pure delay). */
  private inject(fault: FakeFault, req: IncomingMessage, res: ServerResponse, entry: MutableRecord): boolean {
    if (fault.drop === true) {
      req.socket.destroy();
      return true;
    }
    if (fault.status === undefined) return false;
    const error = faultError({ ...fault, status: fault.status });
    this.write(res, entry, error.code, error.body, error.headers);
    return true;
  }

  private dispatch(req: IncomingMessage, method: string, url: URL, body: string): HandlerResult {
    try {
      const user = this.authenticate(req);
      const route = resolveRoute(url.pathname, this.config.eventsV1, this.address);
      if (route.kind === 'notFound') throw pathNotFound();
      if (route.kind === 'document') {
        if (method !== 'GET') throw methodNotAllowed();
        return { kind: 'response', status: 200, body: route.document, headers: {} };
      }
      const { api, namespace, name } = route;
      const verb = eventsVerb(method, namespace, name, url.searchParams);
      if (verb === undefined) throw methodNotAllowed();
      this.authorizeRequest(api, { verb, apiGroup: api.group, resource: 'events', namespace, name, user });
      return handleEvents(this.context, {
        verb,
        api,
        namespace,
        name,
        query: url.searchParams,
        contentType: req.headers['content-type'],
        body,
      });
    } catch (err) {
      if (err instanceof ApiStatusError) return statusResult(err);
      const message = err instanceof Error ? err.message : String(err);
      return statusResult(
        failure(500, 'InternalError', `Internal error occurred: ${message}`, { causes: [{ message }] }),
      );
    }
  }

  /** Checks the bearer token when the server has one; returns the user name RBAC messages use. */
  private authenticate(req: IncomingMessage): string {
    const { token } = this.config;
    if (token === undefined) return 'system:anonymous';
    if (req.headers.authorization !== `Bearer ${token}`) throw failure(401, 'Unauthorized', 'Unauthorized');
    return 'fake-user';
  }

  private authorizeRequest(api: EventApi, attributes: FakeRequestAttributes): void {
    const { authorize } = this.config;
    if (authorize === undefined || authorize(attributes)) return;
    const { verb, user, namespace, name } = attributes;
    const scope = namespace === undefined ? 'at the cluster scope' : `in the namespace "${namespace}"`;
    throw forbidden(
      api.groupResource,
      name ?? '',
      `User "${user}" cannot ${verb} resource "events" in API group "${api.group}" ${scope}`,
    );
  }

  private write(
    res: ServerResponse,
    entry: MutableRecord,
    status: number,
    body: unknown,
    headers: OutgoingHttpHeaders,
  ): void {
    entry.status = status;
    res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', ...headers });
    res.end(JSON.stringify(body));
  }
}
