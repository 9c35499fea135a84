/**
 * The command line (DESIGN.md §10): parses arguments once into each command's
 * options, runs the command, and turns any failure into one readable line
 * (a stack trace only with --debug).
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { validateCommand } from "./commands/validate.js";
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
    "Run asc-gitops <command> --help for a command's options.",
  ].join("\n");
}

export async function main(argv: readonly string[], output: Output = processOutput()): Promise<number> {
  const debug = argv.includes("--debug");
  try {
    const [name, ...rest] = argv;
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
