/**
 * The GitHub Action (DESIGN.md §1, §11): inputs parsed once, secrets masked
 * before anything can print them, the event routed to a command, and the
 * command's result published: outputs, annotations, the job summary (always),
 * the sticky pull request comment, and the step's failure when it failed.
 *
 *   pull_request       validate, plan, comment (without secrets: validate only, and say so)
 *   push to default    validate, plan from the merged tree, apply, verify; comment on the merged PR
 *   schedule           drift: apply today's rotations (and the drift too with on-drift: apply), keep one drift issue per app
 *   workflow_dispatch  plan
 *
 * Each flow returns an Outcome (data); `publish` is the only code that talks
 * to GitHub about it.
 */
import * as core from "@actions/core";
import * as github from "@actions/github";
import path from "node:path";
import { ACTION_KEY_NAMES } from "../asc/auth-hint.js";
import { loadCredentials } from "../asc/credentials.js";
import { redactKnown } from "../asc/redact.js";
import { TokenProvider, type TokenSource } from "../asc/token.js";
import { reportText, runApply } from "../commands/apply.js";
import type { ConnectionOptions } from "../commands/connection.js";
import { makePlan, writeFileAtomic } from "../commands/plan.js";
import { printDiagnostics, validationSummary } from "../commands/validate.js";
import type { Diagnostic } from "../contracts/diagnostics.js";
import type { ApplyReport } from "../engine/apply/report.js";
import type { Plan } from "../engine/plan/plan.js";
import { renderJson } from "../engine/render/json.js";
import { plain } from "../engine/render/markdown.js";
import { renderText } from "../engine/render/text.js";
import { validateRepository } from "../engine/validate/index.js";
import type { Output } from "../util/output.js";
import { classifyDrift, isRotation, narrowPlan, type DriftReport } from "../engine/drift.js";
import { planDiffers } from "../engine/diff.js";
import { describeChange, plural } from "../engine/render/describe.js";
import { log } from "./log.js";
import { annotate, diagnosticFindings, workspacePath, type Finding } from "./annotations.js";
import { driftMarker, syncDriftIssue } from "./drift-issue.js";
import {
  commentMarker,
  describeGitHubError,
  findMergedPullRequest,
  tokenIdentity,
  upsertComment,
  type CommentKind,
  type Octokit,
  type Repository,
  type TokenIdentity,
} from "./comment.js";
import { CREDENTIAL_LABELS, readConfig, readSecretInputs, runnerInputs, type ActionConfig, type AscInputs, type InputReader } from "./config.js";
import { routeEvent, type EventInfo, type Route } from "./route.js";
import { maskProxyCredentials, maskSecretInputs, MaskedTokenSource } from "./secrets.js";
import {
  applyHeadline,
  applyMarkdown,
  describeStep,
  driftIssueBody,
  driftMarkdown,
  failureMarkdown,
  planMarkdown,
  validationMarkdown,
  writeJobSummary,
  type Footer,
  type SkippedPlan,
} from "./summary.js";

/** What the run needs of its surroundings; the runner's by default, replaceable in tests. */
export interface ActionEnvironment {
  readInput: InputReader;
  event: EventInfo;
  sha: string;
  repository?: Repository;
  /** The checked-out repository (GITHUB_WORKSPACE): paths in annotations are relative to it. */
  workspace: string;
  /** Where the plan and report JSON files go (RUNNER_TEMP). */
  tempDir: string;
  runUrl?: string;
  octokit(token: string): Octokit;
}

export function runnerEnvironment(env: NodeJS.ProcessEnv = process.env): ActionEnvironment {
  const context = github.context;
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? "").split("/");
  const repository = owner && repo ? { owner, repo } : undefined;
  const workspace = env.GITHUB_WORKSPACE || process.cwd();
  const runUrl = env.GITHUB_SERVER_URL && env.GITHUB_RUN_ID && repository ? `${env.GITHUB_SERVER_URL}/${owner}/${repo}/actions/runs/${env.GITHUB_RUN_ID}` : undefined;
  return {
    readInput: runnerInputs,
    event: { eventName: context.eventName ?? "", ...(context.ref ? { ref: context.ref } : {}), payload: context.payload as EventInfo["payload"] },
    sha: context.sha ?? "",
    ...(repository ? { repository } : {}),
    workspace,
    tempDir: env.RUNNER_TEMP || workspace,
    ...(runUrl ? { runUrl } : {}),
    octokit: (token) => github.getOctokit(token),
  };
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
}

