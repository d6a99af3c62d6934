import type { ApiConstructor, KubeConfig } from '@kubernetes/client-node';
import { asyncScheduler } from 'rxjs';
import type { SchedulerLike } from 'rxjs';
import { checkOptions } from '../../meta/internal/check-options.js';
import { checkTimeOption } from '../../meta/internal/time-option.js';
import type { ObjectMeta } from '../../meta/types.js';
import { patchBody, sendWrite, sinkEventCalls, writeTarget } from './client-node-write.js';
import type { SendLimits } from './client-node-write.js';
import type { EventCalls, EventResource, NamespacedEventApi } from './event-calls.js';

/**
 * The conversion between the library's event shape `E` and client-node's model `M`, and where the API keeps its
 * events (for the requests a sink made from a `KubeConfig` sends itself).
 */
export interface EventModel<E, M> extends EventResource<M> {
  toModel(event: E, forCreate: boolean): M;
  fromModel(model: M): E;
}

/** The options of both client-node sinks (see `CoreV1EventSinkOptions`). */
export interface ClientNodeSinkOptions {
  namespace?: string | undefined;
  fieldManager?: string | undefined;
  timeoutMs?: number | undefined;
  scheduler?: SchedulerLike | undefined;
}

/**
 * The writes of a client-node sink made from `client` and `options`, checked as the sink's constructor documents.
 *
 * @throws TypeError or RangeError as the sink's constructor documents
 */
export function clientNodeEventWrites<E extends { metadata: ObjectMeta }, M, A extends NamespacedEventApi<M>>(
  kind: { readonly name: string; readonly api: ApiConstructor<A>; readonly apiName: string },
  client: KubeConfig | A,
  options: ClientNodeSinkOptions,
  model: EventModel<E, M>,
): ClientNodeEventWrites<E, M> {
  const { name } = kind;
  checkOptions(options, name);
  const { namespace = '', fieldManager, scheduler = asyncScheduler, timeoutMs = 30_000 } = options;
  checkTimeOption(`${name}: timeoutMs`, timeoutMs, 'no-limit');
  const calls = sinkEventCalls(client, kind, fieldManager, model);
  return new ClientNodeEventWrites(calls, model, namespace, {
    scheduler,
    timeoutMs: timeoutMs === Infinity ? 0 : timeoutMs,
  });
}

/**
 * The writes of a client-node event sink, whichever API it uses and however it sends them: `POST`, strategic-merge
 * `PATCH` and `PUT` to the event's own namespace, each with the timeout and the caller's signal, failures as
 * `SinkError`s.
 */
export class ClientNodeEventWrites<E extends { metadata: ObjectMeta }, M> {
  private readonly calls: EventCalls<M>;
  private readonly model: EventModel<E, M>;
  private readonly namespace: string;
  private readonly limits: SendLimits;

  constructor(calls: EventCalls<M>, model: EventModel<E, M>, namespace: string, limits: SendLimits) {
    this.calls = calls;
    this.model = model;
    this.namespace = namespace;
    this.limits = limits;
  }

  async create(event: E, signal: AbortSignal | undefined): Promise<E> {
    const { calls, model } = this;
    const target = writeTarget('create', event.metadata, this.namespace);
    return sendWrite(target, signal, this.limits, async (requestSignal) =>
      model.fromModel(await calls.create(target.namespace, model.toModel(event, true), requestSignal)),
    );
  }

  async patch(oldEvent: E, patch: string, signal: AbortSignal | undefined): Promise<E> {
    const { calls, model } = this;
    const target = writeTarget('patch', oldEvent.metadata, this.namespace);
    return sendWrite(target, signal, this.limits, async (requestSignal) =>
      model.fromModel(await calls.patch(target.namespace, target.name, patch, patchBody(patch), requestSignal)),
    );
  }

  async update(event: E, signal: AbortSignal | undefined): Promise<E> {
    const { calls, model } = this;
    const target = writeTarget('update', event.metadata, this.namespace);
    return sendWrite(target, signal, this.limits, async (requestSignal) =>
      model.fromModel(await calls.replace(target.namespace, target.name, model.toModel(event, false), requestSignal)),
    );
  }
}
