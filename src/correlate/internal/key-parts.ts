import type { CoreV1Event } from '../../meta/index.js';

/**
 * One field of a key, as `<length>:<text>`. Length-prefixed parts concatenate without ambiguity (unlike Go's plain
 * concatenation, where `("ab", "c")` and `("a", "bc")` collide), and cost a string concatenation rather than an
 * array and a `JSON.stringify` per key: keys are built three times for every event correlated.
 */
export function keyPart(text: string | undefined): string {
  const value = text ?? '';
  return `${String(value.length)}:${value}`;
}

/**
 * The parts every default key starts with: source component and host, then the involved object's kind, namespace,
 * name, uid and apiVersion (no fieldPath). An unset field is `""`, as Go's zero value, so unset and empty agree.
 */
export function sourceObjectKey(event: CoreV1Event): string {
  const { source, involvedObject: object } = event;
  return (
    keyPart(source?.component) +
    keyPart(source?.host) +
    keyPart(object.kind) +
    keyPart(object.namespace) +
    keyPart(object.name) +
    keyPart(object.uid) +
    keyPart(object.apiVersion)
  );
}