interface Run {
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

const NO_PLAN_OUTPUTS = { "has-changes": "false", "change-count": "0", "plan-json": "" };

/** The step: never throws; a failure is reported with core.setFailed. */
export async function run(overrides: Partial<ActionEnvironment> = {}): Promise<void> {
  try {
    const environment = { ...runnerEnvironment(), ...overrides };
    // Masked first: nothing below, not even an invalid input's error, runs before the runner knows the secrets.
    maskSecretInputs(readSecretInputs(environment.readInput));
    maskProxyCredentials(process.env);
    const config = readConfig(environment.readInput);
    const route = routeEvent(config.command, environment.event);
    log.info(`asc-gitops ${route.command}: ${route.reason}`);
    const metadataPath = workspacePath(config.metadataPath, environment.workspace);
    const current: Run = {
      config,
      route,
      environment,
      metadataPath,
      footer: { metadataPath, ...(environment.sha ? { sha: environment.sha } : {}), ...(environment.runUrl ? { runUrl: environment.runUrl } : {}) },
      findings: [],
    };
    const outcome = await perform(current);
    await publish(outcome, current);
  } catch (error) {
    // Whatever stopped the run, the job summary says so too.
    const message = error instanceof Error ? error.message : String(error);
    try {
      await writeJobSummary(redactKnown(failureMarkdown("asc-gitops", message, {})));
    } catch {
      // The failure itself is what matters; it is reported just below.
    }
    log.failed(message);
  }
}

async function perform(current: Run): Promise<Outcome> {
  const { route, config } = current;
  if (route.command === "validate") return validateFlow(current);
  if (route.command === "apply") return applyFlow(current);
  if (route.command === "drift") return driftFlow(current);
  if (route.withoutCredentials) {
    log.notice(`The plan is skipped: ${route.withoutCredentials}. The files are validated offline.`);
    return validateFlow(current, { missing: [], fromFork: route.fromFork === true, reason: route.withoutCredentials });
  }
  if (!config.credentials && route.pullRequest !== undefined) {
    // Fork pull requests (and repositories without the secrets yet): validate offline, no API call, no failure for that.
    const skipped = { missing: config.missingCredentials, fromFork: route.fromFork === true };
    if (route.fromFork) log.notice(`The plan is skipped: pull requests from forks get no secrets (${skipped.missing.join(", ")} empty). The files are validated offline.`);
    else log.warning(`The plan is skipped: the inputs ${skipped.missing.join(", ")} are empty. Pass them from the repository's secrets to see the plan on pull requests.`);
    return validateFlow(current, skipped);
  }
  return planFlow(current);
}

/** The folders the inputs name, and whether each was set (then it must exist) or is the default. */
const repositoryFolders = (config: ActionConfig) => ({ metadataDir: config.metadataPath, screenshotsDir: config.screenshotsPath, folders: config.folders });

/** An Output for the engine's commands: everything to the log, stderr lines kept to quote failures. */
function logOutput(): Output & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    color: false,
    stdout: (text) => log.info(text),
    stderr: (text) => {
      lines.push(text);
      log.info(text);
    },
  };
}

/** The last "✗ …" lines the engine printed: why a read failed. */
const failureLines = (lines: readonly string[]) => lines.filter((line) => line.startsWith("✗ ")).map((line) => line.slice(2));

function missingCredentials(current: Run): Error {
  const missing = current.config.missingCredentials;
  return new Error(
    `${current.route.command} needs App Store Connect credentials: the input${missing.length === 1 ? "" : "s"} ${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} empty. ` +
      "Pass issuer-id, key-id and private-key from the repository's secrets.",
  );
}

