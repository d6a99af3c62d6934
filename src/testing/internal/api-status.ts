import { STATUS_CODES } from 'node:http';
import type { JsonValue } from './json.js';

/** `metav1.StatusCause` on the wire (the Go field `Type` is `reason` in JSON). */
export interface StatusCauseWire {
  reason?: string;
  message?: string;
  field?: string;
}

/** `metav1.StatusDetails` on the wire. */
export interface StatusDetailsWire {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCauseWire[];
  retryAfterSeconds?: number;
}

/** `metav1.Status` exactly as the apiserver writes it (field order included). */
export interface StatusWire {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message?: string;
  reason?: string;
  details?: StatusDetailsWire;
  code: number;
}

/** A resource and its API group (`''` for core), as Kubernetes qualifies names in messages. */
export interface GroupResource {
  readonly group: string;
  readonly resource: string;
}

/** A request the fake server answers with a Kubernetes `Status`; thrown by handlers, written by the server. */
export class ApiStatusError extends Error {
  override readonly name = 'ApiStatusError';
  readonly body: StatusWire;
  readonly headers: Readonly<Record<string, string>>;

  constructor(body: StatusWire, headers: Readonly<Record<string, string>> = {}) {
    super(body.message ?? STATUS_CODES[body.code] ?? String(body.code));
    this.body = body;
    this.headers = headers;
  }

  get code(): number {
    return this.body.code;
  }
}

/** A failure `Status`; `reason` empty means `StatusReasonUnknown`, which the apiserver omits. */
export function failure(
  code: number,
  reason: string,
  message: string,
  details?: StatusDetailsWire,
  headers?: Readonly<Record<string, string>>,
): ApiStatusError {
  const body: StatusWire = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    ...(reason === '' ? {} : { reason }),
    ...(details === undefined ? {} : { details }),
    code,
  };
  return new ApiStatusError(body, headers);
}

function qualifiedResource(gr: GroupResource): string {
  return gr.group === '' ? gr.resource : `${gr.resource}.${gr.group}`;
}

function resourceDetails(gr: GroupResource, name: string): StatusDetailsWire {
  const details: StatusDetailsWire = {};
  if (name !== '') details.name = name;
  if (gr.group !== '') details.group = gr.group;
  details.kind = gr.resource;
  return details;
}

/** 404 for a named object. */
export function notFound(gr: GroupResource, name: string): ApiStatusError {
  return failure(404, 'NotFound', `${qualifiedResource(gr)} "${name}" not found`, resourceDetails(gr, name));
}

/** 409 `AlreadyExists` on create. */
export function alreadyExists(gr: GroupResource, name: string): ApiStatusError {
  return failure(409, 'AlreadyExists', `${qualifiedResource(gr)} "${name}" already exists`, resourceDetails(gr, name));
}

/** 409 `Conflict`, e.g. a stale `resourceVersion` on update. */
export function conflict(gr: GroupResource, name: string, detail: string): ApiStatusError {
  return failure(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualifiedResource(gr)} "${name}": ${detail}`,
    resourceDetails(gr, name),
  );
}

/** 403 `Forbidden` for a resource, with optional causes (`NamespaceTerminating`). */
export function forbidden(gr: GroupResource, name: string, detail: string, causes?: StatusCauseWire[]): ApiStatusError {
  const subject = name === '' ? qualifiedResource(gr) : `${qualifiedResource(gr)} "${name}"`;
  const details = resourceDetails(gr, name);
  if (causes !== undefined) details.causes = causes;
  return failure(403, 'Forbidden', `${subject} is forbidden: ${detail}`, details);
}

/** 400 `BadRequest`. */
export function badRequest(message: string): ApiStatusError {
  return failure(400, 'BadRequest', message);
}

/** 404 for a path the server does not serve (a disabled API group, an unknown resource). */
export function pathNotFound(): ApiStatusError {
  return failure(404, 'NotFound', 'the server could not find the requested resource', {});
}

/** 405 for a verb the resource path does not support. */
export function methodNotAllowed(): ApiStatusError {
  return failure(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {});
}

/** 415 for a body media type the endpoint does not accept. */
export function unsupportedMediaType(accepted: readonly string[]): ApiStatusError {
  return failure(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`,
  );
}

/** Go's `field.ErrorType` values, as `StatusCause.reason`. */
export type FieldErrorType =
  'FieldValueRequired' | 'FieldValueInvalid' | 'FieldValueNotSupported' | 'FieldValueForbidden';

/** One validation error: Go's `field.Error`. */
export interface FieldError {
  readonly type: FieldErrorType;
  readonly field: string;
  readonly detail: string;
  readonly value?: JsonValue;
  readonly supported?: readonly string[];
}

export function fieldRequired(field: string, detail = ''): FieldError {
  return { type: 'FieldValueRequired', field, detail };
}

export function fieldInvalid(field: string, value: JsonValue, detail: string): FieldError {
  return { type: 'FieldValueInvalid', field, detail, value };
}

export function fieldNotSupported(field: string, value: JsonValue, supported: readonly string[]): FieldError {
  return { type: 'FieldValueNotSupported', field, detail: '', value, supported };
}

export function fieldForbidden(field: string, detail: string): FieldError {
  return { type: 'FieldValueForbidden', field, detail };
}

/** `field.Error.ErrorBody()`: the message without the field path. */
function errorBody(e: FieldError): string {
  const withDetail = (head: string): string => (e.detail === '' ? head : `${head}: ${e.detail}`);
  switch (e.type) {
    case 'FieldValueRequired':
      return withDetail('Required value');
    case 'FieldValueForbidden':
      return withDetail('Forbidden');
    case 'FieldValueInvalid':
      return withDetail(`Invalid value: ${JSON.stringify(e.value ?? null)}`);
    case 'FieldValueNotSupported':
      return `Unsupported value: ${JSON.stringify(e.value ?? null)}: supported values: ${(e.supported ?? [])
        .map((s) => JSON.stringify(s))
        .join(', ')}`;
  }
}

/**
 * 422 `Invalid`, as `errors.NewInvalid(qualifiedKind, name, errs)` builds it: one cause per field error, and a message
 * that lists them (bracketed when more than one). The apiserver validates the internal core object, whose kind has no
 * group, so an events.k8s.io/v1 request too gets `Event "x" is invalid` and no `details.group` (checked against
 * kube-apiserver v1.20.2).
 */
export function invalid(kind: string, name: string, errors: readonly FieldError[]): ApiStatusError {
  const lines = errors.map((e) => `${e.field}: ${errorBody(e)}`);
  const aggregate = lines.length === 1 ? (lines[0] ?? '') : `[${lines.join(', ')}]`;
  const details: StatusDetailsWire = {};
  if (name !== '') details.name = name;
  details.kind = kind;
  details.causes = errors.map((e) => ({ reason: e.type, message: errorBody(e), field: e.field }));
  return failure(422, 'Invalid', `${kind} "${name}" is invalid: ${aggregate}`, details);
}
