/**
 * The sandbox: a local App Store Connect API that follows Apple's OpenAPI
 * specification (DESIGN.md §8). `startSandbox()` runs it in this process (for
 * `--sandbox` runs and tests); `asc-gitops sandbox` runs it as a server.
 */
export { reviewInStateFile, startSandbox, type SandboxHandle } from "./sandbox.js";
export type { ReviewDecision, ReviewMove } from "./rules/review.js";
export { DEFAULT_STATE_PATH, type SandboxOptions } from "./options.js";
export { signSandboxToken, type TokenCredentials, type TokenOptions } from "./auth/token.js";
export type { LatencyTimers, RequestRecord, UploadPartEvent } from "./http/server.js";
export { SERVED_OPERATIONS, type OperationId } from "./spec/served-operations.js";
export { DEMO_APP, DEMO_VERSIONS } from "./seed/demo.js";
export type { MadeApp, OwnApp } from "./seed/own-app.js";
