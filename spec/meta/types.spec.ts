import type {
  KubernetesObject as ClientNodeObject,
  V1ConfigMap,
  V1ObjectMeta,
  V1OwnerReference,
  V1Pod,
} from '@kubernetes/client-node';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { getReference } from '../../src/meta/get-reference.js';
import type { CoreV1Event, KubernetesObject, ObjectMeta, OwnerReference } from '../../src/meta/types.js';

/** A custom resource's own type, as operator authors declare it. */
interface Widget extends KubernetesObject {
  spec: { size: number };
}

describe('KubernetesObject and ObjectMeta', () => {
  it("accept client-node's objects, its KubernetesObject and its V1ObjectMeta", () => {
    expectTypeOf<V1Pod>().toExtend<KubernetesObject>();
    expectTypeOf<V1ConfigMap>().toExtend<KubernetesObject>();
    expectTypeOf<ClientNodeObject>().toExtend<KubernetesObject>();
    expectTypeOf<V1ObjectMeta>().toExtend<ObjectMeta>();
    expectTypeOf<V1OwnerReference>().toExtend<OwnerReference>();
  });

  it("accept a custom resource's type with the metadata the server sets (generation, owners, finalizers)", () => {
    const widget: Widget = {
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: {
        name: 'w',
        namespace: 'shop',
        uid: 'u-1',
        generation: 3,
        finalizers: ['example.com/cleanup'],
        ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'cfg', uid: 'u-0', controller: true }],
        deletionTimestamp: new Date(0),
      },
      spec: { size: 2 },
    };
    expectTypeOf(widget).toExtend<KubernetesObject>();
    expect(getReference(widget)).toEqual({
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      name: 'w',
      namespace: 'shop',
      uid: 'u-1',
    });
  });

  it('go both ways with events: our metadata fits client-node’s, field by field', () => {
    expectTypeOf<ObjectMeta>().toExtend<V1ObjectMeta>();
    expectTypeOf<CoreV1Event['metadata']>().toEqualTypeOf<ObjectMeta>();
  });
});
