/**
 * The command line (DESIGN.md §10): parses arguments once into each command's
 * options, runs the command, and turns any failure into one readable line
 * (a stack trace only with --debug).
 */
import { readFile } from "node:fs/promises";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { applyCommand } from "./commands/apply.js";
import { driftCommand } from "./commands/drift.js";
import { planCommand } from "./commands/plan.js";
import { pullCommand } from "./commands/pull.js";
import { SANDBOX_FLAGS, SANDBOX_USAGE, sandboxCommand, sandboxOptionsFromFlags } from "./commands/sandbox.js";
import { validateCommand } from "./commands/validate.js";
import { isUtcDate } from "./engine/rotations.js";
import { closestMatch } from "./engine/validate/suggest.js";
import { processOutput, type Output } from "./util/output.js";

type OptionSpec = NonNullable<ParseArgsConfig["options"]>;
type Values = Record<string, string | boolean | undefined>;

interface CommandDefinition {
  summary: string;
  usage: string;
  options: OptionSpec;
  run(values: Values, output: Output): Promise<number>;
}

export class UsageError extends Error {}

const FILE_OPTIONS: OptionSpec = {
  metadata: { type: "string", default: "metadata" },
  screenshots: { type: "string", default: "screenshots" },
  json: { type: "boolean", default: false },
};

const CONNECTION_OPTIONS: OptionSpec = {
  sandbox: { type: "boolean", default: false },
  "api-url": { type: "string" },
  today: { type: "string" },
};

/** --today YYYY-MM-DD: a real calendar date, or a usage error. */
function parseToday(value: string | boolean | undefined): string | undefined {
  if (value === undefined) return undefined;
  const text = String(value);
  if (!isUtcDate(text))
    throw new UsageError(`--today must be a date written YYYY-MM-DD, not "${text}"`);
  return text;
}

function connectionOf(values: Values) {
  if (values.sandbox && values["api-url"]) throw new UsageError("--sandbox and --api-url exclude each other: the sandbox has its own URL");
  return { sandbox: values.sandbox === true, ...(typeof values["api-url"] === "string" ? { apiUrl: values["api-url"] } : {}) };
}