/** Tokens signed with the inputs' key, each registered as a secret before it is used. */
async function maskedTokens(credentials: AscInputs): Promise<TokenSource> {
  const loaded = await loadCredentials({ issuerId: credentials.issuerId, keyId: credentials.keyId, privateKey: credentials.privateKey }, { labels: CREDENTIAL_LABELS });
  return new MaskedTokenSource(new TokenProvider(loaded));
}

async function connectionFor(current: Run): Promise<ConnectionOptions> {
  if (!current.config.credentials) throw missingCredentials(current);
  const tokens = await maskedTokens(current.config.credentials);
  return { sandbox: false, apiUrl: current.config.apiUrl, client: { tokens }, keyNames: ACTION_KEY_NAMES };
}

/** Whose comments and issues are the action's own: the github-token's account, asked once per run. */
function identityOf(current: Run, octokit: Octokit): Promise<TokenIdentity> {
  current.identity ??= tokenIdentity(octokit).then((identity) => {
    if (!identity.known)
      log.warning(
        `Could not tell which account the github-token is (${identity.problem}): only comments and issues by ${identity.login} are taken for this action's own; ` +
          "otherwise a new one is posted rather than someone else's edited.",
      );
    return identity;
  });
  return current.identity;
}

/** Where the run's JSON files go: one folder per app, so two apps in one job keep theirs apart. */
function artifactPath(current: Run, name: string): string {
  const slug = current.metadataPath.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "") || "app";
  return path.join(current.environment.tempDir, "asc-gitops", slug, name);
}

async function planOutputs(current: Run, plan: Plan): Promise<Record<string, string>> {
  const file = artifactPath(current, "plan.json");
  await writeFileAtomic(file, renderJson(plan));
  // A blocked change is a difference too: has-changes says live differs, change-count counts what apply can make.
  return { "has-changes": String(planDiffers(plan)), "change-count": String(plan.changes.length), "plan-json": file };
}

function planFindings(plan: Plan, workspace: string): Finding[] {
  const at = (source: Plan["errors"][number]["source"]) =>
    source ? { file: workspacePath(source.file, workspace), ...(source.line !== undefined ? { line: source.line } : {}), ...(source.column !== undefined ? { column: source.column } : {}) } : {};
  return [
    ...plan.errors.map((error): Finding => ({ level: "error", message: error.message, title: "asc-gitops: plan", ...at(error.source) })),
    ...plan.blocked.map(
      (blocked): Finding => ({
        level: "warning",
        message: `blocked: ${blocked.locale}: ${describeChange(blocked, plan.app)} cannot be applied now: ${blocked.reason}`,
        title: "asc-gitops: blocked change",
        ...at(blocked.source),
      }),
    ),
  ];
}

const warningsOf = (diagnostics: readonly Diagnostic[]) => diagnostics.filter((diagnostic) => diagnostic.severity === "warning");
const errorCount = (diagnostics: readonly Diagnostic[]) => diagnostics.filter((diagnostic) => diagnostic.severity === "error").length;

function pullRequestComment(current: Run, kind: CommentKind, body: string): Outcome["comment"] {
  const issue = current.route.pullRequest;
  return issue !== undefined && current.config.comment ? { issue, kind, body } : undefined;
}

async function validateFlow(current: Run, skipped?: SkippedPlan): Promise<Outcome> {
  const { config } = current;
  const output = logOutput();
  const result = await validateRepository(repositoryFolders(config));
  printDiagnostics(output, result.diagnostics);
  current.findings.push(...diagnosticFindings(result.diagnostics, current.environment.workspace));
  const stats = validationSummary(result);
  log.info(
    `${stats.errors ? "✗ validation failed" : "✓ validation passed"}: ${plural(stats.errors, "error", "errors")}, ${plural(stats.warnings, "warning", "warnings")}, ` +
      `${plural(stats.notices, "notice", "notices")} in ${plural(stats.localeFiles, "locale file", "locale files")} and ${plural(stats.screenshots, "image", "images")}`,
  );
  const heading = skipped ? "asc-gitops plan · skipped" : "asc-gitops validate";
  const markdown = (target: "comment" | "summary") =>
    validationMarkdown({ heading, diagnostics: result.diagnostics, stats, ...(skipped ? { skipped } : {}), footer: current.footer, target });
  const errors = errorCount(result.diagnostics);
  return {
    summary: markdown("summary"),
    comment: pullRequestComment(current, "plan", markdown("comment")),
    ...(errors ? { failure: `validation failed with ${plural(errors, "error", "errors")}` } : {}),
    outputs: NO_PLAN_OUTPUTS,
  };
}

