/**
 * command: reviews (DESIGN.md §17), on the default branch's schedule or by
 * hand: the new customer reviews read, the alerts sent (as events), the reply
 * drafts and the cursor committed on the reviews branch, and ONE pull request
 * of the action's own opened or updated with them. While that pull request is
 * open, its branch's cursor is the one the run starts from, so nothing is
 * read, drafted or alerted twice before it is merged; merging it is a push,
 * whose apply posts the replies (the replies resource).
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { redactKnown } from "../../asc/redact.js";
import { plain } from "../../engine/render/markdown.js";
import { reviewEvents } from "../../notify/run-events.js";
import { commentBody, describeGitHubError } from "../comment.js";
import { footerLine } from "../../report/markdown/parts.js";
import { reviewsPullIntro, reviewsSection } from "../../report/markdown/reviews.js";
import { runReviews, type ReviewsResult } from "../../reviews/run.js";
import { STATE_FILE } from "../../reviews/state.js";
import { diagnosticFindings } from "../annotations.js";
import { commitReviewPull, fileOnBranch, findReviewPull, reviewsBranch, reviewsMarker, type OwnPull } from "../review-pull.js";
import { log } from "../log.js";
import { identityOf, NO_PLAN_OUTPUTS, runOptions, type Outcome, type Run } from "../run.js";
import { stoppedOutcome } from "../stopped.js";

/** The cursor read from the branch is refused above this size (it is the branch's content: untrusted). */
const CURSOR_MAX_BYTES = 256 * 1024;

const PERMISSIONS = "give this workflow `contents: write` and `pull-requests: write` (examples/workflows/asc-reviews.yml)";

/** The reviews folder as a repository path; refused when it leaves the workspace. */
function repositoryFolder(workspace: string, reviewsPath: string): string {
  const relative = path.relative(workspace, path.resolve(workspace, reviewsPath));
  if (relative === "" || relative.startsWith("..") || path.isAbsolute(relative))
    throw new Error(`the reviews-path input must name a folder inside the repository; got "${reviewsPath}"`);
  return relative.split(path.sep).join("/");
}

export async function reviewsFlow(current: Run): Promise<Outcome> {
  const { config, environment, route } = current;
  const outputs = NO_PLAN_OUTPUTS;
  const failed = (message: string): Outcome => stoppedOutcome(current, "reviews", { thrown: new Error(message) });
  if (route.withoutCredentials) return failed(route.withoutCredentials);
  if (!config.githubToken || !environment.repository) return failed(`the reply drafts need a pull request: no github-token or repository; ${PERMISSIONS}`);
  const repository = environment.repository;
  const base = environment.event.payload.repository?.default_branch ?? environment.event.ref?.replace(/^refs\/heads\//, "");
  if (!base) return failed("the event does not name the default branch the reviews pull request is for");

  let folder: string;
  try {
    folder = repositoryFolder(environment.workspace, config.reviewsPath);
  } catch (error) {
    return failed((error as Error).message);
  }
  const reviewsDir = path.join(environment.workspace, ...folder.split("/"));
  const stateFile = path.join(reviewsDir, STATE_FILE);
  const branch = reviewsBranch(folder);
  const marker = reviewsMarker(folder);
  const octokit = environment.octokit(config.githubToken);

  // The open pull request's branch holds the newest cursor: start from it (the checkout has the default branch's).
  let existing: OwnPull | undefined;
  try {
    existing = await findReviewPull(octokit, repository, branch, marker, await identityOf(current, octokit));
    const cursor = existing && (await fileOnBranch(octokit, repository, branch, `${folder}/${STATE_FILE}`, CURSOR_MAX_BYTES));
    if (cursor !== undefined && cursor !== "") {
      await mkdir(reviewsDir, { recursive: true });
      await writeFile(stateFile, cursor);
    }
  } catch (error) {
    return failed(`the reviews pull request could not be looked for (${describeGitHubError(error)}); ${PERMISSIONS}`);
  }
  if (existing) log.info(`Continuing the reviews pull request #${existing.number} (branch ${branch}).`);
  const cursorBefore = await readFile(stateFile, "utf8").catch(() => "");

  let result: ReviewsResult;
  try {
    const run = await runReviews({ ...(await runOptions(current)), reviewsDir, writeDrafts: true, autoReply: true });
    if (run.validation) current.findings.push(...diagnosticFindings(run.validation.diagnostics, environment.workspace));
    if (!run.result)
      return stoppedOutcome(current, "reviews", { ...(run.failure ? { failure: run.failure } : {}), diagnostics: run.validation?.diagnostics ?? [] });
    result = run.result;
  } catch (thrown) {
    return stoppedOutcome(current, "reviews", { thrown });
  }

  const events = reviewEvents(result, current.footer.runUrl);
  const app = result.app.name ?? result.app.bundleId ?? result.app.id;
  const draftPaths = new Map<string, string>();
  for (const review of result.reviews) {
    const draft = `${folder}/replies/${review.territory}/${review.id}.yml`;
    if (result.drafts.some((written) => path.resolve(written) === path.join(environment.workspace, ...draft.split("/")))) draftPaths.set(review.id, draft);
  }
  const section = reviewsSection(result, draftPaths, `${new Date().toISOString().slice(0, 10)}: ${result.reviews.length} new`);
  log.info(`${result.reviews.length} new customer reviews, ${result.alerts.length} alerts, ${draftPaths.size} reply drafts.`);
  const autoFailed = result.autoReplies.filter((reply) => reply.status === "failed").length;
  const autoFailure = autoFailed ? { failure: `${autoFailed} automatic replies could not be posted (each is a draft in the pull request instead)` } : {};

  const cursorAfter = await readFile(stateFile, "utf8").catch(() => "");
  const files = cursorAfter !== cursorBefore ? [{ path: `${folder}/${STATE_FILE}`, content: cursorAfter }] : [];
  for (const draft of draftPaths.values()) files.push({ path: draft, content: await readFile(path.join(environment.workspace, ...draft.split("/")), "utf8") });
  const summary = (note: string) => `## asc-gitops reviews: ${plain(app)}\n\n${note}\n\n${section}\n\n${footerLine(current.footer)}\n`;
  if (!files.length)
    return {
      summary: summary(
        existing ? `Nothing new: the reviews pull request [#${existing.number}](${existing.url}) is as it was.` : "Nothing new: nothing to commit.",
      ),
      outputs,
      events,
      ...autoFailure,
    };

  try {
    const body = existing ? `${existing.body}\n\n${section}` : `${marker}\n${reviewsPullIntro(app, folder)}\n\n${section}`;
    const pull = await commitReviewPull(octokit, repository, {
      branch,
      base,
      ...(existing ? { existing } : {}),
      files,
      message: `Customer reviews: ${result.reviews.length} new, ${draftPaths.size} reply drafts (asc-gitops reviews)`,
      title: `Reply to customer reviews of ${app} (asc-gitops)`,
      body: commentBody(marker, redactKnown(body)),
    });
    log.info(`The reviews pull request #${pull.number} was ${pull.action}: ${pull.url}`);
    return {
      summary: summary(`Reviews pull request [#${pull.number}](${pull.url}) ${pull.action}.`),
      outputs,
      events,
      ...autoFailure,
    };
  } catch (error) {
    // The alerts still go out: a repeated alert next run is better than a lost one.
    const message = `the reviews pull request could not be ${existing ? "updated" : "opened"} (${describeGitHubError(error)}); ${PERMISSIONS}`;
    return { summary: summary(`> [!WARNING]\n> ${plain(message)}`), failure: message, outputs, events };
  }
}