const COMMANDS: Record<string, CommandDefinition> = {
  validate: {
    summary: "check metadata/ and screenshots/ against every App Store rule, offline",
    usage: "asc-gitops validate [--metadata DIR] [--screenshots DIR] [--json] [--strict]",
    options: { ...FILE_OPTIONS, strict: { type: "boolean", default: false } },
    run: (values, output) =>
      validateCommand(
        { metadataDir: String(values.metadata), screenshotsDir: String(values.screenshots), json: values.json === true, strict: values.strict === true },
        output,
      ),
  },
  plan: {
    summary: "read live App Store Connect, diff it with the repository, and show what apply would change (GET requests only)",
    usage:
      "asc-gitops plan [--metadata DIR] [--screenshots DIR] [--json] [--out FILE] [--detailed-exitcode] [--today YYYY-MM-DD] [--sandbox | --api-url URL]",
    options: { ...FILE_OPTIONS, ...CONNECTION_OPTIONS, out: { type: "string" }, "detailed-exitcode": { type: "boolean", default: false } },
    run: (values, output) =>
      planCommand(
        {
          metadataDir: String(values.metadata),
          screenshotsDir: String(values.screenshots),
          json: values.json === true,
          ...(typeof values.out === "string" ? { out: values.out } : {}),
          detailedExitcode: values["detailed-exitcode"] === true,
          today: parseToday(values.today),
          connection: connectionOf(values),
        },
        output,
      ),
  },
  apply: {
    summary: "make App Store Connect equal to the repository, then verify it by reading it back",
    usage: "asc-gitops apply [--metadata DIR] [--screenshots DIR] [--json] [--out FILE] [--plan FILE] [--today YYYY-MM-DD] [--sandbox | --api-url URL]",
    options: { ...FILE_OPTIONS, ...CONNECTION_OPTIONS, out: { type: "string" }, plan: { type: "string" } },
    run: (values, output) =>
      applyCommand(
        {
          metadataDir: String(values.metadata),
          screenshotsDir: String(values.screenshots),
          json: values.json === true,
          ...(typeof values.out === "string" ? { out: values.out } : {}),
          ...(typeof values.plan === "string" ? { planFile: values.plan } : {}),
          today: parseToday(values.today),
          connection: connectionOf(values),
        },
        output,
      ),
  },
  drift: {
    summary: "tell drift (live edited by hand) from pending rotations; exit 2 when live and the repository differ",
    usage: "asc-gitops drift [--metadata DIR] [--screenshots DIR] [--json] [--today YYYY-MM-DD] [--sandbox | --api-url URL]",
    options: { ...FILE_OPTIONS, ...CONNECTION_OPTIONS },
    run: (values, output) =>
      driftCommand(
        {
          metadataDir: String(values.metadata),
          screenshotsDir: String(values.screenshots),
          json: values.json === true,
          today: parseToday(values.today),
          connection: connectionOf(values),
        },
        output,
      ),
  },
  pull: {
    summary: "write what is live (or a fastlane deliver folder, --from-fastlane) as metadata/ and screenshots/ files",
    usage:
      "asc-gitops pull [--metadata DIR] [--screenshots DIR] [--force] [--today YYYY-MM-DD] [--from-fastlane DIR] [--bundle-id ID | --app-id ID] [--platform IOS] [--sandbox | --api-url URL]",
    options: {
      metadata: FILE_OPTIONS.metadata!,
      screenshots: FILE_OPTIONS.screenshots!,
      sandbox: CONNECTION_OPTIONS.sandbox!,
      "api-url": CONNECTION_OPTIONS["api-url"]!,
      force: { type: "boolean", default: false },
      today: CONNECTION_OPTIONS.today!,
      "from-fastlane": { type: "string" },
      "bundle-id": { type: "string" },
      "app-id": { type: "string" },
      platform: { type: "string" },
    },
    run: (values, output) => {
      const text = (name: string) => (typeof values[name] === "string" ? (values[name] as string) : undefined);
      if (text("bundle-id") && text("app-id")) throw new UsageError("--bundle-id and --app-id exclude each other");
      return pullCommand(
        {
          metadataDir: String(values.metadata),
          screenshotsDir: String(values.screenshots),
          force: values.force === true,
          today: parseToday(values.today),
          ...(text("from-fastlane") ? { fromFastlane: text("from-fastlane")! } : {}),
          ...(text("bundle-id") ? { bundleId: text("bundle-id")! } : {}),
          ...(text("app-id") ? { appId: text("app-id")! } : {}),
          ...(text("platform") ? { platform: text("platform")! } : {}),
          connection: connectionOf(values),
        },
        output,
      );
    },
  },
  sandbox: {
    summary: "run the local App Store Connect (a demo app, Apple's API shapes, fault knobs) until Ctrl-C",
    usage: SANDBOX_USAGE,
    options: SANDBOX_FLAGS,
    run: (values, output) => {
      let options;
      try {
        options = sandboxOptionsFromFlags(values);
      } catch (error) {
        throw new UsageError(`${(error as Error).message}\nUsage: ${SANDBOX_USAGE}`);
      }
      return sandboxCommand(options, output);
    },
  },
};

const COMMON_OPTIONS: OptionSpec = { debug: { type: "boolean", default: false }, help: { type: "boolean", short: "h", default: false } };

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

export async function main(argv: readonly string[], output: Output = processOutput()): Promise<number> {
  const debug = argv.includes("--debug");
  try {
    const [name, ...rest] = argv;
    if (name === "--version" || name === "-V" || name === "version") {
      output.stdout(`asc-gitops ${await packageVersion()}`);
      return 0;
    }
    if (!name || name === "--help" || name === "-h" || name === "help") {
      output.stdout(overview());
      return name ? 0 : 1;
    }
    const command = COMMANDS[name];
    if (!command) {
      const suggestion = closestMatch(name, Object.keys(COMMANDS));
      throw new UsageError(`unknown command "${name}"${suggestion ? `; did you mean ${suggestion}?` : ""} (commands: ${Object.keys(COMMANDS).join(", ")})`);
    }
    let values: Values;
    try {
      ({ values } = parseArgs({ args: [...rest], options: { ...COMMON_OPTIONS, ...command.options }, strict: true, allowPositionals: false }) as { values: Values });
    } catch (error) {
      const reason = (error as Error).message.replace(/\. To specify a positional argument.*$/s, "").replace(/^\w/, (first) => first.toLowerCase());
      throw new UsageError(`${reason}\nUsage: ${command.usage}`);
    }
    if (values.help) {
      output.stdout(`Usage: ${command.usage}\n\n${command.summary}`);
      return 0;
    }
    return await command.run(values, output);
  } catch (error) {
    if (error instanceof UsageError) {
      output.stderr(`asc-gitops: ${error.message}`);
      return 1;
    }
    output.stderr(`asc-gitops: ${error instanceof Error ? error.message : String(error)}`);
    if (debug && error instanceof Error && error.stack) output.stderr(error.stack);
    return 1;
  }
}
