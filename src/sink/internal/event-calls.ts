import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import type { ConfigurationOptions, KubeConfig } from '@kubernetes/client-node';
import { withSignal } from './client-node-compat.js';
import { kubeRequester } from './kube-request.js';

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
export interface NamespacedEventApi<M> {
  createNamespacedEvent(param: CreateParam<M>, options?: ConfigurationOptions): Promise<M>;
  patchNamespacedEvent(param: NamedParam<object>, options?: ConfigurationOptions): Promise<M>;
  replaceNamespacedEvent(param: NamedParam<M>, options?: ConfigurationOptions): Promise<M>;
}

/** The three event calls of a sink, each answering with the server's copy as client-node's model `M`. */
export interface EventCalls<M> {
  create(namespace: string, body: M, signal: AbortSignal): Promise<M>;
  /** `patch` is the strategic-merge patch's JSON text, `parsed` the object it holds. */
  patch(namespace: string, name: string, patch: string, parsed: object, signal: AbortSignal): Promise<M>;
  replace(namespace: string, name: string, body: M, signal: AbortSignal): Promise<M>;
}

/** Where an event API's namespaced events live, and how its answers become client-node's model. */
export interface EventResource<M> {
  /** The group version's path: `/api/v1` or `/apis/events.k8s.io/v1`. */
  readonly apiPath: string;
  /** The server's JSON as client-node's deserializer would make it (its `Date` fields as dates). */
  fromJson(json: unknown): M;
}

/**
 * The calls straight over HTTP ({@link kubeRequester}): the body is the model's JSON (client-node's `V1MicroTime`
 * writes six fractional digits through `toJSON`), the patch text is sent as it is, with client-go's
 * `application/strategic-merge-patch+json`, and the answer is parsed once.
 */
export function eventCallsOverHttp<M>(
  kubeConfig: KubeConfig,
  fieldManager: string | undefined,
  resource: EventResource<M>,
): EventCalls<M> {
  const send = kubeRequester(kubeConfig);
  const query = { fieldManager };
  const json = 'application/json';
  const eventsPath = (namespace: string): string =>
    `${resource.apiPath}/namespaces/${encodeURIComponent(namespace)}/events`;
  const eventPath = (namespace: string, name: string): string => `${eventsPath(namespace)}/${encodeURIComponent(name)}`;
  const write = async (
    method: 'POST' | 'PATCH' | 'PUT',
    path: string,
    text: string,
    contentType: string,
    signal: AbortSignal,
  ): Promise<M> => resource.fromJson(await send({ method, path, query, body: { text, contentType }, signal }));
  return {
    create: (namespace, body, signal) => write('POST', eventsPath(namespace), JSON.stringify(body), json, signal),
    patch: (namespace, name, patch, _parsed, signal) =>
      write('PATCH', eventPath(namespace, name), patch, PatchStrategy.StrategicMergePatch, signal),
    replace: (namespace, name, body, signal) =>
      write('PUT', eventPath(namespace, name), JSON.stringify(body), json, signal),
  };
}

/** The calls through a user's `CoreV1Api` or `EventsV1Api`, with its configuration, agents and middleware as they are. */
export function eventCallsThroughApi<M>(api: NamespacedEventApi<M>, fieldManager: string | undefined): EventCalls<M> {
  const field = fieldManager === undefined ? {} : { fieldManager };
  return {
    create: (namespace, body, signal) => api.createNamespacedEvent({ namespace, body, ...field }, withSignal(signal)),
    // client-node picks application/json-patch+json for every PATCH unless told otherwise; client-go sends
    // strategic merge.
    patch: (namespace, name, _patch, parsed, signal) =>
      api.patchNamespacedEvent(
        { name, namespace, body: parsed, ...field },
        setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch, withSignal(signal)),
      ),
    replace: (namespace, name, body, signal) =>
      api.replaceNamespacedEvent({ name, namespace, body, ...field }, withSignal(signal)),
  };
}