async function planFlow(current: Run): Promise<Outcome> {
  const { config, route } = current;
  const heading = "asc-gitops plan";
  const output = logOutput();
  let planRun;
  try {
    planRun = await makePlan(
      {
        ...repositoryFolders(config),
        json: false,
        detailedExitcode: false,
        connection: await connectionFor(current),
        prune: config.prune,
      },
      output,
    );
  } catch (error) {
    const message = `The plan could not be made: ${error instanceof Error ? error.message : String(error)}`;
    return { summary: failureMarkdown(heading, message, current.footer), comment: pullRequestComment(current, "plan", failureMarkdown(heading, message, current.footer)), failure: message, outputs: NO_PLAN_OUTPUTS };
  }
  current.findings.push(...diagnosticFindings(planRun.diagnostics, current.environment.workspace));
  const plan = planRun.plan;
  if (!plan) {
    const errors = errorCount(planRun.diagnostics);
    if (errors) {
      const markdown = (target: "comment" | "summary") => validationMarkdown({ heading, diagnostics: planRun.diagnostics, footer: current.footer, target });
      return { summary: markdown("summary"), comment: pullRequestComment(current, "plan", markdown("comment")), failure: `validation failed with ${plural(errors, "error", "errors")}`, outputs: NO_PLAN_OUTPUTS };
    }
    const message = `App Store Connect could not be read: ${failureLines(output.lines).join("; ") || "see the log"}`;
    return { summary: failureMarkdown(heading, message, current.footer), comment: pullRequestComment(current, "plan", failureMarkdown(heading, message, current.footer)), failure: message, outputs: NO_PLAN_OUTPUTS };
  }
  current.findings.push(...planFindings(plan, current.environment.workspace));
  log.info(renderText(plan, { color: false }));
  const outputs = await planOutputs(current, plan);
  const warnings = warningsOf(planRun.diagnostics);
  const note = "";
  const marker = commentMarker("plan", current.metadataPath);
  return {
    summary: note + planMarkdown(plan, { warnings, footer: current.footer, target: "summary" }),
    comment: pullRequestComment(current, "plan", planMarkdown(plan, { marker, warnings, footer: current.footer, target: "comment" })),
    ...(plan.errors.length ? { failure: `the plan has ${plural(plan.errors.length, "error", "errors")}: ${plan.errors[0]!.message}` } : {}),
    outputs,
  };
}

function applyFindings(report: ApplyReport, workspace: string): Finding[] {
  return report.steps
    .filter((step) => step.status === "failed")
    .map((step) => ({
      level: "error" as const,
      title: "asc-gitops: apply",
      message: `${step.locale}: ${describeStep(step, report.app)} failed: ${step.error?.message ?? "no reason given"}`,
      ...(step.source ? { file: workspacePath(step.source.file, workspace), ...(step.source.line !== undefined ? { line: step.source.line } : {}), ...(step.source.column !== undefined ? { column: step.source.column } : {}) } : {}),
    }));
}

/** The merged pull request of this push, to comment the result on (none: the summary only). */
async function mergedPullRequest(current: Run): Promise<number | undefined> {
  const { config, environment } = current;
  if (!config.comment || !config.githubToken || !environment.repository || !environment.sha) return undefined;
  try {
    const number = await findMergedPullRequest(environment.octokit(config.githubToken), environment.repository, environment.sha);
    if (number === undefined) log.info(`No merged pull request is associated with ${environment.sha.slice(0, 7)}: the result is in the job summary only.`);
    return number;
  } catch (error) {
    log.warning(`Could not look up the pull request of ${environment.sha.slice(0, 7)} (${describeGitHubError(error)}): the result is in the job summary only.`);
    return undefined;
  }
}

