import { KubeConfig } from '@kubernetes/client-node';
import type { ApiConstructor } from '@kubernetes/client-node';
import type { SchedulerLike } from 'rxjs';
import { redactUrls } from '../../meta/internal/redact-url.js';
import type { ObjectMeta } from '../../meta/types.js';
import { SinkError } from '../sink-error.js';
import { describeWrite, toSinkError } from './client-node-errors.js';
import type { WriteTarget } from './client-node-errors.js';
import { eventCallsOverHttp, eventCallsThroughApi } from './event-calls.js';
import type { EventCalls, EventResource, NamespacedEventApi } from './event-calls.js';
import { requestSignal } from './request-signal.js';

/*
 * What the client-node sinks (core/v1 and events.k8s.io/v1) share: choosing how their calls are sent, addressing a
 * write, and sending it with a timeout and the caller's signal. Each sink keeps only its API's path and models.
 */

/**
 * The event calls of a sink made from `client`: from a `KubeConfig`, its own requests over HTTP to `model`'s API path
 * ({@link eventCallsOverHttp}); through an instance of `kind.api` (named `kind.apiName` in messages) as it is.
 *
 * @throws TypeError when `client` is neither, the `KubeConfig` has no current cluster or its server is not an
 *   http(s) URL; the message starts with `kind.name`
 */
export function sinkEventCalls<M, A extends NamespacedEventApi<M>>(
  client: KubeConfig | A,
  kind: { readonly name: string; readonly api: ApiConstructor<A>; readonly apiName: string },
  fieldManager: string | undefined,
  resource: EventResource<M>,
): EventCalls<M> {
  if (client instanceof KubeConfig) {
    checkServerUrl(client.getCurrentCluster()?.server, kind.name);
    return eventCallsOverHttp(client, fieldManager, resource);
  }
  if (client instanceof kind.api) return eventCallsThroughApi(client, fieldManager);
  throw new TypeError(`${kind.name}: expected a KubeConfig or ${kind.apiName} from @kubernetes/client-node`);
}

/** client-node accepts any text as the server and fails every request later; say so at construction instead. */
function checkServerUrl(server: string | undefined, sinkName: string): void {
  if (server === undefined) {
    throw new TypeError(
      `${sinkName}: the KubeConfig has no current cluster; load a config with a current context first ` +
        '(loadFromDefault, loadFromOptions)',
    );
  }
  const protocol = URL.canParse(server) ? new URL(server).protocol : undefined;
  if (protocol !== 'https:' && protocol !== 'http:') {
    throw new TypeError(
      redactUrls(
        `${sinkName}: the KubeConfig's cluster server ${JSON.stringify(server)} is not an http(s) URL; set the cluster's server to the API server's URL, e.g. https://10.0.0.1:6443`,
      ),
    );
  }
}

/**
 * Where a write goes; refuses, as client-go does, an event outside the sink's namespace (`bound`, `''` for any) or
 * without one, and a patch or update without a name. The refusals are `'request'` errors: final, never retried.
 */
export function writeTarget(
  verb: WriteTarget['verb'],
  metadata: ObjectMeta,
  bound: string,
): WriteTarget & { readonly name: string } {
  const namespace = metadata.namespace ?? '';
  const name = metadata.name ?? '';
  const target = { verb, namespace, name };
  if (bound !== '' && namespace !== bound) {
    throw new SinkError(
      `can't ${verb} an event with namespace '${namespace}' in namespace '${bound}' (this sink is bound ` +
        `to namespace '${bound}'; use a sink without a namespace to write anywhere)`,
      { kind: 'request' },
    );
  }
  if (namespace === '') {
    throw new SinkError(
      `can't ${verb} an event without metadata.namespace; set it to the involved object's namespace ` +
        "(or 'default' for cluster-scoped objects)",
      { kind: 'request' },
    );
  }
  // A create may rely on generateName; a patch or update addresses the event by name.
  if (name === '' && verb !== 'create') {
    throw new SinkError(`can't ${verb} an event without metadata.name; it names the event to ${verb}`, {
      kind: 'request',
    });
  }
  return target;
}

/** A strategic-merge patch text as the object client-node sends; refuses anything but a JSON object. */
export function patchBody(patch: string): object {
  const body: unknown = JSON.parse(patch);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new TypeError('a strategic-merge patch must be a JSON object');
  }
  return body;
}

/** How long a sink waits for an answer, and on which clock. */
export interface SendLimits {
  /** Milliseconds; `0` waits forever. */
  readonly timeoutMs: number;
  readonly scheduler: SchedulerLike;
}

/**
 * Makes one call with the timeout armed and the caller's `signal` attached, and turns what it throws into a
 * {@link SinkError}: `'transport'` when aborted or timed out, else as `toSinkError` classifies it.
 */
export async function sendWrite<T>(
  target: WriteTarget,
  signal: AbortSignal | undefined,
  limits: SendLimits,
  call: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const { timeoutMs, scheduler } = limits;
  const request = requestSignal(signal, timeoutMs, scheduler);
  try {
    return await call(request.signal);
  } catch (err) {
    if (signal?.aborted === true) {
      throw new SinkError(
        `${describeWrite(target)} was aborted by the caller's signal; it may or may not have been applied.`,
        { kind: 'transport', cause: err },
      );
    }
    if (request.signal.aborted) {
      throw new SinkError(
        `${describeWrite(target)} got no answer within ${String(timeoutMs)} ms (timeoutMs): the request was ` +
          'aborted, and may or may not have been applied. Check that the API server is reachable; the write may be retried.',
        { kind: 'transport', cause: err },
      );
    }
    throw toSinkError(err, target, () => scheduler.now());
  } finally {
    request.release();
  }
}
