/**
 * Name syntax checks of the API server (`k8s.io/apimachinery/pkg/util/validation`).
 */

const dnsSubdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const qualifiedNamePart = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/**
 * Tells whether `name` is a DNS-1123 subdomain: at most 253 characters of lower-case alphanumerics, `-` and `.`,
 * starting and ending with an alphanumeric. Object names (events included) must be one.
 *
 * @param name - the name to check
 * @returns `true` when the API server would accept `name` as an object name
 * @example
 * ```ts
 * import { isDnsSubdomain } from 'rx-kube-events';
 * isDnsSubdomain('web-0.17362d8e1c698000'); // true
 * isDnsSubdomain('Web_0'); // false
 * ```
 */
export function isDnsSubdomain(name: string): boolean {
  return name.length <= 253 && dnsSubdomain.test(name);
}

/**
 * Tells whether `name` is a DNS-1123 label (at most 63 characters, no dots), as namespace names must be.
 *
 * @param name - the name to check
 * @returns `true` for a valid label
 * @example
 * ```ts
 * import { isDnsLabel } from 'rx-kube-events';
 * isDnsLabel('kube-system'); // true
 * ```
 */
export function isDnsLabel(name: string): boolean {
  return name.length <= 63 && dnsLabel.test(name);
}

/**
 * Tells whether `name` is a Kubernetes qualified name: an optional DNS-subdomain prefix and `/`, then a name of at
 * most 63 characters of alphanumerics, `-`, `_` and `.`, starting and ending with an alphanumeric. events.k8s.io
 * requires `reportingController` to be one (e.g. `example.com/my-operator`).
 *
 * @param name - the name to check
 * @returns `true` for a valid qualified name
 * @example
 * ```ts
 * import { isQualifiedName } from 'rx-kube-events';
 * isQualifiedName('example.com/my-operator'); // true
 * isQualifiedName('my operator'); // false
 * ```
 */
export function isQualifiedName(name: string): boolean {
  const parts = name.split('/');
  if (parts.length > 2) return false;
  const [prefix, local] = parts.length === 2 ? parts : [undefined, parts[0]];
  if (prefix !== undefined && (prefix === '' || !isDnsSubdomain(prefix))) return false;
  return local !== undefined && local.length <= 63 && qualifiedNamePart.test(local);
}
