import { badRequest } from './api-status.js';

/** One equality-based label requirement: `k`, `!k`, `k=v`, `k==v` or `k!=v`. */
type LabelRequirement = (labels: Readonly<Record<string, string>>) => boolean;

/** A parsed `labelSelector`; every requirement must hold. */
export type LabelSelector = readonly LabelRequirement[];

const labelTerm = /^(!?)([A-Za-z0-9][-A-Za-z0-9_./]*)\s*(?:(==|=|!=)\s*([-A-Za-z0-9_.]*))?$/;

/**
 * Parses an equality-based label selector. Set-based terms (`in`, `notin`) are not supported by the fake server and
 * are refused with a 400 that says so, rather than silently matching everything.
 *
 * @throws ApiStatusError 400 for a term it cannot parse.
 */
export function parseLabelSelector(selector: string): LabelSelector {
  const requirements: LabelRequirement[] = [];
  for (const raw of selector.split(',')) {
    const term = raw.trim();
    if (term === '') continue;
    const m = labelTerm.exec(term);
    if (m === null) {
      throw badRequest(
        `unable to parse requirement: ${JSON.stringify(term)} (the fake API server supports only equality-based ` +
          'label selectors: k, !k, k=v, k==v, k!=v)',
      );
    }
    const [, not = '', key = '', op, value = ''] = m;
    if (op !== undefined && not !== '') throw badRequest(`unable to parse requirement: ${JSON.stringify(term)}`);
    requirements.push(
      op === undefined
        ? (labels) => Object.hasOwn(labels, key) !== (not === '!')
        : (labels) => (labels[key] === value) === (op !== '!='),
    );
  }
  return requirements;
}

/** True when the labels satisfy every requirement. */
export function matchesLabelSelector(
  selector: LabelSelector,
  labels: Readonly<Record<string, string>> | null,
): boolean {
  return selector.every((test) => test(labels ?? {}));
}
