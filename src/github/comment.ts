/**
 * The sticky pull request comment (DESIGN.md §1, §6): ONE comment per app,
 * found by the hidden marker on its first line (which holds the metadata
 * path, so two apps in one repository keep two comments), looked for through
 * every page of the pull request's comments, and edited in place on each push.
 */
import type { getOctokit } from "@actions/github";
import { GITHUB_COMMENT_LIMIT } from "../engine/render/markdown.js";

export type Octokit = ReturnType<typeof getOctokit>;

export interface Repository {
  owner: string;
  repo: string;
}

export type CommentKind = "plan" | "apply";

/**
 * `<!-- asc-gitops:metadata -->` for the plan of the app in `metadata/`,
 * `<!-- asc-gitops:apply:metadata -->` for the result of its apply,
 * `<!-- asc-gitops:drift:metadata -->` for its drift issue.
 */
export function commentMarker(kind: CommentKind | "drift", metadataPath: string): string {
  const where = metadataPath.replace(/\\/g, "/").replace(/^\.\//, "").replace(/\/+$/, "") || ".";
  // Nothing in the path may end the HTML comment early.
  const safe = where.replace(/-->/g, "--&gt;").replace(/[\r\n]/g, " ");
  return `<!-- asc-gitops:${kind === "plan" ? "" : `${kind}:`}${safe} -->`;
}

/** The first line of a comment or issue body: where the marker is. */
export const firstLine = (text: string | undefined | null) => (text ?? "").split("\n", 1)[0]!.trim();

/** The body with the marker on its first line, cut to GitHub's limit if something pushed it over. */
export function commentBody(marker: string, markdown: string): string {
  const body = firstLine(markdown) === marker ? markdown : `${marker}\n${markdown}`;
  if (body.length <= GITHUB_COMMENT_LIMIT) return body;
  const note = "\n\n> [!NOTE]\n> This comment was cut to fit GitHub's limit: the full text is in the job summary.\n";
  return body.slice(0, GITHUB_COMMENT_LIMIT - note.length) + note;
}

export interface ExistingComment {
  id: number;
  body: string;
}

/** The first comment whose first line is the marker, reading page after page until it is found. */
export async function findComment(octokit: Octokit, repository: Repository, issueNumber: number, marker: string): Promise<ExistingComment | undefined> {
  const pages = octokit.paginate.iterator(octokit.rest.issues.listComments, { ...repository, issue_number: issueNumber, per_page: 100 });
  for await (const page of pages) {
    for (const comment of page.data) if (firstLine(comment.body) === marker) return { id: comment.id, body: comment.body ?? "" };
  }
  return undefined;
}

export interface UpsertResult {
  action: "created" | "updated" | "unchanged";
  id: number;
  url?: string;
}

/** Creates the app's comment, or edits it in place (no request when the text is the same). */
export async function upsertComment(octokit: Octokit, repository: Repository, issueNumber: number, marker: string, markdown: string): Promise<UpsertResult> {
  const body = commentBody(marker, markdown);
  const existing = await findComment(octokit, repository, issueNumber, marker);
  if (existing && existing.body === body) return { action: "unchanged", id: existing.id };
  if (existing) {
    const { data } = await octokit.rest.issues.updateComment({ ...repository, comment_id: existing.id, body });
    return { action: "updated", id: data.id, url: data.html_url };
  }
  const { data } = await octokit.rest.issues.createComment({ ...repository, issue_number: issueNumber, body });
  return { action: "created", id: data.id, url: data.html_url };
}

interface AssociatedPull {
  number: number;
  merged_at?: string | null;
  merge_commit_sha?: string | null;
  state?: string;
}

/** The merged pull request a commit on the default branch came from, if any. */
export async function findMergedPullRequest(octokit: Octokit, repository: Repository, sha: string): Promise<number | undefined> {
  const { data } = await octokit.rest.repos.listPullRequestsAssociatedWithCommit({ ...repository, commit_sha: sha, per_page: 100 });
  const pulls = data as AssociatedPull[];
  const merged = pulls.filter((pull) => pull.merged_at);
  return (merged.find((pull) => pull.merge_commit_sha === sha) ?? merged[0])?.number;
}

/** "GitHub answered 403: Resource not accessible by integration", without request details (they hold the token's header). */
export function describeGitHubError(error: unknown): string {
  const status = (error as { status?: unknown }).status;
  const message = error instanceof Error ? error.message.split("\n", 1)[0]! : String(error);
  return typeof status === "number" ? `GitHub answered ${status}: ${message.replace(/\s*-\s*https:\/\/docs\.github\.com\S*$/, "")}` : message;
}
