/**
 * Reads metadata/app.yml and metadata/<locale>.yml with positions. A file that
 * cannot be read or parsed becomes a diagnostic; the others still load.
 */
import { readdir } from "node:fs/promises";
import path from "node:path";
import { FIELD_NAMES, FIELDS, ROTATING_FIELDS, type FieldName, type FieldValues } from "../../model/fields.js";
import { keywordItems } from "../../model/keywords.js";
import { normalizeText as normalizeString } from "../../model/text.js";
import { isAppStoreLocale, suggestLocale, type AppStoreLocale } from "../../model/locales.js";
import type { Platform } from "../../model/platforms.js";
import { displayPath, repositoryRoot } from "../../util/paths.js";
import { readRepositoryFile, RefusedFile } from "../../util/repository-files.js";
import type { Diagnostic } from "../../contracts/diagnostics.js";
import { unsafeName } from "./file-names.js";
import type { AppConfig, FolderChoice, LocaleFields, RotationWindow } from "./files.js";
import { parseYamlDocument, YamlSyntaxError, type YamlDocument } from "./yaml.js";

export interface ParsedFile {
  file: string;
  document: YamlDocument;
}

export interface ParsedLocaleFile extends ParsedFile {
  locale: AppStoreLocale;
}

export interface MetadataFiles {
  app?: ParsedFile;
  /** metadata/age-rating.yml, when there is one (absent: the age rating is unmanaged). */
  ageRating?: ParsedFile;
  locales: ParsedLocaleFile[];
  /** metadata/review.yml. */
  review?: ParsedFile;
  diagnostics: Diagnostic[];
}

const utf8 = new TextDecoder("utf-8", { fatal: true });
/** Far above any locale file: four fields of 4,000 characters at 4 bytes each are 64 KB. */
export const MAX_METADATA_FILE_BYTES = 256 * 1024;
const YAML_EXTENSION = /\.ya?ml$/i;
const APP_FILE = /^app\.ya?ml$/i;
const AGE_RATING_FILE = /^age-rating\.ya?ml$/i;
const REVIEW_FILE = /^review\.ya?ml$/i;

/** A metadata file's bytes, read as every repository file is: inside `root`, a regular file, within the cap. Throws RefusedFile. */
export function readMetadataBytes(absolute: string, root: string): Promise<Buffer> {
  return readRepositoryFile(absolute, { root, maxBytes: MAX_METADATA_FILE_BYTES, what: "metadata file" });
}

/** A YAML file of the repository, parsed with positions; its problems go to `diagnostics`. */
export async function parseFile(absolute: string, root: string, diagnostics: Diagnostic[]): Promise<ParsedFile | undefined> {
  const file = displayPath(absolute);
  let bytes: Buffer;
  try {
    bytes = await readMetadataBytes(absolute, root);
  } catch (error) {
    if (error instanceof RefusedFile) diagnostics.push({ severity: "error", rule: error.rule, file, message: error.message });
    else diagnostics.push({ severity: "error", rule: "file.read", file, message: `cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}` });
    return undefined;
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    diagnostics.push({ severity: "error", rule: "file.encoding", file, message: "is not valid UTF-8 text; save it as UTF-8" });
    return undefined;
  }
  try {
    return { file, document: parseYamlDocument(text, file) };
  } catch (error) {
    if (!(error instanceof YamlSyntaxError)) throw error;
    diagnostics.push({
      severity: "error",
      rule: "yaml.syntax",
      file,
      line: error.position?.line,
      column: error.position?.column,
      message: `YAML syntax error: ${error.reason}`,
    });
    return undefined;
  }
}

