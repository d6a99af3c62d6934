import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import type { ConfigurationOptions } from '@kubernetes/client-node';
import type { ObjectMeta } from '../../meta/types.js';
import { patchBody, sendWrite, writeTarget } from './client-node-write.js';
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

/**
 * One event API of client-node (`CoreV1Api` or `EventsV1Api`) as a sink uses it: its three calls, and the conversion
 * between the library's event shape `E` and client-node's model `M`.
 */
export interface EventApi<E, M> {
  create(param: CreateParam<M>, options: ConfigurationOptions): Promise<M>;
  patch(param: NamedParam<object>, options: ConfigurationOptions): Promise<M>;
  replace(param: NamedParam<M>, options: ConfigurationOptions): Promise<M>;
  toModel(event: E, forCreate: boolean): M;
  fromModel(model: M): E;
}

/**
 * The writes of a client-node event sink, whichever API it uses: `POST`, strategic-merge `PATCH` and `PUT` to the
 * event's own namespace, each with the timeout and the caller's signal, failures as `SinkError`s.
 */
export class ClientNodeEventWrites<E extends { metadata: ObjectMeta }, M> {
  private readonly api: EventApi<E, M>;
  private readonly namespace: string;
  private readonly fieldManager: { fieldManager?: string };
  private readonly limits: SendLimits;

  constructor(api: EventApi<E, M>, namespace: string, fieldManager: string | undefined, limits: SendLimits) {
    this.api = api;
    this.namespace = namespace;
    this.fieldManager = fieldManager === undefined ? {} : { fieldManager };
    this.limits = limits;
  }

  async create(event: E, signal: AbortSignal | undefined): Promise<E> {
    const { api } = this;
    const target = writeTarget('create', event.metadata, this.namespace);
    return sendWrite(target, signal, this.limits, async (options) => {
      const body = api.toModel(event, true);
      return api.fromModel(await api.create({ namespace: target.namespace, body, ...this.fieldManager }, options));
    });
  }

  async patch(oldEvent: E, patch: string, signal: AbortSignal | undefined): Promise<E> {
    const { api } = this;
    const target = writeTarget('patch', oldEvent.metadata, this.namespace);
    return sendWrite(target, signal, this.limits, async (options) => {
      const body = patchBody(patch);
      // client-node picks application/json-patch+json for every PATCH unless told otherwise; client-go sends
      // strategic merge.
      return api.fromModel(
        await api.patch(
          { name: target.name, namespace: target.namespace, body, ...this.fieldManager },
          setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch, options),
        ),
      );
    });
  }

  async update(event: E, signal: AbortSignal | undefined): Promise<E> {
    const { api } = this;
    const target = writeTarget('update', event.metadata, this.namespace);
    return sendWrite(target, signal, this.limits, async (options) => {
      const body = api.toModel(event, false);
      return api.fromModel(
        await api.replace({ name: target.name, namespace: target.namespace, body, ...this.fieldManager }, options),
      );
    });
  }
}
