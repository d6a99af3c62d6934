import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import type { CoreV1Api, CoreV1Event as ClientNodeEvent, KubeConfig } from '@kubernetes/client-node';
import { withSignal } from './client-node-compat.js';
import { clientNodeEventFromJson } from './client-node-event.js';
import { kubeRequester } from './kube-request.js';

/** The three core/v1 event calls of `CoreV1EventSink`, each answering with the server's copy as a client-node model. */
export interface CoreV1EventCalls {
  create(namespace: string, body: ClientNodeEvent, signal: AbortSignal): Promise<ClientNodeEvent>;
  /** `patch` is the patch's JSON text, `parsed` the object it holds. */
  patch(namespace: string, name: string, patch: string, parsed: object, signal: AbortSignal): Promise<ClientNodeEvent>;
  replace(namespace: string, name: string, body: ClientNodeEvent, signal: AbortSignal): Promise<ClientNodeEvent>;
}

const eventsPath = (namespace: string): string => `/api/v1/namespaces/${encodeURIComponent(namespace)}/events`;
const eventPath = (namespace: string, name: string): string => `${eventsPath(namespace)}/${encodeURIComponent(name)}`;

/**
 * The calls straight over HTTP ({@link kubeRequester}): the body is the model's JSON (client-node's `V1MicroTime`
 * writes six fractional digits through `toJSON`), the patch text is sent as it is, and the answer is parsed once.
 */
export function coreV1EventCallsOverHttp(kubeConfig: KubeConfig, fieldManager: string | undefined): CoreV1EventCalls {
  const send = kubeRequester(kubeConfig);
  const query = { fieldManager };
  const json = 'application/json';
  return {
    create: async (namespace, body, signal) =>
      clientNodeEventFromJson(
        await send({
          method: 'POST',
          path: eventsPath(namespace),
          query,
          body: JSON.stringify(body),
          contentType: json,
          signal,
        }),
      ),
    patch: async (namespace, name, patch, _parsed, signal) =>
      clientNodeEventFromJson(
        await send({
          method: 'PATCH',
          path: eventPath(namespace, name),
          query,
          body: patch,
          contentType: PatchStrategy.StrategicMergePatch,
          signal,
        }),
      ),
    replace: async (namespace, name, body, signal) =>
      clientNodeEventFromJson(
        await send({
          method: 'PUT',
          path: eventPath(namespace, name),
          query,
          body: JSON.stringify(body),
          contentType: json,
          signal,
        }),
      ),
  };
}

/** The calls through a user's `CoreV1Api`, with its configuration, agents and middleware as they are. */
export function coreV1EventCallsThroughApi(api: CoreV1Api, fieldManager: string | undefined): CoreV1EventCalls {
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
