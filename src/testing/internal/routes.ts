import { coreResources, coreVersions, eventsGroup, eventsResources, groupList, versionInfo } from './discovery.js';
import { coreV1Events, eventsV1Events } from './event-apis.js';
import type { EventApi } from './event-apis.js';
import type { JsonObject } from './json.js';

/** What a request path addresses. */
export type Route =
  | { readonly kind: 'document'; readonly document: JsonObject }
  | {
      readonly kind: 'events';
      readonly api: EventApi;
      /** Undefined for the all-namespaces collection (`/api/v1/events`). */
      readonly namespace: string | undefined;
      /** Undefined for a collection. */
      readonly name: string | undefined;
    }
  | { readonly kind: 'notFound' };

const notFound: Route = { kind: 'notFound' };

function eventsRoute(api: EventApi, rest: readonly string[]): Route {
  if (rest.length === 1 && rest[0] === 'events') return { kind: 'events', api, namespace: undefined, name: undefined };
  const [namespaces, namespace, events, name, ...extra] = rest;
  if (namespaces !== 'namespaces' || namespace === undefined || events !== 'events' || extra.length > 0)
    return notFound;
  return { kind: 'events', api, namespace, name };
}

/**
 * Resolves a request path: discovery documents, the two events APIs (when events.k8s.io is served), or nothing.
 *
 * @param serverAddress - `host:port`, echoed by `GET /api` as the real server does.
 */
export function resolveRoute(pathname: string, eventsV1: boolean, serverAddress: string): Route {
  let segments: string[];
  try {
    segments = pathname
      .split('/')
      .filter((s) => s !== '')
      .map((s) => decodeURIComponent(s));
  } catch {
    return notFound;
  }
  const path = segments.join('/');
  switch (path) {
    case 'api':
      return { kind: 'document', document: coreVersions(serverAddress) };
    case 'api/v1':
      return { kind: 'document', document: coreResources() };
    case 'apis':
      return { kind: 'document', document: groupList(eventsV1) };
    case 'version':
      return { kind: 'document', document: versionInfo() };
  }
  if (segments[0] === 'api' && segments[1] === 'v1') return eventsRoute(coreV1Events, segments.slice(2));
  if (!eventsV1 || segments[0] !== 'apis' || segments[1] !== 'events.k8s.io') return notFound;
  if (segments.length === 2) return { kind: 'document', document: eventsGroup() };
  if (segments[2] !== 'v1') return notFound;
  if (segments.length === 3) return { kind: 'document', document: eventsResources() };
  return eventsRoute(eventsV1Events, segments.slice(3));
}
