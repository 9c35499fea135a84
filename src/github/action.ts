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
 *   command: analytics the analytics reports into the database, the dashboard (section 19); reads only
 *   command: reviews   new customer reviews: alerts, reply drafts in ONE pull request of its own (section 17)
 *
 * Each flow returns an Outcome (data); `publish` is the only code that talks
 * to GitHub about it.
 */
import { redactKnown } from "../asc/redact.js";
import { failureMarkdown } from "../report/markdown/validation.js";
import { DEMO_PASSWORD_ENV, readConfig, readSecretInputs } from "./config.js";
import { runnerEnvironment, type ActionEnvironment } from "./environment.js";
import { analyticsFlow } from "./flows/analytics.js";
import { applyFlow } from "./flows/apply.js";
import { driftFlow } from "./flows/drift.js";
import { planFlow } from "./flows/plan.js";
import { reviewsFlow } from "./flows/reviews.js";
import { validateFlow } from "./flows/validate.js";
import { workspacePath } from "./annotations.js";
import { log } from "./log.js";
import { sendNotifications } from "./notifications.js";
import { publish } from "./publish.js";
import { routeEvent } from "./route.js";
import type { Outcome, Run } from "./run.js";
import { maskProxyCredentials, maskSecretInputs } from "./secrets.js";
import { writeJobSummary } from "./summary.js";

export type { ActionEnvironment } from "./environment.js";

/** The step: never throws; a failure is reported with core.setFailed. */
export async function run(overrides: Partial<ActionEnvironment> = {}): Promise<void> {
  try {
    const environment = { ...runnerEnvironment(), ...overrides };
    // Masked first: nothing below, not even an invalid input's error, runs before the runner knows the secrets.
    const secrets = readSecretInputs(environment.readInput);
    maskSecretInputs(secrets);
    // The App Review demo account's password reaches plan and apply as review.yml's `{ env: ASC_DEMO_PASSWORD }` names it, masked already.
    if (secrets.demoPassword !== undefined) process.env[DEMO_PASSWORD_ENV] = secrets.demoPassword;
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
    const outcome = await sendNotifications(await perform(current), current);
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
  if (route.command === "analytics") return analyticsFlow(current);
  if (route.command === "reviews") return reviewsFlow(current);
  if (route.withoutCredentials) {
    log.notice(`The plan is skipped: ${route.withoutCredentials}. The files are validated offline.`);
    return validateFlow(current, { missing: [], fromFork: route.fromFork === true, reason: route.withoutCredentials });
  }
  if (!config.credentials && route.pullRequest !== undefined) {
    // Fork pull requests (and repositories without the secrets yet): validate offline, no API call, no failure for that.
    const skipped = { missing: config.missingCredentials, fromFork: route.fromFork === true };
    if (route.fromFork)
      log.notice(`The plan is skipped: pull requests from forks get no secrets (${skipped.missing.join(", ")} empty). The files are validated offline.`);
    else
      log.warning(
        `The plan is skipped: the inputs ${skipped.missing.join(", ")} are empty. Pass them from the repository's secrets to see the plan on pull requests.`,
      );
    return validateFlow(current, skipped);
  }
  return planFlow(current);
}
