/**
 * Apple's error documents: `{"errors":[{id, status, code, title, detail, source?}]}`.
 * Titles and details follow those App Store Connect answers with (quoted in
 * issue trackers of fastlane, the asc CLI and others); codes are dotted
 * hierarchies, so a client can match on a prefix such as ENTITY_ERROR.
 */
import { randomUUID } from "node:crypto";

export type ErrorSource = { pointer: string } | { parameter: string };

export interface ErrorItem {
  status: string;
  code: string;
  title: string;
  detail: string;
  source?: ErrorSource;
  /** `associatedErrors`: sub-errors keyed by the resource path they concern (STATE_ERROR.ENTITY_STATE_INVALID). */
  meta?: { associatedErrors: Record<string, Array<Omit<ErrorItem, "meta">>> };
}

export interface ErrorDocument {
  errors: Array<ErrorItem & { id: string }>;
}

/** A request that App Store Connect refuses: thrown by any layer, rendered once by the server. */
export class ApiError extends Error {
  readonly status: number;
  readonly items: ErrorItem[];
  readonly headers: Record<string, string>;

  constructor(status: number, items: ErrorItem[], headers: Record<string, string> = {}) {
    super(items.map((item) => `${item.code}: ${item.detail}`).join("; "));
    this.status = status;
    this.items = items;
    this.headers = headers;
  }

  document(): ErrorDocument {
    return { errors: this.items.map((item) => ({ id: randomUUID(), ...item })) };
  }
}

function single(status: number, code: string, title: string, detail: string, source?: ErrorSource): ApiError {
  return new ApiError(status, [{ status: String(status), code, title, detail, ...(source ? { source } : {}) }]);
}

const pointer = (path: string): ErrorSource => ({ pointer: path });

export const errors = {
  notAuthorized: (): ApiError =>
    single(
      401,
      "NOT_AUTHORIZED",
      "Authentication credentials are missing or invalid.",
      "Provide a properly configured and signed bearer token, and make sure that it has not expired. " +
        "Learn more about Generating Tokens for API Requests https://developer.apple.com/go/?id=api-generating-tokens",
    ),
  rateLimited: (): ApiError =>
    single(
      429,
      "RATE_LIMIT_EXCEEDED",
      "The request rate limit has been reached.",
      "We've received too many requests for this API. Please wait and try again or slow down your request rate.",
    ),
  unexpected: (): ApiError =>
    single(
      500,
      "UNEXPECTED_ERROR",
      "An unexpected error occurred.",
      "An unexpected error occurred on the server side. If this issue continues, contact us at https://developer.apple.com/contact/.",
    ),
  unavailable: (): ApiError =>
    single(503, "SERVICE_UNAVAILABLE", "The service is unavailable.", "The service is temporarily unavailable. Please try again later."),
  /** A key whose role does not allow the request (a non-Admin key creating an analytics report request, a role that may not reply to reviews). */
  forbidden: (): ApiError => single(403, "FORBIDDEN_ERROR", "This request is forbidden for security reasons", "The API key in use does not allow this request"),
  pathNotFound: (path: string): ApiError =>
    single(404, "NOT_FOUND", "The specified resource does not exist", `The path provided does not match a defined resource type: ${path}`),
  notFound: (type: string, id: string): ApiError =>
    single(404, "NOT_FOUND", "The specified resource does not exist", `There is no resource of type '${type}' with id '${id}'`),
  methodNotAllowed: (method: string, path: string): ApiError =>
    single(405, "METHOD_NOT_ALLOWED", "The request method is not valid for the resource path.", `The resource '${path}' does not allow '${method}'.`),
  parameter: (parameter: string, detail: string): ApiError => single(400, "PARAMETER_ERROR.INVALID", "A parameter has an invalid value", detail, { parameter }),
  unprocessable: (detail: string, at?: string): ApiError =>
    single(422, "ENTITY_UNPROCESSABLE", "The request entity is not processable", detail, at === undefined ? undefined : pointer(at)),
  /** Version or app info not in an editable state: one item per refused attribute, as Apple lists them. */
  state: (details: Array<{ detail: string; at?: string }>): ApiError =>
    new ApiError(
      409,
      details.map(({ detail, at }) => ({
        status: "409",
        code: "STATE_ERROR",
        title: "The request cannot be fulfilled because of the state of another resource.",
        detail,
        ...(at ? { source: pointer(at) } : {}),
      })),
    ),
  /** A version App Review cannot take yet: every missing thing at once, keyed by the resource path it concerns (rules/readiness.ts). */
  notReviewable: (versionId: string, associatedErrors: Record<string, Array<Omit<ErrorItem, "meta">>>): ApiError =>
    new ApiError(409, [
      {
        status: "409",
        code: "STATE_ERROR.ENTITY_STATE_INVALID",
        title: `appStoreVersions with id '${versionId}' is not in valid state.`,
        detail: "This resource cannot be reviewed, please check associated errors to see why.",
        meta: { associatedErrors },
      },
    ]),
  entity: (items: Array<{ code: string; title: string; detail: string; at?: string }>): ApiError =>
    new ApiError(
      409,
      items.map(({ code, title, detail, at }) => ({ status: "409", code, title, detail, ...(at ? { source: pointer(at) } : {}) })),
    ),
} as const;