async function applyFlow(current: Run): Promise<Outcome> {
  const { config } = current;
  const heading = "asc-gitops apply";
  const output = logOutput();
  let result;
  try {
    result = await runApply(
      { ...repositoryFolders(config), json: false, connection: await connectionFor(current), prune: config.prune },
      output,
    );
  } catch (error) {
    const message = `The apply could not run: ${error instanceof Error ? error.message : String(error)}`;
    return { summary: failureMarkdown(heading, message, current.footer), failure: message, outputs: NO_PLAN_OUTPUTS };
  }
  current.findings.push(...diagnosticFindings(result.diagnostics, current.environment.workspace));
  const { report, plan } = result;
  if (!report) {
    const errors = errorCount(result.diagnostics);
    if (errors)
      return {
        summary: validationMarkdown({ heading, diagnostics: result.diagnostics, footer: current.footer, target: "summary" }),
        failure: `validation failed with ${plural(errors, "error", "errors")}: nothing was applied`,
        outputs: NO_PLAN_OUTPUTS,
      };
    const message = `Nothing was applied: ${failureLines(output.lines).join("; ") || "see the log"}`;
    return { summary: failureMarkdown(heading, message, current.footer), failure: message, outputs: NO_PLAN_OUTPUTS };
  }
  current.findings.push(...applyFindings(report, current.environment.workspace));
  log.info(reportText(report));
  const reportFile = artifactPath(current, "apply-report.json");
  await writeFileAtomic(reportFile, `${JSON.stringify(report, null, 2)}\n`);
  const outputs = { ...(plan ? await planOutputs(current, plan) : NO_PLAN_OUTPUTS), "report-json": reportFile };
  const pull = await mergedPullRequest(current);
  const comment =
    pull !== undefined
      ? { issue: pull, kind: "apply" as const, body: applyMarkdown(report, { marker: commentMarker("apply", current.metadataPath), footer: current.footer, target: "comment" }) }
      : undefined;
  return {
    summary: applyMarkdown(report, { ...(plan ? { plan } : {}), footer: current.footer, target: "summary" }),
    ...(comment ? { comment } : {}),
    ...(report.success ? {} : { failure: applyHeadline(report) }),
    outputs,
  };
}

/**
 * The scheduled run (issue 7): today's dated rotations are applied whatever
 * on-drift says; drift (hand edits in App Store Connect) is applied too with
 * on-drift: apply, and otherwise reported. The app's drift issue follows what
 * is left: opened, updated, or closed when live and the repository agree.
 */
