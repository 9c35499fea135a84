/**
 * The sticky pull request comment (DESIGN.md §1, §6): ONE comment per app,
 * found by the hidden marker on its first line (which holds the metadata
 * path, so two apps in one repository keep two comments), looked for through
 * every page of the pull request's comments, and edited in place on each push.
 * Only a comment the github-token's own account wrote is ever edited
 * (DESIGN.md §20): anyone can write the marker.
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

/** The account that GITHUB_TOKEN posts as. */
export const ACTIONS_BOT = "github-actions[bot]";

/** Who the github-token is: the only author whose comments and issues the action edits. */
export interface TokenIdentity {
  login: string;
  /** false: the token could not be asked, and only the default token's bot is taken for the action. */
  known: boolean;
  /** Why it could not be asked, for the log. */
  problem?: string;
}

/**
 * Asks GitHub who the token is (GraphQL `viewer`, which answers for the
 * default GITHUB_TOKEN, an app's installation token and a personal token
 * alike; REST `GET /user` refuses the first two). When that fails, only
 * github-actions[bot] is trusted: no one else can post as that account, and a
 * comment of some other account is never edited on a guess.
 */
export async function tokenIdentity(octokit: Octokit): Promise<TokenIdentity> {
  try {
    const answer = await octokit.graphql<{ viewer?: { login?: unknown } }>("query { viewer { login } }");
    const login = answer.viewer?.login;
    if (typeof login === "string" && login !== "") return { login, known: true };
    return { login: ACTIONS_BOT, known: false, problem: "GitHub did not name the token's account" };
  } catch (error) {
    return { login: ACTIONS_BOT, known: false, problem: describeGitHubError(error) };
  }
}

interface Author {
  login?: string;
  type?: string;
}

/** Whether `user` is the token's account. REST names a bot `name[bot]`; GraphQL may leave "[bot]" out. */
export function writtenBy(user: Author | null | undefined, identity: TokenIdentity): boolean {
  const login = user?.login?.toLowerCase();
  if (!login) return false;
  const own = identity.login.toLowerCase();
  return login === own || (user?.type === "Bot" && login === `${own}[bot]`);
}

export interface ExistingComment {
  id: number;
  body: string;
}

/** The first of the token's own comments whose first line is the marker, reading page after page until it is found. */
export async function findComment(
  octokit: Octokit,
  repository: Repository,
  issueNumber: number,
  marker: string,
  identity: TokenIdentity,
): Promise<ExistingComment | undefined> {
  const pages = octokit.paginate.iterator(octokit.rest.issues.listComments, { ...repository, issue_number: issueNumber, per_page: 100 });
  for await (const page of pages) {
    for (const comment of page.data)
      if (firstLine(comment.body) === marker && writtenBy(comment.user, identity)) return { id: comment.id, body: comment.body ?? "" };
  }
  return undefined;
}

export interface UpsertResult {
  action: "created" | "updated" | "unchanged";
  id: number;
  url?: string;
}

/** Creates the app's comment, or edits the token's own one in place (no request when the text is the same). */
export async function upsertComment(
  octokit: Octokit,
  repository: Repository,
  issueNumber: number,
  marker: string,
  markdown: string,
  identity: TokenIdentity,
): Promise<UpsertResult> {
  const body = commentBody(marker, markdown);
  const existing = await findComment(octokit, repository, issueNumber, marker, identity);
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