export async function readMetadataFolder(
  metadataDir: string,
  choice: FolderChoice = { option: "--metadata", named: false },
  root = repositoryRoot(metadataDir),
): Promise<MetadataFiles> {
  const diagnostics: Diagnostic[] = [];
  const folder = displayPath(metadataDir);
  let names: string[];
  try {
    // Every entry but folders: a FIFO or device named like a locale file is refused by name, not skipped.
    const entries = (await readdir(metadataDir, { withFileTypes: true })).filter((entry) => !entry.isDirectory());
    names = [];
    for (const entry of entries) {
      const refused = unsafeName(folder, entry.name, "file");
      if (refused) diagnostics.push(refused);
      else names.push(entry.name);
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message =
      code === "ENOENT"
        ? choice.named
          ? `no such folder, and ${choice.option} names it: fix the path (the metadata folder holds app.yml and one <locale>.yml per App Store locale)`
          : `no metadata folder here: create it with app.yml and one <locale>.yml per App Store locale, or name yours with ${choice.option}`
        : code === "ENOTDIR"
          ? `is a file, not a folder; ${choice.option} must name the folder of app.yml and the locale files`
          : `cannot be read: ${code ?? String(error)}`;
    return { locales: [], diagnostics: [...diagnostics, { severity: "error", rule: "metadata.folder", file: folder, message }] };
  }

  const yamlNames = names.filter((name) => YAML_EXTENSION.test(name) && !name.startsWith(".")).sort();
  const appName = yamlNames.find((name) => APP_FILE.test(name));
  const result: MetadataFiles = { locales: [], diagnostics };
  if (appName) {
    result.app = await parseFile(path.join(metadataDir, appName), root, diagnostics);
  } else {
    diagnostics.push({
      severity: "error",
      rule: "metadata.app-file",
      file: `${folder}/app.yml`,
      message: "not found; create it with app.bundleId (or app.id) and app.platform",
    });
  }

  const ageRatingName = yamlNames.find((name) => AGE_RATING_FILE.test(name));
  if (ageRatingName) result.ageRating = await parseFile(path.join(metadataDir, ageRatingName), root, diagnostics);

  const seen = new Map<string, string>();
  for (const name of yamlNames) {
    if (name === appName || name === ageRatingName) continue;
    if (REVIEW_FILE.test(name)) {
      result.review = await parseFile(path.join(metadataDir, name), root, diagnostics);
      continue;
    }
    const file = `${folder}/${name}`;
    const code = name.replace(YAML_EXTENSION, "");
    if (!isAppStoreLocale(code)) {
      const suggestion = suggestLocale(code);
      diagnostics.push({
        severity: "error",
        rule: "locale.unknown",
        file,
        message:
          `"${code}" is not an App Store locale` +
          (suggestion ? `; did you mean ${suggestion}.yml?` : "; name locale files after App Store Connect's codes, such as en-US.yml, de-DE.yml or ja.yml"),
      });
      continue;
    }
    const earlier = seen.get(code);
    if (earlier) {
      diagnostics.push({ severity: "error", rule: "locale.duplicate", file, message: `repeats locale ${code} of ${earlier}; keep one file per locale` });
      continue;
    }
    seen.set(code, file);
    const parsed = await parseFile(path.join(metadataDir, name), root, diagnostics);
    if (parsed) result.locales.push({ ...parsed, locale: code });
  }
  return result;
}

const asRecord = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
const asString = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

/**
 * Every string as the App Store should hold it: the newline that a YAML block
 * scalar (`|`) ends with is not part of the listing, and Windows line ends
 * become \n. Limits are measured on this form, so they match what is sent.
 */
export function normalizeTextTree(value: unknown): unknown {
  if (typeof value === "string") return normalizeString(value);
  if (Array.isArray(value)) return value.map(normalizeTextTree);
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, normalizeTextTree(item)]));
  return value;
}
/** Keywords as items; "" (like []) clears them, as "" clears any optional field. */
const asKeywords = (value: unknown): string[] | undefined => {
  if (typeof value === "string") return value.trim() === "" ? [] : keywordItems(value);
  return Array.isArray(value) && value.every((item) => typeof item === "string") ? keywordItems(value) : undefined;
};

/** app.yml as typed config. Called after schema validation; tolerant of what the schema already reported. */
export function toAppConfig(value: unknown): AppConfig {
  const root = asRecord(value);
  const app = asRecord(root.app);
  const id = typeof app.id === "number" ? String(app.id) : asString(app.id);
  return {
    app: { id, bundleId: asString(app.bundleId), platform: (asString(app.platform) as Platform | undefined) ?? "IOS" },
    version: asString(root.version),
    prune: root.prune === true,
  };
}

/** A locale file (normalized by normalizeTextTree) as typed fields, keywords trimmed into items. */
export function toLocaleFields(value: unknown): LocaleFields {
  const root = asRecord(value);
  const rotations: RotationWindow[] = (Array.isArray(root.rotations) ? root.rotations : []).map((item, index) => {
    const window = asRecord(item);
    return { index, from: asString(window.from) ?? "", until: asString(window.until) ?? "", ...fieldValues(window, ROTATING_FIELDS) };
  });
  return { ...fieldValues(root, FIELD_NAMES), rotations };
}

/** The named fields of a record, each typed as FIELDS says (every name present, undefined when absent or of the wrong type). */
function fieldValues<K extends FieldName>(record: Record<string, unknown>, names: readonly K[]): Pick<FieldValues, K> {
  return Object.fromEntries(names.map((name) => [name, "list" in FIELDS[name] ? asKeywords(record[name]) : asString(record[name])])) as Pick<FieldValues, K>;
}
