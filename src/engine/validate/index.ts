/**
 * Validation of the whole repository before anything touches the network:
 * every file, every rule, every error in one run. Returns the loaded files
 * (for the resources to take their parts of the DesiredState) and the findings.
 */
import path from "node:path";
import { SCREENSHOTS_PER_SET } from "../../model/fields.js";
import { mapWithConcurrency } from "../../util/concurrency.js";
import { repositoryRoot } from "../../util/paths.js";
import { sortDiagnostics, type Diagnostic } from "../../contracts/diagnostics.js";
import type { AnyResource } from "../../contracts/resource.js";
import { RESOURCES } from "../../resources/index.js";
import type { FolderChoice, LoadedFiles, LocaleFile, ScreenshotFolder } from "../load/files.js";
import { normalizeTextTree, readMetadataFolder, toAppConfig, toLocaleFields } from "../load/metadata.js";
import { readReviewsFolder } from "../load/reviews.js";
import { findScreenshotFolders } from "../load/screenshot-folders.js";
import { readLock } from "../pull/lock.js";
import { checkCharacters } from "./characters.js";
import { checkImage } from "./images.js";
import { checkLocaleRules } from "./locale-rules.js";
import { findPreviews } from "./previews.js";
import { checkSchema } from "./schema-check.js";

export interface ValidateOptions {
  metadataDir: string;
  screenshotsDir: string;
  /** The app previews folder (absent: no preview set is managed, as when the default folder does not exist). */
  previewsDir?: string;
  /** How each folder was chosen (default: the default folders): a named folder must exist. */
  folders?: { metadata?: FolderChoice; screenshots?: FolderChoice; reviews?: FolderChoice; previews?: FolderChoice };
  /** The reviews folder (config.yml, replies/); default "reviews", unmanaged when that is absent. */
  reviewsDir?: string;
  /** Images inspected at once. */
  concurrency?: number;
  /** The resources whose own rules run on the loaded files (default: the registry). */
  resources?: readonly AnyResource[];
}

export interface ValidationResult {
  files: LoadedFiles;
  diagnostics: Diagnostic[];
  /** How many screenshot files were inspected. */
  imageCount: number;
  /** How many app preview videos were inspected. */
  videoCount?: number;
}

/** Files of one screenshot folder that are inspected at most. */
const INSPECT_AT_MOST = 5 * SCREENSHOTS_PER_SET.max;

