/**
 * The command line (DESIGN.md §10): parses arguments once, by each command's
 * option table (which also makes its usage line and --help), runs the
 * command, and turns any failure into one readable line on stderr (a stack
 * trace only with --debug) and, with --json, into one JSON document on stdout.
 */
import { readFile } from "node:fs/promises";
import { messageWithCredentialHint } from "./asc/auth-hint.js";
import { DEFAULT_API_URL, parseApiUrl } from "./asc/client.js";
import { registerSecret } from "./asc/redact.js";
import { commandHelp, COLOR_ENVIRONMENT, CONNECTION_ENVIRONMENT, NOTIFY_ENVIRONMENT_HELP, usageLine, type EnvironmentVariable } from "./cli/help.js";
import { parseOptions, UsageError, type OptionTable, type OptionValues } from "./cli/options.js";
import { DEFAULT_DAYS, DEFAULT_DB } from "./analytics/run.js";
import { analyticsCommand } from "./commands/analytics.js";
import { applyCommand } from "./commands/apply.js";
import { driftCommand } from "./commands/drift.js";
import { planCommand } from "./commands/plan.js";
import { pullCommand } from "./commands/pull.js";
import { reviewsCommand } from "./commands/reviews.js";
import { isTerritoryCode, TERRITORY_CODES } from "./model/territories.js";
import { SANDBOX_FLAGS, sandboxCommand, sandboxOptionsFromFlags } from "./commands/sandbox.js";
import { SANDBOX_REVIEW_FLAGS, sandboxReviewCommand } from "./commands/sandbox-review.js";
import { validateCommand } from "./commands/validate.js";
import { notifyConfigFromEnvironment, notifySecrets, notifySettingsFromEnvironment, type NotifyConfig } from "./notify/config.js";
import { isUtcDate } from "./util/utc-dates.js";
import { closestMatch } from "./engine/validate/suggest.js";
import { StageError, type FailureStage } from "./pipeline/failure.js";
import { failureDocument, jsonDocument } from "./report/json.js";
import { processOutput, type Output } from "./util/output.js";

export { UsageError } from "./cli/options.js";

interface CommandDefinition {
  summary: string;
  options: OptionTable;
  environment: readonly EnvironmentVariable[];
  exitCodes: readonly (readonly [number, string])[];
  /** The stage a failure is put down to when nothing more precise named one. */
  stage: FailureStage;
  run(values: OptionValues, output: Output): Promise<number>;
}

// No parser defaults for the folders: a folder named on the command line must exist, the default may be absent (foldersOf).
const FILE_OPTIONS = {
  metadata: { type: "string", value: "DIR", defaultText: "metadata", description: "the folder of app.yml and the locale files" },
  screenshots: {
    type: "string",
    value: "DIR",
    defaultText: "screenshots (absent: no screenshot set is managed)",
    description: "the folder of <locale>/<display type>/ images; a folder named here must exist",
  },
  previews: {
    type: "string",
    value: "DIR",
    defaultText: "previews (absent: no app preview set is managed)",
    description: "the folder of <locale>/<preview type>/ videos (.mp4, .mov, .m4v); a folder named here must exist",
  },
} as const satisfies OptionTable;

const REVIEWS_OPTION = {
  reviews: {
    type: "string",
    value: "DIR",
    defaultText: "reviews (absent: no reply is managed)",
    description: "the folder of config.yml, state.yml and replies/<territory>/<reviewId>.yml; a folder named here must exist",
  },
} as const satisfies OptionTable;

