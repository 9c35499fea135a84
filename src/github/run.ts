/**
 * One run of the action, as the flows share it: its config, route and
 * surroundings, the findings to annotate, and what each flow needs of them
 * (the connection, the artifacts' folder, the token's account, the comment).
 */
import path from "node:path";
import { ACTION_KEY_NAMES } from "../asc/auth-hint.js";
import { loadCredentials } from "../asc/credentials.js";
import { TokenProvider, type TokenSource } from "../asc/token.js";
import type { NotificationEvent } from "../notify/events.js";
import type { ConnectionOptions } from "../pipeline/connection.js";
import type { RunEvents, RunOptions } from "../pipeline/options.js";
import { printedEvents } from "../report/printed.js";
import type { Footer } from "../report/markdown/parts.js";
import type { Output } from "../util/output.js";
import type { Finding } from "./annotations.js";
import { tokenIdentity, type CommentKind, type Octokit, type TokenIdentity } from "./comment.js";
import { CREDENTIAL_LABELS, type ActionConfig, type AscInputs } from "./config.js";
import type { ActionEnvironment } from "./environment.js";
import { log } from "./log.js";
import type { Route } from "./route.js";
import { MaskedTokenSource } from "./secrets.js";

export interface Run {
  config: ActionConfig;
  route: Route;
  environment: ActionEnvironment;
  /** The metadata folder relative to the workspace: the comment marker and the footer name it. */
  metadataPath: string;
  footer: Footer;
  findings: Finding[];
  /** The github-token's account, asked once. */
  identity?: Promise<TokenIdentity>;
}

/** What a flow produced; `publish` shows it. */
export interface Outcome {
  /** The job summary (Markdown). */
  summary: string;
  /** The sticky comment to upsert: on the pull request, or on the merged one after an apply. */
  comment?: { issue: number; kind: CommentKind; body: string };
  /** Set: the step fails with this message. */
  failure?: string;
  outputs: Record<string, string>;
  /** What to notify (DESIGN.md §18); sent before the outcome is published. */
  events?: NotificationEvent[];
}

export const NO_PLAN_OUTPUTS = { "has-changes": "false", "change-count": "0", "plan-json": "" };

/** The folders the inputs name, and whether each was set (then it must exist) or is the default. */
export const repositoryFolders = (config: ActionConfig) => ({
  metadataDir: config.metadataPath,
  screenshotsDir: config.screenshotsPath,
  previewsDir: config.previewsPath,
  // The reply files are a resource: the push after a merged reviews pull request posts them.
  reviewsDir: config.reviewsPath,
  folders: config.folders,
});

/** An Output for the diagnostics printer: everything to the log. */
export const logOutput = (): Output => ({ color: false, stdout: (text) => log.info(text), stderr: (text) => log.info(text) });

/** The pipeline's findings and progress, in the log as they happen (as the command line shows them on stderr). */
export const loggedEvents = (): RunEvents => printedEvents(logOutput());

function missingCredentials(current: Run): Error {
  const missing = current.config.missingCredentials;
  return new Error(
    `${current.route.command} needs App Store Connect credentials: ` +
      `the input${missing.length === 1 ? "" : "s"} ${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} empty. ` +
      "Pass issuer-id, key-id and private-key from the repository's secrets.",
  );
}

/** Tokens signed with the inputs' key, each registered as a secret before it is used. */
async function maskedTokens(credentials: AscInputs): Promise<TokenSource> {
  const loaded = await loadCredentials(
    { issuerId: credentials.issuerId, keyId: credentials.keyId, privateKey: credentials.privateKey },
    { labels: CREDENTIAL_LABELS },
  );
  return new MaskedTokenSource(new TokenProvider(loaded));
}

async function connectionFor(current: Run): Promise<ConnectionOptions> {
  if (!current.config.credentials) throw missingCredentials(current);
  const tokens = await maskedTokens(current.config.credentials);
  return { sandbox: false, apiUrl: current.config.apiUrl, client: { tokens }, keyNames: ACTION_KEY_NAMES };
}

/** What the pipeline is given: the inputs' folders and prune, and App Store Connect with the inputs' key. */
export async function runOptions(current: Run): Promise<RunOptions> {
  return { ...repositoryFolders(current.config), connection: await connectionFor(current), prune: current.config.prune };
}

/** Whose comments and issues are the action's own: the github-token's account, asked once per run. */
export function identityOf(current: Run, octokit: Octokit): Promise<TokenIdentity> {
  current.identity ??= tokenIdentity(octokit).then((identity) => {
    if (!identity.known)
      log.warning(
        `Could not tell which account the github-token is (${identity.problem}): ` +
          `only comments and issues by ${identity.login} are taken for this action's own; ` +
          "otherwise a new one is posted rather than someone else's edited.",
      );
    return identity;
  });
  return current.identity;
}

/** Where the run's JSON files go: one folder per app, so two apps in one job keep theirs apart. */
export function artifactPath(current: Run, name: string): string {
  const slug = current.metadataPath.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "") || "app";
  return path.join(current.environment.tempDir, "asc-gitops", slug, name);
}

export function pullRequestComment(current: Run, kind: CommentKind, body: string): Outcome["comment"] {
  const issue = current.route.pullRequest;
  return issue !== undefined && current.config.comment ? { issue, kind, body } : undefined;
}
