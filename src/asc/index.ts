/** The App Store Connect client: import from here. */
export { AscClient, DEFAULT_API_URL, encodeQuery, parseApiUrl, type AscClientOptions, type Query, type QueryValue } from "./client.js";
export {
  credentialsFromEnv,
  loadCredentials,
  normalizePem,
  CredentialsError,
  ENV_LABELS,
  type AscCredentials,
  type CredentialInput,
  type CredentialLabels,
  type CredentialOptions,
  type SigningKey,
} from "./credentials.js";
export {
  AscError,
  AscApiError,
  AscNetworkError,
  AscAmbiguousWriteError,
  AscProtocolError,
  formatErrorItem,
  parseErrorItems,
  type NetworkFailure,
  type RequestLabel,
} from "./errors.js";
export { Downloads, type DownloadOptions } from "./download.js";
export { Transport, type ClientStats, type RequestEvent, type RequestKind, type RequestListener, type TransportOptions } from "./http.js";
export { classifyNetworkError } from "./network-errors.js";
export { collectPages, PaginationError, type CollectionDocument, type ResourceIdentity } from "./pagination.js";
export { Pacer, parseRateLimit, paceInterval, DEFAULT_PACING, type PacingOptions, type RateLimitState } from "./rate-limit.js";
export { redact } from "./redact.js";
export { DEFAULT_RETRY, decideRetry, backoffDelay, isRepeatable, parseRetryAfter, type RetryPolicy, type RetryDecision, type AttemptOutcome } from "./retry.js";
export { TokenProvider, AUDIENCE, MAX_LIFETIME_SECONDS, systemClock, type Clock, type TokenOptions, type TokenSource } from "./token.js";
export type * from "./types.js";
