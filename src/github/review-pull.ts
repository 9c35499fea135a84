/**
 * The reviews pull request (DESIGN.md §17): ONE open pull request from ONE
 * branch of its own, holding the reply drafts and the cursor. Committed
 * through GitHub's Git API (a tree on the branch's head, a commit, the ref
 * moved), so no git binary or push credentials are needed. Only a pull
 * request the github-token's own account opened is ever updated (anyone can
 * open one from a branch of that name); while it is open, each run builds on
 * its branch, so a person's edits there are kept, and its cursor is the one
 * the run starts from.
 */
import { firstLine, writtenBy, type Octokit, type Repository, type TokenIdentity } from "./comment.js";

/** The branch for the default reviews folder; another folder gets its own (two apps, two branches). */
export function reviewsBranch(reviewsPath: string): string {
  const where = reviewsPath.replace(/\\/g, "/").replace(/^\.\//, "").replace(/\/+$/, "");
  if (where === "" || where === "reviews") return "asc-gitops/review-replies";
  const slug = where.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^[-.]+|[-.]+$/g, "");
  return `asc-gitops/review-replies-${slug || "reviews"}`;
}

/** `<!-- asc-gitops:reviews:reviews -->`: the first line of the pull request's body, naming its folder. */
export const reviewsMarker = (reviewsPath: string) => `<!-- asc-gitops:reviews:${reviewsPath.replace(/-->/g, "--&gt;").replace(/[\r\n]/g, " ")} -->`;

export interface OwnPull {
  number: number;
  url: string;
  body: string;
}

/** The token's own open pull request from the branch, if any (its body starts with the marker). */
export async function findReviewPull(
  octokit: Octokit,
  repository: Repository,
  branch: string,
  marker: string,
  identity: TokenIdentity,
): Promise<OwnPull | undefined> {
  const pulls = octokit.paginate.iterator(octokit.rest.pulls.list, { ...repository, state: "open", head: `${repository.owner}:${branch}`, per_page: 100 });
  for await (const page of pulls)
    for (const pull of page.data)
      if (pull.head?.ref === branch && writtenBy(pull.user, identity) && firstLine(pull.body) === marker)
        return { number: pull.number, url: pull.html_url, body: pull.body ?? "" };
  return undefined;
}

const isNotFound = (error: unknown) => (error as { status?: unknown }).status === 404;

async function headOf(octokit: Octokit, repository: Repository, branch: string): Promise<string | undefined> {
  try {
    const { data } = await octokit.rest.git.getRef({ ...repository, ref: `heads/${branch}` });
    return data.object.sha;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** A file's text on a branch (undefined: not there), refused above `maxBytes` (repository content is untrusted). */
export async function fileOnBranch(octokit: Octokit, repository: Repository, branch: string, file: string, maxBytes: number): Promise<string | undefined> {
  try {
    const { data } = await octokit.rest.repos.getContent({ ...repository, path: file, ref: branch });
    if (Array.isArray(data) || data.type !== "file" || !("content" in data)) return undefined;
    if (data.size > maxBytes) throw new Error(`${file} on the branch ${branch} is larger than ${maxBytes} bytes`);
    return Buffer.from(data.content, "base64").toString("utf8");
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

export interface ReviewPullUpdate {
  branch: string;
  base: string;
  /** The pull request to update; none: a new branch from the base, and a new pull request. */
  existing?: OwnPull;
  /** Repository paths (forward slashes) and their new text. */
  files: { path: string; content: string }[];
  message: string;
  title: string;
  body: string;
}

export interface ReviewPullResult {
  action: "created" | "updated";
  number: number;
  url: string;
  commit: string;
}

/**
 * Commits the files on the branch (on its head while its pull request is
 * open; otherwise on the base, replacing whatever a merged or closed one
 * left) and opens the pull request, or edits the existing one's body.
 */
export async function commitReviewPull(octokit: Octokit, repository: Repository, update: ReviewPullUpdate): Promise<ReviewPullResult> {
  const branchHead = await headOf(octokit, repository, update.branch);
  const baseHead = await headOf(octokit, repository, update.base);
  if (!baseHead) throw new Error(`the default branch ${update.base} was not found`);
  const parent = update.existing && branchHead ? branchHead : baseHead;
  const { data: parentCommit } = await octokit.rest.git.getCommit({ ...repository, commit_sha: parent });
  const { data: tree } = await octokit.rest.git.createTree({
    ...repository,
    base_tree: parentCommit.tree.sha,
    tree: update.files.map((file) => ({ path: file.path, mode: "100644" as const, type: "blob" as const, content: file.content })),
  });
  const { data: commit } = await octokit.rest.git.createCommit({ ...repository, message: update.message, tree: tree.sha, parents: [parent] });
  if (branchHead === undefined) await octokit.rest.git.createRef({ ...repository, ref: `refs/heads/${update.branch}`, sha: commit.sha });
  // Forced only when the branch starts again from the base (no open pull request of ours holds it).
  else await octokit.rest.git.updateRef({ ...repository, ref: `heads/${update.branch}`, sha: commit.sha, force: parent !== branchHead });
  if (update.existing) {
    await octokit.rest.pulls.update({ ...repository, pull_number: update.existing.number, title: update.title, body: update.body });
    return { action: "updated", number: update.existing.number, url: update.existing.url, commit: commit.sha };
  }
  const { data: pull } = await octokit.rest.pulls.create({ ...repository, head: update.branch, base: update.base, title: update.title, body: update.body });
  return { action: "created", number: pull.number, url: pull.html_url, commit: commit.sha };
}
