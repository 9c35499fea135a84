/**
 * A pull, planned then written. The plan reads the repository and merges the
 * pulled listing into it: live values into the base fields of existing
 * locale files, new locale files for new locales, each pulled set's folder
 * made equal to the set. Everything else stays: app.yml's options, other
 * files in metadata/, locale files and screenshot folders pull does not
 * bring in. Writing fetches the images the plan needs, then swaps every
 * changed file and folder in whole (write-tree.ts).
 */
import { copyFile, cp, readdir, readFile, writeFile } from "node:fs/promises";
import { createHash } from "node:crypto";
import path from "node:path";
import type { AppStoreLocale } from "../../model/locales.js";
import { mapWithConcurrency } from "../../util/concurrency.js";
import { displayPath, isInside, repositoryRoot } from "../../util/paths.js";
import { RefusedFile } from "../../util/repository-files.js";
import { readMetadataBytes } from "../load/metadata.js";
import { YamlSyntaxError } from "../load/yaml.js";
import { PullError } from "./errors.js";
import type { PulledListing } from "./listing.js";
import { LOCK_FILE, readLock, renderLock, type PullLock } from "./lock.js";
import { freshAgeRatingYaml, mergeAgeRatingText } from "./merge-age-rating.js";
import { freshAppYaml, mergeAppText } from "./merge-app.js";
import { mergeLocaleText } from "./merge-locale.js";
import { freshValuesText, mergeValuesText } from "./merge-values.js";
import { planSetFolder, type SetFolderPlan } from "./merge-screenshots.js";
import { previewFolderKind } from "./pull-previews.js";
import { assertWritableInside } from "./safe-names.js";
import { replaceAll, visibleEntries, type Replacement } from "./write-tree.js";
import { localeYaml } from "./yaml-files.js";

export interface PullTargets {
  metadataDir: string;
  screenshotsDir: string;
  /** Where pulled preview sets go (absent: previews are not pulled). */
  previewsDir?: string;
  /** YYYY-MM-DD (UTC): which rotation is in force. */
  today: string;
}

export interface MetadataChange {
  /** Absolute path. */
  file: string;
  content: string;
  created: boolean;
  /** Fields (or app.yml entries) written. */
  updated: string[];
}

export interface PullPlan {
  listing: PulledListing;
  /** Both folders held nothing: a first pull, which needs no --force. */
  fresh: boolean;
  metadata: MetadataChange[];
  /** Pulled sets whose folder changes. */
  sets: SetFolderPlan[];
  /** Pulled preview sets whose folder changes (videos are the uploaded files: no lock pairs them). */
  previewSets: SetFolderPlan[];
  /** The lock as the repository has it. */
  lock: PullLock;
  /** What the merge left alone, and why. */
  notes: string[];
}

const utf8 = new TextDecoder("utf-8", { fatal: true });
const APP_FILE = /^app\.ya?ml$/i;

/** A file pull merges into, read as validation reads it (the same checks and cap): what validation refuses, pull does not merge into. */
async function readMetadataText(metadataDir: string, absolute: string): Promise<string> {
  await assertWritableInside(metadataDir, absolute);
  const file = displayPath(absolute);
  let bytes: Buffer;
  try {
    bytes = await readMetadataBytes(absolute, repositoryRoot(metadataDir));
  } catch (error) {
    if (!(error instanceof RefusedFile)) throw error;
    throw new PullError(`${file} ${error.message}; pull merges into this file: ${error.rule === "file.too-large" ? "shorten it" : "fix it"}, then pull again`);
  }
  try {
    return utf8.decode(bytes);
  } catch {
    throw new PullError(`${file} is not valid UTF-8 text; save it as UTF-8, then pull again`);
  }
}

/** A merge of a file that does not parse cannot keep what it says: refuse, at the error's position. */
function merging<T>(file: string, merge: () => T): T {
  try {
    return merge();
  } catch (error) {
    if (!(error instanceof YamlSyntaxError)) throw error;
    const at = error.position ? `:${error.position.line}:${error.position.column}` : "";
    throw new PullError(`${file}${at}: YAML syntax error: ${error.reason}; pull merges into this file: fix it, then pull again`);
  }
}

