import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import type { ApiConstructor, ConfigurationOptions, KubeConfig } from '@kubernetes/client-node';
import { asyncScheduler } from 'rxjs';
import type { SchedulerLike } from 'rxjs';
import { checkOptions } from '../../meta/internal/check-options.js';
import { checkTimeOption } from '../../meta/internal/time-option.js';
import type { ObjectMeta } from '../../meta/types.js';
import { patchBody, sendWrite, sinkApiClient, writeTarget } from './client-node-write.js';
import type { SendLimits } from './client-node-write.js';

/** The request parameters client-node's `createNamespacedEvent` takes, in both event APIs. */
interface CreateParam<M> {
  namespace: string;
  body: M;
  fieldManager?: string;
}

/** The parameters of `patchNamespacedEvent` and `replaceNamespacedEvent`. */
interface NamedParam<B> extends CreateParam<B> {
  name: string;
}

/** The calls of client-node's `CoreV1Api` and `EventsV1Api` a sink makes, with `M` its event model. */
interface NamespacedEventApi<M> {
  createNamespacedEvent(param: CreateParam<M>, options?: ConfigurationOptions): Promise<M>;
  patchNamespacedEvent(param: NamedParam<object>, options?: ConfigurationOptions): Promise<M>;
  replaceNamespacedEvent(param: NamedParam<M>, options?: ConfigurationOptions): Promise<M>;
}

/** The conversion between the library's event shape `E` and client-node's model `M`. */
export interface EventModel<E, M> {
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
  const api = sinkApiClient(client, kind.api, name, kind.apiName);
  return new ClientNodeEventWrites(api, model, namespace, fieldManager, {
    scheduler,
    timeoutMs: timeoutMs === Infinity ? 0 : timeoutMs,
  });
}

/**
 * The writes of a client-node event sink, whichever API it uses: `POST`, strategic-merge `PATCH` and `PUT` to the
 * event's own namespace, each with the timeout and the caller's signal, failures as `SinkError`s.
 */
export class ClientNodeEventWrites<E extends { metadata: ObjectMeta }, M> {
  private readonly api: NamespacedEventApi<M>;
  private readonly model: EventModel<E, M>;
  private readonly namespace: string;
  private readonly fieldManager: { fieldManager?: string };
  private readonly limits: SendLimits;

  constructor(
    api: NamespacedEventApi<M>,
    model: EventModel<E, M>,
    namespace: string,
    fieldManager: string | undefined,
    limits: SendLimits,
  ) {
    this.api = api;
    this.model = model;
    this.namespace = namespace;
    this.fieldManager = fieldManager === undefined ? {} : { fieldManager };
    this.limits = limits;
  }

  async create(event: E, signal: AbortSignal | undefined): Promise<E> {
    const { api, model } = this;
    const target = writeTarget('create', event.metadata, this.namespace);
    return sendWrite(target, signal, this.limits, async (options) => {
      const body = model.toModel(event, true);
      const param = { namespace: target.namespace, body, ...this.fieldManager };
      return model.fromModel(await api.createNamespacedEvent(param, options));
    });
  }

  async patch(oldEvent: E, patch: string, signal: AbortSignal | undefined): Promise<E> {
    const { api, model } = this;
    const target = writeTarget('patch', oldEvent.metadata, this.namespace);
    return sendWrite(target, signal, this.limits, async (options) => {
      const body = patchBody(patch);
      // client-node picks application/json-patch+json for every PATCH unless told otherwise; client-go sends
      // strategic merge.
      return model.fromModel(
        await api.patchNamespacedEvent(
          { name: target.name, namespace: target.namespace, body, ...this.fieldManager },
          setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch, options),
        ),
      );
    });
  }

  async update(event: E, signal: AbortSignal | undefined): Promise<E> {
    const { api, model } = this;
    const target = writeTarget('update', event.metadata, this.namespace);
    return sendWrite(target, signal, this.limits, async (options) => {
      const body = model.toModel(event, false);
      const param = { name: target.name, namespace: target.namespace, body, ...this.fieldManager };
      return model.fromModel(await api.replaceNamespacedEvent(param, options));
    });
  }
}
