/**
 * metadata/app.yml belongs to the user: `version:`, `prune:`, every option
 * and comment stay as written. Pull only says which app, when the file does
 * not (an `app:` block, or its bundleId or id), and refuses to pull another
 * app or platform into a repository that names its own.
 */
import { dump } from "js-yaml";
import { toAppConfig } from "../load/metadata.js";
import { parseYamlDocument } from "../load/yaml.js";
import type { Platform } from "../../model/platforms.js";
import { PullError } from "./errors.js";
import type { PulledListing } from "./listing.js";
import { applyEdits, columnOf, insertEntry, type Edit } from "./yaml-edit.js";
import { yamlSpans } from "./yaml-spans.js";

export const PLACEHOLDER_BUNDLE_ID = "com.example.replace-me";

type PulledApp = PulledListing["app"];

/** `bundleId: …` (or `id: "…"`), as one entry of the app block. */
function identity(app: PulledApp): [string, string] {
  return app.bundleId ? ["bundleId", app.bundleId] : ["id", JSON.stringify(app.id ?? "")];
}

/** The app.yml pull writes into an empty metadata folder. */
export function freshAppYaml(app: PulledApp): string {
  const block = app.bundleId
    ? { bundleId: app.bundleId, platform: app.platform }
    : app.id
      ? { id: app.id, platform: app.platform }
      : { bundleId: PLACEHOLDER_BUNDLE_ID, platform: app.platform };
  return `# Which app this repository manages (written by asc-gitops pull).\n${dump({ app: block, prune: false }, { lineWidth: -1, noRefs: true })}`;
}

/** The app the file names, for the check that a pull brings in that app. */
export function appNamedBy(original: string, file: string): { id?: string; bundleId?: string; platform: Platform } {
  return toAppConfig(parseYamlDocument(original, file).value).app;
}

export interface AppMerge {
  text: string;
  /** What was added: "app", "app.bundleId". */
  updated: string[];
}

export function mergeAppText(original: string, app: PulledApp, file: string): AppMerge {
  const document = parseYamlDocument(original, file);
  const named = toAppConfig(document.value).app;
  const mismatch =
    (named.id && app.id && named.id !== app.id) || (named.bundleId && app.bundleId && named.bundleId !== app.bundleId) || named.platform !== app.platform;
  if (mismatch) {
    const describe = (which: { id?: string; bundleId?: string; platform: Platform }) => `${which.bundleId ?? which.id ?? "an app"} (${which.platform})`;
    throw new PullError(
      `${file} manages ${describe(named)}, but the pull brings in ${describe(app)}; ` +
        "pull into other folders (--metadata DIR --screenshots DIR), or name this repository's app with --bundle-id, --app-id and --platform",
    );
  }
  if (named.id || named.bundleId || (!app.id && !app.bundleId)) return { text: original, updated: [] };

  const text = document.text;
  const bom = original.slice(0, original.length - text.length);
  const spans = yamlSpans(text);
  const root = spans.mappings.get("");
  const appBlock = spans.mappings.get("/app");
  const [key, value] = identity(app);
  let edit: Edit;
  let updated: string;
  if (appBlock?.entries.length && appBlock.style === "block") {
    edit = insertEntry(text, appBlock, undefined, key, value, columnOf(text, appBlock.entries[0]!.keyStart));
    updated = `app.${key}`;
  } else if (!(root?.entries ?? []).some((entry) => entry.key === "app") && root?.style !== "flow") {
    edit = insertEntry(
      text,
      root,
      undefined,
      "app",
      `\n  ${key}: ${value}\n  platform: ${app.platform}`,
      root?.entries[0] ? columnOf(text, root.entries[0].keyStart) : 0,
    );
    updated = "app";
  } else {
    throw new PullError(
      `${file} has an app: entry without bundleId or id, in a form pull does not edit; add bundleId: ${app.bundleId ?? app.id} under app:, then pull again`,
    );
  }
  return { text: bom + applyEdits(text, [edit]), updated: [updated] };
}
