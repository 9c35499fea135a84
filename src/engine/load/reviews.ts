/**
 * Reads the reviews folder (DESIGN.md §17): reviews/config.yml and
 * reviews/replies/<territory>/<reviewId>.yml, with positions, each file read
 * as every repository file is (inside the repository, capped). A default
 * folder that is absent is unmanaged; one the user named must exist.
 */
import { readdir } from "node:fs/promises";
import path from "node:path";
import { isTerritoryCode, TERRITORY_CODES } from "../../model/territories.js";
import { displayPath, repositoryRoot } from "../../util/paths.js";
import type { Diagnostic } from "../../contracts/diagnostics.js";
import { unsafeName } from "./file-names.js";
import type { FolderChoice, ReplyFileEntry, ReviewsFiles } from "./files.js";
import { normalizeTextTree, parseFile } from "./metadata.js";
import { closestMatch } from "../validate/suggest.js";

/** More reply files than any pull request of drafts holds: past it, the folder is refused rather than read. */
export const MAX_REPLY_FILES = 2000;
const CONFIG_FILE = /^config\.ya?ml$/i;
const YAML_FILE = /\.ya?ml$/i;

const isMissing = (error: unknown) => ["ENOENT", "ENOTDIR"].includes((error as NodeJS.ErrnoException).code ?? "");

async function entries(folder: string) {
  return (await readdir(folder, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export async function readReviewsFolder(
  reviewsDir: string,
  choice: FolderChoice = { option: "--reviews", named: false },
  root = repositoryRoot(reviewsDir),
): Promise<{ reviews?: ReviewsFiles; diagnostics: Diagnostic[] }> {
  const diagnostics: Diagnostic[] = [];
  const folder = displayPath(reviewsDir);
  let top;
  try {
    top = await entries(reviewsDir);
  } catch (error) {
    if (isMissing(error) && !choice.named) return { diagnostics };
    const message = isMissing(error)
      ? `no such folder, and ${choice.option} names it: fix the path (the reviews folder holds config.yml and replies/)`
      : `cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`;
    return { diagnostics: [{ severity: "error", rule: "reviews.folder", file: folder, message }] };
  }
  const reviews: ReviewsFiles = { folder, replies: [] };
  for (const entry of top) {
    if (entry.isDirectory() || !CONFIG_FILE.test(entry.name)) continue;
    const parsed = await parseFile(path.join(reviewsDir, entry.name), root, diagnostics);
    if (parsed) reviews.config = { ...parsed, value: normalizeTextTree(parsed.document.value) };
  }
  const repliesDir = path.join(reviewsDir, "replies");
  let territories;
  try {
    territories = await entries(repliesDir);
  } catch (error) {
    if (!isMissing(error)) diagnostics.push({ severity: "error", rule: "reviews.folder", file: `${folder}/replies`, message: "cannot be read" });
    return { reviews, diagnostics };
  }
  for (const territory of territories) {
    const territoryFolder = `${folder}/replies/${territory.name}`;
    const refused = unsafeName(`${folder}/replies`, territory.name, "folder");
    if (refused) {
      diagnostics.push(refused);
      continue;
    }
    if (!territory.isDirectory()) {
      if (!territory.name.startsWith("."))
        diagnostics.push({ severity: "error", rule: "reviews.layout", file: territoryFolder, message: "reply files go in replies/<territory>/<reviewId>.yml" });
      continue;
    }
    if (!isTerritoryCode(territory.name)) {
      const suggestion = closestMatch(territory.name.toUpperCase(), TERRITORY_CODES);
      diagnostics.push({
        severity: "error",
        rule: "reviews.territory",
        file: territoryFolder,
        message:
          `"${territory.name}" is not an App Store territory code (three letters, such as USA or GBR)` + (suggestion ? `; did you mean ${suggestion}?` : ""),
      });
      continue;
    }
    for (const file of await entries(path.join(repliesDir, territory.name))) {
      if (file.name.startsWith(".") || !YAML_FILE.test(file.name)) continue;
      const name = unsafeName(territoryFolder, file.name, "file");
      if (name) {
        diagnostics.push(name);
        continue;
      }
      if (reviews.replies.length >= MAX_REPLY_FILES) {
        diagnostics.push({
          severity: "error",
          rule: "reviews.count",
          file: `${folder}/replies`,
          message: `holds more than ${MAX_REPLY_FILES} reply files; merge or delete answered ones`,
        });
        return { reviews, diagnostics };
      }
      const parsed = await parseFile(path.join(repliesDir, territory.name, file.name), root, diagnostics);
      if (!parsed) continue;
      const entry: ReplyFileEntry = {
        ...parsed,
        value: normalizeTextTree(parsed.document.value),
        territory: territory.name,
        reviewId: file.name.replace(YAML_FILE, ""),
      };
      reviews.replies.push(entry);
    }
  }
  return { reviews, diagnostics };
}
