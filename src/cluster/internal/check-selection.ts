/**
 * Checks the options every request of the package takes, at the call: plain JavaScript callers and the CLI pass
 * strings, so the types alone do not hold them.
 *
 * @throws TypeError for an unknown `api` or an empty `namespace`
 */
export function checkSelection(api: unknown, namespace: string | undefined): void {
  if (api !== undefined && api !== 'v1' && api !== 'events.k8s.io/v1') {
    throw new TypeError(`api must be 'v1' or 'events.k8s.io/v1', got ${JSON.stringify(api)}`);
  }
  if (namespace === '') throw new TypeError('namespace must not be empty; leave it out for every namespace');
}