export async function validateRepository(options: ValidateOptions): Promise<ValidationResult> {
  const metadataDir = path.resolve(options.metadataDir);
  const screenshotsDir = path.resolve(options.screenshotsDir);
  const diagnostics: Diagnostic[] = [];

  const metadata = await readMetadataFolder(metadataDir, options.folders?.metadata, repositoryRoot(metadataDir));
  diagnostics.push(...metadata.diagnostics);
  if (metadata.app)
    diagnostics.push(...checkSchema(metadata.app.document, "app", metadata.app.file), ...checkCharacters(metadata.app.document, metadata.app.file));
  const app = toAppConfig(metadata.app?.document.value);

  const locales: LocaleFile[] = metadata.locales.map(({ locale, file, document }) => {
    const value = normalizeTextTree(document.value);
    diagnostics.push(...checkSchema(document, "locale", file, value), ...checkCharacters(document, file, value));
    const fields = toLocaleFields(value);
    diagnostics.push(...checkLocaleRules({ file, document, fields, platform: app.app.platform }));
    return { locale, file, document, fields };
  });

  if (metadata.ageRating)
    diagnostics.push(
      ...checkSchema(metadata.ageRating.document, "ageRating", metadata.ageRating.file),
      ...checkCharacters(metadata.ageRating.document, metadata.ageRating.file),
    );
  const review = metadata.review && { ...metadata.review, value: normalizeTextTree(metadata.review.document.value) };
  if (review)
    diagnostics.push(...checkSchema(review.document, "review", review.file, review.value), ...checkCharacters(review.document, review.file, review.value));

  const reviewsFolder = await readReviewsFolder(path.resolve(options.reviewsDir ?? "reviews"), options.folders?.reviews);
  diagnostics.push(...reviewsFolder.diagnostics);
  const reviews = reviewsFolder.reviews;
  if (reviews?.config) diagnostics.push(...checkSchema(reviews.config.document, "reviewsConfig", reviews.config.file, reviews.config.value));
  for (const reply of reviews?.replies ?? [])
    diagnostics.push(...checkSchema(reply.document, "reviewReply", reply.file, reply.value), ...checkCharacters(reply.document, reply.file, reply.value));

  const root = repositoryRoot(screenshotsDir);
  const previewsDir = options.previewsDir === undefined ? undefined : path.resolve(options.previewsDir);
  const [found, pulled, previews] = await Promise.all([
    findScreenshotFolders(screenshotsDir, app.app.platform, options.folders?.screenshots),
    readLock(screenshotsDir, root),
    previewsDir === undefined
      ? undefined
      : findPreviews(previewsDir, app.app.platform, options.folders?.previews ?? { option: "--previews", named: false }, repositoryRoot(previewsDir)),
  ]);
  if (previews) diagnostics.push(...previews.diagnostics);
  // A screenshots "folder" that is missing or a file has no lock to read either: its own error says it all.
  if (!found.diagnostics.some((diagnostic) => diagnostic.rule === "screenshots.folder")) diagnostics.push(...pulled.diagnostics);
  diagnostics.push(...found.diagnostics);
  // A folder far over the limit (a mistake, or a hostile pull request) is not read file by file: its count is the error.
  const inspected = (folder: (typeof found.folders)[number]) => folder.fileNames.length <= INSPECT_AT_MOST;
  const jobs = found.folders.filter(inspected).flatMap((folder) =>
    folder.fileNames.map((fileName) => ({
      folder,
      fileName,
      file: `${folder.folder}/${fileName}`,
      absolutePath: path.join(folder.absoluteFolder, fileName),
    })),
  );
  const checked = await mapWithConcurrency(jobs, options.concurrency ?? 16, (job) =>
    checkImage({ absolutePath: job.absolutePath, file: job.file, info: job.folder.info, repositoryRoot: root }),
  );
  checked.forEach((result) => diagnostics.push(...result.diagnostics));

  const screenshotFolders: ScreenshotFolder[] = found.folders.map((folder) => {
    const count = folder.fileNames.length;
    if (count < SCREENSHOTS_PER_SET.min || count > SCREENSHOTS_PER_SET.max)
      diagnostics.push({
        severity: "error",
        rule: "screenshots.count",
        file: folder.folder,
        message:
          count === 0
            ? `holds no screenshots; a set needs ${SCREENSHOTS_PER_SET.min} to ${SCREENSHOTS_PER_SET.max} (remove the folder to leave the set unmanaged)`
            : `holds ${count} screenshots; the App Store allows ${SCREENSHOTS_PER_SET.max} per set` +
              (inspected(folder) ? "" : ` (with more than ${INSPECT_AT_MOST}, the files were not inspected)`),
      });
    const screenshots = jobs.flatMap((job, index) => (job.folder === folder && checked[index]!.screenshot ? [checked[index]!.screenshot!] : []));
    const byChecksum = new Map<string, string>();
    for (const screenshot of screenshots) {
      const twin = byChecksum.get(screenshot.checksum);
      if (twin)
        diagnostics.push({
          severity: "warning",
          rule: "screenshots.duplicate-image",
          file: screenshot.file,
          message: `is the same image as ${twin}; the set will show it twice`,
        });
      else byChecksum.set(screenshot.checksum, screenshot.fileName);
    }
    return { locale: folder.locale, displayType: folder.info.displayType, folder: folder.folder, screenshots };
  });

  const files: LoadedFiles = {
    metadataDir,
    screenshotsDir,
    ...(found.absent ? { screenshotsFolderAbsent: true } : {}),
    appFile: metadata.app?.file ?? "",
    ...(metadata.app ? { appDocument: metadata.app.document } : {}),
    app,
    locales,
    ...(metadata.ageRating ? { ageRating: metadata.ageRating } : {}),
    ...(review ? { review } : {}),
    screenshotFolders,
    ...(reviews ? { reviews } : {}),
    ...(previewsDir === undefined ? {} : { previewsDir }),
    ...(!previews || previews.absent ? { previewsFolderAbsent: true } : {}),
    previewFolders: previews?.folders ?? [],
    pulledChecksums: pulled.lock.checksums,
  };
  for (const resource of options.resources ?? RESOURCES) diagnostics.push(...(resource.validate?.(files) ?? []));
  return {
    files,
    diagnostics: sortDiagnostics(diagnostics),
    imageCount: jobs.length,
    videoCount: previews?.videoCount ?? 0,
  };
}