/** The folders to read, and whether each was named (then it must exist) or is the default (absent: unmanaged). */
function foldersOf(values: OptionValues) {
  const named = (name: "metadata" | "screenshots" | "previews" | "reviews") => typeof values[name] === "string";
  return {
    metadataDir: named("metadata") ? String(values.metadata) : "metadata",
    screenshotsDir: named("screenshots") ? String(values.screenshots) : "screenshots",
    previewsDir: named("previews") ? String(values.previews) : "previews",
    reviewsDir: named("reviews") ? String(values.reviews) : "reviews",
    folders: {
      metadata: { option: "--metadata", named: named("metadata") },
      screenshots: { option: "--screenshots", named: named("screenshots") },
      previews: { option: "--previews", named: named("previews") },
      reviews: { option: "--reviews", named: named("reviews") },
    },
  };
}

const jsonOption = (document: string) =>
  ({
    json: {
      type: "boolean",
      default: false,
      description: `print one JSON document on stdout whatever the outcome (${document}, or where it stopped); text goes to stderr`,
    },
  }) as const satisfies OptionTable;

const PLAN_OPTIONS = {
  prune: { type: "boolean", default: false, description: "delete live localizations and screenshot sets the repository lacks, whatever app.yml's prune says" },
  today: { type: "string", value: "YYYY-MM-DD", defaultText: "today in UTC", description: "the date that decides the dated rotations" },
} as const satisfies OptionTable;

const CONNECTION_OPTIONS = {
  sandbox: {
    type: "boolean",
    default: false,
    group: "connection",
    description: "use a local App Store Connect started in this process (state in .asc-sandbox/); no API key needed",
  },
  "api-url": {
    type: "string",
    value: "URL",
    defaultText: DEFAULT_API_URL,
    group: "connection",
    description: "App Store Connect's base URL; a trailing /v1 is dropped",
  },
} as const satisfies OptionTable;

const COMMON_OPTIONS = {
  debug: { type: "boolean", default: false, description: "print the stack trace of an unexpected error" },
  help: { type: "boolean", short: "h", default: false, description: "show this help" },
} as const satisfies OptionTable;

const NETWORK_ENVIRONMENT = [...CONNECTION_ENVIRONMENT, ...COLOR_ENVIRONMENT];

/** --today YYYY-MM-DD: a real calendar date, or a usage error. */
function parseToday(value: string | boolean | undefined): string | undefined {
  if (value === undefined) return undefined;
  const text = String(value);
  if (!isUtcDate(text)) throw new UsageError(`--today must be a date written YYYY-MM-DD, not "${text}"`);
  return text;
}