/** Items of a 409 ENTITY_ERROR, gathered so that one answer lists every problem of a request. */
export const entityProblems = {
  invalid: (attribute: string, detail: string) => ({
    code: "ENTITY_ERROR.ATTRIBUTE.INVALID",
    title: "An attribute value is invalid.",
    detail,
    at: `/data/attributes/${attribute}`,
  }),
  tooLong: (attribute: string, detail: string) => ({
    code: "ENTITY_ERROR.ATTRIBUTE.INVALID",
    title: "An attribute value is too long.",
    detail,
    at: `/data/attributes/${attribute}`,
  }),
  required: (attribute: string) => ({
    code: "ENTITY_ERROR.ATTRIBUTE.REQUIRED",
    title: "The provided entity is missing a required attribute",
    detail: `You must provide a value for the attribute '${attribute}' with this request`,
    at: `/data/attributes/${attribute}`,
  }),
  unknownAttribute: (attribute: string, type: string) => ({
    code: "ENTITY_ERROR.ATTRIBUTE.UNKNOWN",
    title: "The provided entity includes an unknown attribute",
    detail: `'${attribute}' is not an attribute on the resource '${type}'`,
    at: `/data/attributes/${attribute}`,
  }),
  duplicate: (attribute: string, detail: string) => ({
    code: "ENTITY_ERROR.ATTRIBUTE.INVALID.DUPLICATE",
    title: "The provided entity includes an attribute with a value that has already been used",
    detail,
    at: `/data/attributes/${attribute}`,
  }),
  relationshipRequired: (relationship: string) => ({
    code: "ENTITY_ERROR.RELATIONSHIP.REQUIRED",
    title: "The provided entity is missing a required relationship",
    detail: `You must provide a value for the relationship '${relationship}' with this request`,
    at: `/data/relationships/${relationship}`,
  }),
  relationshipInvalid: (relationship: string, detail: string) => ({
    code: "ENTITY_ERROR.RELATIONSHIP.INVALID",
    title: "The provided entity includes a relationship with an invalid value",
    detail,
    at: `/data/relationships/${relationship}`,
  }),
  unknownRelationship: (relationship: string, type: string) => ({
    code: "ENTITY_ERROR.RELATIONSHIP.UNKNOWN",
    title: "The provided entity includes an unknown relationship",
    detail: `'${relationship}' is not a relationship on the resource '${type}'`,
    at: `/data/relationships/${relationship}`,
  }),
  idMismatch: (pathId: string, bodyId: string) => ({
    code: "ENTITY_ERROR.ID.INVALID",
    title: "The provided entity id is invalid",
    detail: `The id '${bodyId}' in the request body does not match the id '${pathId}' in the path`,
    at: "/data/id",
  }),
} as const;

export type EntityProblem = ReturnType<(typeof entityProblems)[keyof typeof entityProblems]>;
