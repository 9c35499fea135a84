/**
 * The drift tracking issue (issue 7): ONE GitHub issue per app, labelled
 * `asc-drift` and marked with the metadata path in a hidden first line.
 * Drift appears: it is opened (or the app's closed one reopened); drift
 * changes: its body is updated; live and repository agree again: it is
 * closed with a comment. A second issue for the same app is never opened.
 * Only an issue the github-token's own account opened is the app's: anyone
 * can open one with the label and the marker.
 */
import { commentBody, commentMarker, firstLine, writtenBy, type Octokit, type Repository, type TokenIdentity } from "./comment.js";

export const DRIFT_LABEL = "asc-drift";

export const driftMarker = (metadataPath: string): string => commentMarker("drift", metadataPath);

export interface DriftIssue {
  number: number;
  state: "open" | "closed";
  body: string;
}

/** The app's issue, open or closed (the most recently updated), read through every page. */
export async function findDriftIssue(octokit: Octokit, repository: Repository, marker: string, identity: TokenIdentity): Promise<DriftIssue | undefined> {
  const pages = octokit.paginate.iterator(octokit.rest.issues.listForRepo, {
    ...repository,
    labels: DRIFT_LABEL,
    state: "all",
    sort: "updated",
    direction: "desc",
    per_page: 100,
  });
  let closed: DriftIssue | undefined;
  for await (const page of pages) {
    for (const issue of page.data) {
      if (issue.pull_request || firstLine(issue.body) !== marker || !writtenBy(issue.user, identity)) continue;
      const found: DriftIssue = { number: issue.number, state: issue.state === "open" ? "open" : "closed", body: issue.body ?? "" };
      if (found.state === "open") return found;
      closed ??= found;
    }
  }
  return closed;
}

export type DriftIssueAction = "opened" | "reopened" | "updated" | "unchanged" | "closed" | "none";

export interface DriftIssueUpdate {
  marker: string;
  title: string;
  /** Markdown of the drift; empty when there is none. */
  body: string;
  drifted: boolean;
  /** Said when the issue is closed. */
  resolvedComment: string;
  /** The token's account: only its issue is found. */
  identity: TokenIdentity;
}

async function ensureLabel(octokit: Octokit, repository: Repository): Promise<void> {
  try {
    await octokit.rest.issues.createLabel({
      ...repository,
      name: DRIFT_LABEL,
      color: "d93f0b",
      description: "App Store Connect differs from the repository (asc-gitops)",
    });
  } catch (error) {
    // 422: it exists already.
    if ((error as { status?: number }).status !== 422) throw error;
  }
}

export async function syncDriftIssue(
  octokit: Octokit,
  repository: Repository,
  update: DriftIssueUpdate,
): Promise<{ action: DriftIssueAction; number?: number }> {
  const existing = await findDriftIssue(octokit, repository, update.marker, update.identity);
  if (!update.drifted) {
    if (!existing || existing.state === "closed") return { action: "none", ...(existing ? { number: existing.number } : {}) };
    await octokit.rest.issues.createComment({ ...repository, issue_number: existing.number, body: update.resolvedComment });
    await octokit.rest.issues.update({ ...repository, issue_number: existing.number, state: "closed", state_reason: "completed" });
    return { action: "closed", number: existing.number };
  }
  const body = commentBody(update.marker, update.body);
  if (existing?.state === "open") {
    if (existing.body === body) return { action: "unchanged", number: existing.number };
    await octokit.rest.issues.update({ ...repository, issue_number: existing.number, title: update.title, body });
    return { action: "updated", number: existing.number };
  }
  if (existing) {
    await octokit.rest.issues.update({ ...repository, issue_number: existing.number, title: update.title, body, state: "open" });
    return { action: "reopened", number: existing.number };
  }
  await ensureLabel(octokit, repository);
  const { data } = await octokit.rest.issues.create({ ...repository, title: update.title, body, labels: [DRIFT_LABEL] });
  return { action: "opened", number: data.number };
}