/** --sandbox or --api-url (checked here, before anything runs; a trailing /v1 is dropped). */
function connectionOf(values: OptionValues) {
  if (values.sandbox && values["api-url"] !== undefined) throw new UsageError("--sandbox and --api-url exclude each other: the sandbox has its own URL");
  if (typeof values["api-url"] !== "string") return { sandbox: values.sandbox === true };
  let url: URL;
  try {
    url = parseApiUrl(values["api-url"]);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  return { sandbox: false, apiUrl: url.href.replace(/\/$/, "") };
}

/** Where notifications go (the ASC_GITOPS_* variables), checked before anything runs; their values are secrets from here on. */
function notifyOf(env: NodeJS.ProcessEnv = process.env): NotifyConfig {
  for (const secret of notifySecrets(notifySettingsFromEnvironment(env))) registerSecret(secret);
  const { config, errors } = notifyConfigFromEnvironment(env);
  if (errors.length) throw new UsageError(errors.join("; "));
  return config;
}

/** --territory USA,GBR: Apple's three-letter codes (the API refuses two-letter ones). */
function parseTerritories(value: string): string[] {
  const codes = value.split(",").map((code) => code.trim().toUpperCase());
  for (const code of codes)
    if (!isTerritoryCode(code)) {
      const suggestion = closestMatch(code, TERRITORY_CODES);
      throw new UsageError(
        `--territory: "${code}" is not an App Store territory (three letters, such as USA or GBR)${suggestion ? `; did you mean ${suggestion}?` : ""}`,
      );
    }
  return codes;
}

const text = (values: OptionValues, name: string) => (typeof values[name] === "string" ? (values[name] as string) : undefined);

/** The options every command that plans shares, from parsed values. */
function planInputs(values: OptionValues) {
  return {
    ...foldersOf(values),
    json: values.json === true,
    today: parseToday(values.today),
    connection: connectionOf(values),
    ...(values.prune === true ? { prune: true } : {}),
  };
}

const COMMANDS: Record<string, CommandDefinition> = {
  validate: {
    summary: "check metadata/ and screenshots/ against every App Store rule, offline",
    options: {
      ...FILE_OPTIONS,
      ...REVIEWS_OPTION,
      ...jsonOption("the validation result"),
      strict: { type: "boolean", default: false, description: "fail on warnings too" },
      ...COMMON_OPTIONS,
    },
    environment: COLOR_ENVIRONMENT,
    exitCodes: [
      [0, "every file passes (warnings and notices are allowed, unless --strict)"],
      [1, "errors (or warnings with --strict), or a mistake in the command line"],
    ],
    stage: "validate",
    run: (values, output) => validateCommand({ ...foldersOf(values), json: values.json === true, strict: values.strict === true }, output),
  },
  plan: {
    summary: "read live App Store Connect, diff it with the repository, and show what apply would change (GET requests only)",
    options: {
      ...FILE_OPTIONS,
      ...REVIEWS_OPTION,
      ...jsonOption("the plan"),
      out: { type: "string", value: "FILE", description: "also write the plan JSON to FILE (for apply --plan FILE)" },
      html: { type: "string", value: "FILE", description: "also write the plan as one HTML page to FILE (pictures embedded, opens offline)" },
      "detailed-exitcode": { type: "boolean", default: false, description: "exit 2 when App Store Connect differs from the repository, 0 when it does not" },
      ...PLAN_OPTIONS,
      ...CONNECTION_OPTIONS,
      ...COMMON_OPTIONS,
    },
    environment: NETWORK_ENVIRONMENT,
    exitCodes: [
      [0, "the plan was made (with --detailed-exitcode: and App Store Connect matches the repository)"],
      [1, "validation, the connection, reading App Store Connect or the command line failed"],
      [2, "with --detailed-exitcode: App Store Connect differs from the repository"],
    ],
    stage: "plan",
    run: (values, output) =>
      planCommand(
        {
          ...planInputs(values),
          ...(text(values, "out") ? { out: text(values, "out")! } : {}),
          ...(text(values, "html") ? { html: text(values, "html")! } : {}),
          detailedExitcode: values["detailed-exitcode"] === true,
        },
        output,
      ),
  },
  apply: {
    summary: "make App Store Connect equal to the repository, then verify it by reading it back",
    options: {
      ...FILE_OPTIONS,
      ...REVIEWS_OPTION,
      ...jsonOption("the apply report"),
      out: { type: "string", value: "FILE", description: "also write the apply report JSON to FILE" },
      html: { type: "string", value: "FILE", description: "also write the plan applied and its outcome as one HTML page to FILE" },
      plan: { type: "string", value: "FILE", description: "apply only if a fresh plan is still the one saved in FILE (plan --out FILE)" },
      ...PLAN_OPTIONS,
      ...CONNECTION_OPTIONS,
      ...COMMON_OPTIONS,
    },
    environment: [...NETWORK_ENVIRONMENT, ...NOTIFY_ENVIRONMENT_HELP],
    exitCodes: [
      [0, "every change was made and verified: App Store Connect matches the repository"],
      [1, "validation, the saved plan, the connection, a change or the verification failed (run it again: it finishes what is left)"],
    ],
    stage: "apply",
    run: (values, output) =>
      applyCommand(
        {
          ...planInputs(values),
          ...(text(values, "out") ? { out: text(values, "out")! } : {}),
          ...(text(values, "html") ? { html: text(values, "html")! } : {}),
          ...(text(values, "plan") ? { planFile: text(values, "plan")! } : {}),
          notify: notifyOf(),
        },
        output,
      ),
  },
  drift: {
    summary: "tell drift (live edited by hand) from pending rotations; exit 2 when live and the repository differ",
    options: { ...FILE_OPTIONS, ...REVIEWS_OPTION, ...jsonOption("the drift report"), ...PLAN_OPTIONS, ...CONNECTION_OPTIONS, ...COMMON_OPTIONS },
    environment: [...NETWORK_ENVIRONMENT, ...NOTIFY_ENVIRONMENT_HELP],
    exitCodes: [
      [0, "no drift: App Store Connect matches the repository"],
      [1, "validation, the connection, reading App Store Connect or the command line failed"],
      [2, "drift or pending rotations"],
    ],
    stage: "plan",
    run: (values, output) => driftCommand({ ...planInputs(values), notify: notifyOf() }, output),
  },
  pull: {
    summary: "write what is live (or a fastlane deliver folder, --from-fastlane) as metadata/, screenshots/ and previews/ files",
    options: {
      ...FILE_OPTIONS,
      force: { type: "boolean", default: false, description: "merge into folders that already hold files (without it, pull shows what it would write)" },
      today: PLAN_OPTIONS.today,
      "from-fastlane": { type: "string", value: "DIR", description: "convert a fastlane deliver folder instead of reading App Store Connect" },
      "rating-config": {
        type: "string",
        value: "FILE",
        defaultText: "the Deliverfile's app_rating_config_path",
        description: "with --from-fastlane: deliver's rating config JSON, converted into metadata/age-rating.yml",
      },
      "bundle-id": {
        type: "string",
        value: "ID",
        group: "app",
        defaultText: "app.yml's app, or the account's only app",
        description: "the app to pull, by bundle id",
      },
      "app-id": { type: "string", value: "ID", group: "app", description: "or by its App Store Connect id" },
      platform: { type: "string", value: "PLATFORM", defaultText: "app.yml's, else IOS", description: "IOS, MAC_OS, TV_OS or VISION_OS" },
      ...CONNECTION_OPTIONS,
      ...COMMON_OPTIONS,
    },
    environment: NETWORK_ENVIRONMENT,
    exitCodes: [
      [0, "the files were written"],
      [1, "nothing was written (an error), or some live items could not be pulled (listed)"],
    ],
    stage: "read",
    run: (values, output) => {
      if (text(values, "bundle-id") && text(values, "app-id")) throw new UsageError("--bundle-id and --app-id exclude each other");
      if (text(values, "rating-config") && !text(values, "from-fastlane")) throw new UsageError("--rating-config goes with --from-fastlane DIR");
      const optional = (name: string, key: string) => (text(values, name) ? { [key]: text(values, name)! } : {});
      return pullCommand(
        {
          metadataDir: foldersOf(values).metadataDir,
          screenshotsDir: foldersOf(values).screenshotsDir,
          previewsDir: foldersOf(values).previewsDir,
          force: values.force === true,
          today: parseToday(values.today),
          ...optional("from-fastlane", "fromFastlane"),
          ...optional("rating-config", "ratingConfig"),
          ...optional("bundle-id", "bundleId"),
          ...optional("app-id", "appId"),
          ...optional("platform", "platform"),
          connection: connectionOf(values),
        },
        output,
      );
    },
  },
  analytics: {
    summary: "fetch App Store analytics reports into a SQLite file and show the period's figures (--out: the HTML dashboard)",
    options: {
      metadata: FILE_OPTIONS.metadata,
      screenshots: { ...FILE_OPTIONS.screenshots, description: "the screenshots folder, whose git history marks listing changes on the charts" },
      db: { type: "string", value: "FILE", defaultText: DEFAULT_DB, description: "the SQLite database the reports are kept in (made when absent)" },
      out: { type: "string", value: "DIR", description: "write the dashboard there: index.html (one static page), summary.md, figures.json" },
      days: { type: "string", value: "N", defaultText: String(DEFAULT_DAYS), description: "the period's length in days, compared with the N days before it" },
      ...jsonOption("the figures"),
      ...CONNECTION_OPTIONS,
      ...COMMON_OPTIONS,
    },
    environment: NETWORK_ENVIRONMENT,
    exitCodes: [
      [0, "the reports were fetched and the figures shown"],
      [1, "app.yml, the database, the connection, App Store Connect (an Admin key is needed once) or the command line failed"],
    ],
    stage: "read",
    run: (values, output) => {
      const days = text(values, "days") ?? String(DEFAULT_DAYS);
      if (!/^\d+$/.test(days) || Number(days) < 1 || Number(days) > 180) throw new UsageError(`--days must be a whole number from 1 to 180, not "${days}"`);
      const folders = foldersOf(values);
      return analyticsCommand(
        {
          metadataDir: folders.metadataDir,
          metadataChoice: folders.folders.metadata,
          screenshotsDir: folders.screenshotsDir,
          dbFile: text(values, "db") ?? DEFAULT_DB,
          days: Number(days),
          ...(text(values, "out") ? { outDir: text(values, "out")! } : {}),
          json: values.json === true,
          connection: connectionOf(values),
        },
        output,
      );
    },
  },
  reviews: {
    summary: "read new customer reviews, alert on low ratings, write reply drafts (reviews/replies/) and post automatic replies",
    options: {
      metadata: FILE_OPTIONS.metadata,
      ...REVIEWS_OPTION,
      ...jsonOption("the new reviews, alerts, drafts and automatic replies"),
      "write-drafts": {
        type: "boolean",
        default: false,
        description: "write reviews/replies/<territory>/<reviewId>.yml for each new review config.yml selects (an existing draft is kept)",
      },
      "auto-reply": {
        type: "boolean",
        default: false,
        description: "post config.yml's autoReply to new reviews at or above its rating, without a pull request",
      },
      territory: {
        type: "string",
        value: "CODES",
        defaultText: "config.yml's territories, else all",
        description: "only these territories, Apple's three-letter codes separated by commas (USA,GBR)",
      },
      ...CONNECTION_OPTIONS,
      ...COMMON_OPTIONS,
    },
    environment: [...NETWORK_ENVIRONMENT, ...NOTIFY_ENVIRONMENT_HELP],
    exitCodes: [
      [0, "the new reviews were read (and the drafts written, the cursor in reviews/state.yml moved)"],
      [1, "validation, the connection, reading App Store Connect, an automatic reply or the command line failed"],
    ],
    stage: "read",
    run: (values, output) => {
      const folders = foldersOf(values);
      return reviewsCommand(
        {
          metadataDir: folders.metadataDir,
          screenshotsDir: folders.screenshotsDir,
          reviewsDir: folders.reviewsDir,
          folders: { metadata: folders.folders.metadata, reviews: folders.folders.reviews },
          json: values.json === true,
          writeDrafts: values["write-drafts"] === true,
          autoReply: values["auto-reply"] === true,
          ...(text(values, "territory") !== undefined ? { territories: parseTerritories(text(values, "territory")!) } : {}),
          connection: connectionOf(values),
          notify: notifyOf(),
        },
        output,
      );
    },
  },
  sandbox: {
    summary: "run the local App Store Connect (a demo app, Apple's API shapes, fault knobs) until Ctrl-C",
    options: { ...SANDBOX_FLAGS, ...COMMON_OPTIONS },
    environment: [],
    exitCodes: [
      [0, "stopped by Ctrl-C or SIGTERM (state saved)"],
      [1, "it could not start (a port in use, a mistake in the command line)"],
    ],
    stage: "connect",
    run: (values, output) => {
      let options;
      try {
        options = sandboxOptionsFromFlags(values);
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
      return sandboxCommand(options, output);
    },
  },
};

/** `sandbox review`: a sub-command of `sandbox` (see runCommand). */
const SANDBOX_REVIEW: CommandDefinition = {
  summary: "App Review decides, in the sandbox, every submission waiting for or in review (approve or reject)",
  options: { ...SANDBOX_REVIEW_FLAGS, ...COMMON_OPTIONS },
  environment: [],
  exitCodes: [
    [0, "a submission was decided"],
    [1, "none was waiting for review, the state file is missing or served by a running sandbox, or the command line is wrong"],
  ],
  stage: "connect",
  run: (values, output) => {
    if (values.approve === values.reject) throw new UsageError("give one of --approve or --reject");
    return sandboxReviewCommand(
      { decision: values.approve ? "approve" : "reject", ...(typeof values.state === "string" ? { state: values.state } : {}) },
      output,
    );
  },
};

function overview(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  return [
    "asc-gitops: App Store listings managed as code",
    "",
    "Usage: asc-gitops <command> [options]",
    "",
    "Commands:",
    ...Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`),
    "",
    "Run asc-gitops <command> --help for a command's options, asc-gitops --version for the version.",
  ].join("\n");
}

/** The version in package.json, one folder above this module (src/ or lib/). */
async function packageVersion(): Promise<string> {
  const manifest = JSON.parse(await readFile(new URL("../package.json", import.meta.url), "utf8")) as { version?: string };
  return manifest.version ?? "unknown";
}

async function runCommand(name: string | undefined, rest: readonly string[], output: Output): Promise<number> {
  if (name === "--version" || name === "-V" || name === "version") {
    output.stdout(`asc-gitops ${await packageVersion()}`);
    return 0;
  }
  if (!name || name === "--help" || name === "-h" || name === "help") {
    output.stdout(overview());
    return name ? 0 : 1;
  }
  const review = name === "sandbox" && rest[0] === "review";
  if (review) [name, rest] = ["sandbox review", rest.slice(1)];
  const command = review ? SANDBOX_REVIEW : COMMANDS[name];
  if (!command) {
    const suggestion = closestMatch(name, Object.keys(COMMANDS));
    throw new UsageError(`unknown command "${name}"${suggestion ? `; did you mean ${suggestion}?` : ""} (commands: ${Object.keys(COMMANDS).join(", ")})`);
  }
  const values = parseOptions(command.options, rest);
  if (values.help) {
    output.stdout(commandHelp({ name, ...command }));
    return 0;
  }
  return await command.run(values, output);
}

export async function main(argv: readonly string[], output: Output = processOutput()): Promise<number> {
  const [name, ...rest] = argv;
  const command = name === undefined ? undefined : COMMANDS[name];
  // With --json, a failure is a JSON document too, unless the command already printed its own.
  const json = command?.options.json !== undefined && rest.includes("--json");
  let printed = false;
  const tracked: Output = {
    ...output,
    stdout: (line) => {
      printed = true;
      output.stdout(line);
    },
  };
  try {
    return await runCommand(name, rest, tracked);
  } catch (error) {
    const stage: FailureStage = error instanceof UsageError ? "usage" : error instanceof StageError ? error.stage : (command?.stage ?? "usage");
    const message = messageWithCredentialHint(error);
    if (error instanceof UsageError && command) {
      output.stderr(
        `asc-gitops: ${message}\nUsage: ${usageLine({ name: name!, options: command.options })}\nRun asc-gitops ${name} --help for what each option does.`,
      );
    } else output.stderr(`asc-gitops: ${message}`);
    const origin = error instanceof StageError && error.cause instanceof Error ? error.cause : error;
    if (rest.includes("--debug") && !(error instanceof UsageError) && origin instanceof Error && origin.stack) output.stderr(origin.stack);
    if (json && !printed) output.stdout(jsonDocument(failureDocument(name!, stage, [message])));
    return 1;
  }
}