async function namesIn(folder: string): Promise<string[]> {
  try {
    return (await readdir(folder)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
}

async function planMetadata(listing: PulledListing, targets: PullTargets, notes: string[]): Promise<MetadataChange[]> {
  const { metadataDir } = targets;
  const names = await namesIn(metadataDir);
  const changes: MetadataChange[] = [];

  const parts = (file: string) => (listing.files ?? []).filter((part) => part.file === file);
  const appName = names.find((name) => APP_FILE.test(name));
  const appFile = path.join(metadataDir, appName ?? "app.yml");
  if (appName) {
    const original = await readMetadataText(metadataDir, appFile);
    const shownFile = displayPath(appFile);
    const merged = merging(shownFile, () => mergeAppText(original, listing.app, shownFile));
    const values = merging(shownFile, () => mergeValuesText(merged.text, parts("app.yml"), shownFile));
    const updated = [...merged.updated, ...values.updated];
    // The import's release and submit answers never replace the repository's.
    for (const label of values.kept) notes.push(`${shownFile} ${label} is kept as written: the imported value was not written over it`);
    if (updated.length) changes.push({ file: appFile, content: values.text, created: false, updated });
  } else {
    await assertWritableInside(metadataDir, appFile);
    const content = mergeValuesText(freshAppYaml(listing.app), parts("app.yml"), displayPath(appFile)).text;
    changes.push({ file: appFile, content, created: true, updated: [] });
  }

  // The other app-level files the resources pull (review.yml…): merged into the file there is, or a new one.
  const otherFiles = [...new Set((listing.files ?? []).map((part) => part.file))].filter((file) => file !== "app.yml");
  for (const name of otherFiles) {
    const stem = name.replace(/\.ya?ml$/i, "").toLowerCase();
    const existing = names.find((candidate) => candidate.toLowerCase() === `${stem}.yml` || candidate.toLowerCase() === `${stem}.yaml`);
    const file = path.join(metadataDir, existing ?? name);
    const shownFile = displayPath(file);
    if (!existing) {
      await assertWritableInside(metadataDir, file);
      changes.push({ file, content: freshValuesText(parts(name), shownFile), created: true, updated: [] });
      continue;
    }
    const original = await readMetadataText(metadataDir, file);
    const merged = merging(shownFile, () => mergeValuesText(original, parts(name), shownFile));
    if (merged.updated.length) changes.push({ file, content: merged.text, created: false, updated: merged.updated });
  }

  if (listing.ageRating && Object.keys(listing.ageRating).length) {
    const ageRatingName = names.find((name) => /^age-rating\.ya?ml$/i.test(name));
    const ageRatingFile = path.join(metadataDir, ageRatingName ?? "age-rating.yml");
    if (ageRatingName) {
      const original = await readMetadataText(metadataDir, ageRatingFile);
      const merged = merging(displayPath(ageRatingFile), () => mergeAgeRatingText(original, listing.ageRating!, displayPath(ageRatingFile)));
      if (merged.updated.length) changes.push({ file: ageRatingFile, content: merged.text, created: false, updated: merged.updated });
    } else {
      await assertWritableInside(metadataDir, ageRatingFile);
      changes.push({ file: ageRatingFile, content: freshAgeRatingYaml(listing.ageRating), created: true, updated: [] });
    }
  }

  for (const [locale, values] of listing.locales) {
    const existing = names.filter((name) => name === `${locale}.yml` || name === `${locale}.yaml`);
    if (existing.length > 1) throw new PullError(`${displayPath(metadataDir)} holds ${existing.join(" and ")}; keep one file per locale, then pull again`);
    const file = path.join(metadataDir, existing[0] ?? `${locale}.yml`);
    if (!existing.length) {
      await assertWritableInside(metadataDir, file);
      changes.push({ file, content: localeYaml(values), created: true, updated: [] });
      continue;
    }
    const shownFile = displayPath(file);
    const original = await readMetadataText(metadataDir, file);
    const merged = merging(shownFile, () =>
      mergeLocaleText(original, values, { locale: locale as AppStoreLocale, file: shownFile, today: targets.today, source: listing.source }),
    );
    notes.push(...merged.notes);
    if (merged.updated.length) changes.push({ file, content: merged.text, created: false, updated: merged.updated });
  }
  return changes;
}

export async function planPull(listing: PulledListing, targets: PullTargets): Promise<PullPlan> {
  const fresh =
    !(await visibleEntries(targets.metadataDir)).length &&
    !(await visibleEntries(targets.screenshotsDir)).length &&
    !(targets.previewsDir && (await visibleEntries(targets.previewsDir)).length);
  const notes: string[] = [];
  const metadata = await planMetadata(listing, targets, notes);
  const { lock, diagnostics } = await readLock(targets.screenshotsDir);
  if (diagnostics.length) throw new PullError(diagnostics.map((diagnostic) => `${diagnostic.file}: ${diagnostic.message}`).join("; "));
  const sets: SetFolderPlan[] = [];
  for (const set of listing.sets) {
    const planned = await planSetFolder(set, targets.screenshotsDir, lock);
    if (!planned.unchanged) sets.push(planned);
  }
  const previewSets: SetFolderPlan[] = [];
  if (targets.previewsDir)
    for (const set of listing.previewSets ?? []) {
      const planned = await planSetFolder(set, targets.previewsDir, { checksums: {} }, previewFolderKind(set));
      if (!planned.unchanged) previewSets.push(planned);
    }
  await assertWritableInside(targets.screenshotsDir, path.join(targets.screenshotsDir, LOCK_FILE));
  return { listing, fresh, metadata, sets, previewSets, lock, notes };
}

export const hasChanges = (plan: PullPlan): boolean => plan.metadata.length > 0 || plan.sets.length > 0 || plan.previewSets.length > 0;

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** One line per file or folder the pull writes. */
export function describePlan(plan: PullPlan): string[] {
  const lines: string[] = [];
  for (const change of plan.metadata)
    lines.push(change.created ? `+ ${displayPath(change.file)} (new)` : `~ ${displayPath(change.file)}: ${change.updated.join(", ")}`);
  const folders = [...plan.sets.map((set) => [set, "image"] as const), ...plan.previewSets.map((set) => [set, "video"] as const)];
  for (const [set, what] of folders) {
    const fetched = set.entries.filter((entry) => entry.fetch).length;
    const kept = set.entries.length - fetched;
    const posters = set.generated ? ` and ${set.generated.name}` : "";
    if (!set.existed) {
      lines.push(`+ ${displayPath(set.folder)}/ (${count(set.entries.length, what)}${posters}, new)`);
      continue;
    }
    const parts = [
      fetched && count(fetched, `new ${what}`),
      kept && `${kept} kept`,
      set.renamed && `${set.renamed} renamed`,
      set.removed.length && `${set.removed.length} removed`,
    ].filter(Boolean);
    lines.push(`~ ${displayPath(set.folder)}/: ${parts.join(", ")}`);
  }
  return lines;
}

export interface PullWritten {
  metadataFiles: number;
  images: number;
  videos: number;
}

const md5 = (bytes: Uint8Array) => createHash("md5").update(bytes).digest("hex");

/** Fetches the images the plan needs (a failure writes nothing), then swaps every change in. */
export async function writePull(plan: PullPlan, targets: PullTargets, concurrency = 8): Promise<PullWritten> {
  const fetches = plan.sets.flatMap((set) => set.entries.filter((entry) => entry.fetch));
  const videoFetches = plan.previewSets.flatMap((set) => set.entries.filter((entry) => entry.fetch));
  // Videos are large: fewer at once.
  const fetched = new Map([
    ...(await mapWithConcurrency(fetches, concurrency, async (entry) => [entry, await entry.fetch!.fetch()] as const)),
    ...(await mapWithConcurrency(videoFetches, 2, async (entry) => [entry, await entry.fetch!.fetch()] as const)),
  ]);

  // The lock: pairs of what this pull fetched, none for images it removed (unless kept elsewhere in a pulled set).
  const checksums = { ...plan.lock.checksums };
  const stillHeld = new Set(plan.sets.flatMap((set) => set.entries.flatMap((entry) => (entry.kept ? [entry.kept.md5] : []))));
  for (const set of plan.sets) for (const { md5: removed } of set.removed) if (!stillHeld.has(removed)) delete checksums[removed];
  for (const [entry, bytes] of fetched) {
    const sum = md5(bytes);
    if (sum !== entry.fetch!.checksum) checksums[sum] = entry.fetch!.checksum;
  }
  const lockFile = path.join(targets.screenshotsDir, LOCK_FILE);
  const before = await readFile(lockFile, "utf8").catch(() => undefined);
  const lockText = renderLock({ checksums });
  const lockChanged = before !== lockText && (before !== undefined || Object.keys(checksums).length > 0);

  const replacements: Replacement[] = [
    ...plan.metadata.map((change) => ({ target: change.file, content: change.content })),
    ...[...plan.sets, ...plan.previewSets].map((set) => ({
      target: set.folder,
      fill: async (staged: string) => {
        for (const entry of set.entries) {
          const to = path.join(staged, entry.name);
          if (entry.kept) await copyFile(entry.kept.path, to);
          else await writeFile(to, fetched.get(entry)!);
        }
        for (const other of set.others) await cp(path.join(set.folder, other), path.join(staged, other), { recursive: true, verbatimSymlinks: true });
        if (set.generated) await writeFile(path.join(staged, set.generated.name), set.generated.content);
      },
    })),
    ...(lockChanged ? [{ target: lockFile, content: lockText }] : []),
  ];
  const metadataRoot = path.resolve(targets.metadataDir);
  const previewsRoot = targets.previewsDir ? path.resolve(targets.previewsDir) : undefined;
  const rootOf = (target: string) =>
    isInside(metadataRoot, path.resolve(target))
      ? targets.metadataDir
      : previewsRoot && isInside(previewsRoot, path.resolve(target))
        ? targets.previewsDir!
        : targets.screenshotsDir;
  await replaceAll(replacements, rootOf);
  return { metadataFiles: plan.metadata.length, images: fetches.length, videos: videoFetches.length };
}
