/**
 * Where the comment's thumbnails of repository files point (DESIGN.md §16):
 * the file at the pull request's head commit, as
 * `https://github.com/OWNER/REPO/blob/SHA/PATH?raw=true`. GitHub answers it
 * with a redirect to the raw file signed for the viewer's session, so it shows
 * for everyone who can see the repository, private ones included, and for no
 * one else; a raw.githubusercontent.com URL would need a token in the comment
 * for a private repository. [unconfirmed for every GitHub Enterprise setup:
 * each thumbnail also links to the file's page, and the HTML report embeds
 * every picture.]
 */
import path from "node:path";
import type { FileLink, MarkdownPictures } from "../engine/render/markdown-pictures.js";
import { isInside } from "../util/paths.js";
import type { PlanChange } from "../contracts/plan.js";
import type { ChangeMedia } from "../contracts/resource.js";
import type { Run } from "./run.js";

const encodePath = (relative: string) => relative.split("/").map(encodeURIComponent).join("/");

/** The head commit's file, or undefined when the run has no repository, no commit, or the file is outside the workspace. */
export function fileLinker(current: Pick<Run, "environment">, cwd = process.cwd()): (file: string) => FileLink | undefined {
  const { environment } = current;
  const repository = environment.repository;
  const sha = environment.event.payload.pull_request?.head?.sha ?? environment.sha;
  const server = (environment.serverUrl ?? "https://github.com").replace(/\/+$/, "");
  return (file) => {
    if (!repository || !/^[0-9a-f]{40}$/i.test(sha)) return undefined;
    const absolute = path.resolve(cwd, file);
    if (!isInside(environment.workspace, absolute)) return undefined;
    const relative = path.relative(environment.workspace, absolute).split(path.sep).join("/");
    const href = `${server}/${encodeURIComponent(repository.owner)}/${encodeURIComponent(repository.repo)}/blob/${sha}/${encodePath(relative)}`;
    return { href, src: `${href}?raw=true` };
  };
}

export function commentPictures(current: Pick<Run, "environment">, media: ReadonlyMap<PlanChange, ChangeMedia[]>, elsewhere: string): MarkdownPictures {
  return { media, fileUrl: fileLinker(current), elsewhere };
}
