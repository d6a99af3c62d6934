import type { JsonObject } from './json.js';

/** The one resource both API versions serve. */
const eventsResource = {
  name: 'events',
  singularName: 'event',
  namespaced: true,
  kind: 'Event',
  verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
  shortNames: ['ev'],
};

const eventsGroupVersion = { groupVersion: 'events.k8s.io/v1', version: 'v1' };

/** `GET /api`: the legacy core group's versions. */
export function coreVersions(serverAddress: string): JsonObject {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

/** `GET /api/v1`: the core resources the fake server serves. */
export function coreResources(): JsonObject {
  return {
    kind: 'APIResourceList',
    groupVersion: 'v1',
    resources: [structuredClone(eventsResource)],
  };
}

/** `GET /apis/events.k8s.io`. */
export function eventsGroup(): JsonObject {
  return {
    kind: 'APIGroup',
    apiVersion: 'v1',
    name: 'events.k8s.io',
    versions: [eventsGroupVersion],
    preferredVersion: eventsGroupVersion,
  };
}

/** `GET /apis`: the named groups; empty when events.k8s.io is switched off. */
export function groupList(eventsV1: boolean): JsonObject {
  const group = eventsGroup();
  delete group['kind'];
  delete group['apiVersion'];
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: eventsV1 ? [group] : [] };
}

/** `GET /apis/events.k8s.io/v1`. */
export function eventsResources(): JsonObject {
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: 'events.k8s.io/v1',
    resources: [structuredClone(eventsResource)],
  };
}

/** `GET /version`. */
export function versionInfo(): JsonObject {
  return {
    major: '1',
    minor: '33',
    gitVersion: 'v1.33.0-rx-kube-events-fake',
    platform: `${process.platform}/${process.arch}`,
  };
}