async function driftFlow(current: Run): Promise<Outcome> {
  const { config, environment } = current;
  const heading = "asc-gitops drift";
  const output = logOutput();
  let found: DriftReport | undefined;
  let result;
  try {
    result = await runApply(
      { ...repositoryFolders(config), json: false, connection: await connectionFor(current), prune: config.prune },
      output,
      (plan, desired) => {
        found = classifyDrift(plan, desired);
        if (config.onDrift === "apply") return { plan };
        return { plan: narrowPlan(plan, found.rotations), scope: (change) => isRotation(change, desired) };
      },
    );
  } catch (error) {
    const message = `The drift check could not run: ${error instanceof Error ? error.message : String(error)}`;
    return { summary: failureMarkdown(heading, message, current.footer), failure: message, outputs: NO_PLAN_OUTPUTS };
  }
  current.findings.push(...diagnosticFindings(result.diagnostics, environment.workspace));
  const { report } = result;
  if (!report || !found) {
    const errors = errorCount(result.diagnostics);
    const message = errors ? `validation failed with ${plural(errors, "error", "errors")}: drift was not checked` : `Drift was not checked: ${failureLines(output.lines).join("; ") || "see the log"}`;
    return {
      summary: errors ? validationMarkdown({ heading, diagnostics: result.diagnostics, footer: current.footer, target: "summary" }) : failureMarkdown(heading, message, current.footer),
      failure: message,
      outputs: NO_PLAN_OUTPUTS,
    };
  }
  current.findings.push(...applyFindings(report, environment.workspace));
  log.info(reportText(report));
  const remaining = config.onDrift === "apply" ? (report.verification?.remaining ?? found.drift) : found.drift;
  const reportFile = artifactPath(current, "apply-report.json");
  await writeFileAtomic(reportFile, `${JSON.stringify(report, null, 2)}\n`);
  const outputs = { ...(await planOutputs(current, found.plan)), "report-json": reportFile };
  const markdown = driftMarkdown({ found, remaining, report, onDrift: config.onDrift, footer: current.footer });

  let issueNote = "";
  if (!config.githubToken || !environment.repository) issueNote = "The drift issue was not updated: no github-token or repository.";
  else {
    try {
      const octokit = environment.octokit(config.githubToken);
      const synced = await syncDriftIssue(octokit, environment.repository, {
        identity: await identityOf(current, octokit),
        marker: driftMarker(current.metadataPath),
        title: `App Store Connect differs from ${current.metadataPath} (asc-gitops drift)`,
        body: redactKnown(driftIssueBody(found, remaining, current.footer)),
        drifted: remaining.length > 0 || found.blocked.length > 0,
        resolvedComment: `App Store Connect matches the repository again${current.footer.runUrl ? ` ([run](${current.footer.runUrl}))` : ""}: closing.`,
      });
      if (synced.action !== "none") issueNote = `Drift issue #${synced.number}: ${synced.action}.`;
      log.info(issueNote || "No drift and no open drift issue.");
    } catch (error) {
      issueNote = `The drift issue could not be updated (${describeGitHubError(error)}); give the workflow \`issues: write\`.`;
      log.warning(issueNote);
    }
  }
  return {
    summary: `${markdown}${issueNote ? `\n\n<sub>${plain(issueNote)}</sub>\n` : ""}`,
    ...(report.success ? {} : { failure: applyHeadline(report) }),
    outputs,
  };
}

async function publish(outcome: Outcome, current: Run): Promise<void> {
  const { config, environment } = current;
  for (const [name, value] of Object.entries(outcome.outputs)) core.setOutput(name, value);
  annotate(current.findings);
  let summary = outcome.summary;
  const comment = outcome.comment;
  if (comment) {
    const what = comment.kind === "plan" ? "the plan" : "the apply result";
    let problem: string | undefined;
    if (!config.githubToken) problem = "the github-token input is empty";
    else if (!environment.repository) problem = "GITHUB_REPOSITORY is not set";
    else {
      try {
        const octokit = environment.octokit(config.githubToken);
        const marker = commentMarker(comment.kind, current.metadataPath);
        const result = await upsertComment(octokit, environment.repository, comment.issue, marker, redactKnown(comment.body), await identityOf(current, octokit));
        log.info(`${result.action === "unchanged" ? "Left unchanged" : result.action === "created" ? "Posted" : "Updated"} ${what} comment on #${comment.issue}${result.url ? `: ${result.url}` : ""}`);
      } catch (error) {
        problem = describeGitHubError(error);
      }
    }
    if (problem) {
      log.warning(`Could not comment on #${comment.issue} (${problem}): ${what} is in this job's summary.`);
      summary += `\n> [!NOTE]\n> ${what.replace(/^t/, "T")} could not be posted on #${comment.issue} (${plain(problem)}); this summary is its only copy.\n`;
    }
  }
  try {
    await writeJobSummary(redactKnown(summary));
  } catch (error) {
    log.warning(`Could not write the job summary: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (outcome.failure) log.failed(outcome.failure);
  else if (outcome.outputs["plan-json"]) log.info(`✓ ${outcome.outputs["report-json"] ? "applied" : "planned"}; outputs: has-changes=${outcome.outputs["has-changes"]}, change-count=${outcome.outputs["change-count"]}`);
}
