/**
 * A command's usage line and --help, made from its option table: every option
 * with its description and default, the environment variables the command
 * reads, and its exit codes.
 */
import { optionLabel, type OptionDefinition, type OptionTable } from "./options.js";

export interface EnvironmentVariable {
  name: string;
  description: string;
}

/** What the commands that talk to App Store Connect read from the environment. */
export const CONNECTION_ENVIRONMENT: readonly EnvironmentVariable[] = [
  { name: "ASC_ISSUER_ID", description: "the API key's issuer id (App Store Connect > Users and Access > Integrations); not read with --sandbox" },
  { name: "ASC_KEY_ID", description: "the API key's id; not read with --sandbox" },
  { name: "ASC_PRIVATE_KEY", description: "the API key's .p8 file, as text (PEM); not read with --sandbox" },
  { name: "ASC_PRIVATE_KEY_PATH", description: "or the path of the .p8 file (set one of the two)" },
  { name: "HTTPS_PROXY", description: "an http:// proxy for the connections to Apple (http://user:password@host:port if it asks)" },
  { name: "NO_PROXY", description: "hosts, domains and ports that connect directly (this machine always does)" },
  { name: "NODE_EXTRA_CA_CERTS", description: "a PEM file of extra certificate authorities (a network that inspects TLS)" },
];

/** Where apply and drift send their notifications (DESIGN.md §18); none set: nothing is sent. */
export const NOTIFY_ENVIRONMENT_HELP: readonly EnvironmentVariable[] = [
  { name: "ASC_GITOPS_SLACK_WEBHOOK", description: "a Slack incoming webhook URL (https://): drift found, apply failed or succeeded are posted there" },
  { name: "ASC_GITOPS_WEBHOOK_URL", description: "a URL that gets the same events as JSON, signed as Standard Webhooks (needs the secret below)" },
  { name: "ASC_GITOPS_WEBHOOK_SECRET", description: "its signing secret: whsec_ and the key in base64" },
];

export const COLOR_ENVIRONMENT: readonly EnvironmentVariable[] = [{ name: "NO_COLOR", description: "any value: no colours on the terminal" }];

export interface CommandHelp {
  name: string;
  summary: string;
  options: OptionTable;
  environment: readonly EnvironmentVariable[];
  /** Exit code and what it means. */
  exitCodes: readonly (readonly [number, string])[];
}

function usageItem(name: string, option: OptionDefinition): string {
  return `--${name}${option.value ? ` ${option.value}` : ""}`;
}

/** `asc-gitops plan [--metadata DIR] … [--sandbox | --api-url URL]`; --help and --debug are left to the help's list. */
export function usageLine(command: Pick<CommandHelp, "name" | "options">): string {
  // One bracket per option, or per group of options that exclude each other (in the place of its first member).
  const brackets: string[][] = [];
  const groups = new Map<string, string[]>();
  for (const [name, option] of Object.entries(command.options)) {
    if (name === "help" || name === "debug") continue;
    const item = usageItem(name, option);
    const group = option.group ? groups.get(option.group) : undefined;
    if (group) group.push(item);
    else {
      const bracket = [item];
      if (option.group) groups.set(option.group, bracket);
      brackets.push(bracket);
    }
  }
  return ["asc-gitops", command.name, ...brackets.map((bracket) => `[${bracket.join(" | ")}]`)].join(" ");
}

function defaultOf(option: OptionDefinition): string {
  if (option.defaultText) return ` (default: ${option.defaultText})`;
  if (typeof option.default === "string") return ` (default: ${option.default})`;
  return "";
}

/** Two columns: the label padded to the widest one. */
function table(rows: readonly (readonly [string, string])[]): string[] {
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, text]) => `  ${label.padEnd(width)}  ${text}`);
}

export function commandHelp(command: CommandHelp): string {
  const options = Object.entries(command.options).map(([name, option]) => [optionLabel(name, option), `${option.description}${defaultOf(option)}`] as const);
  const lines = [`Usage: ${usageLine(command)}`, "", `${command.summary[0]!.toUpperCase()}${command.summary.slice(1)}.`, "", "Options:", ...table(options)];
  if (command.environment.length)
    lines.push("", "Environment:", ...table(command.environment.map((variable) => [variable.name, variable.description] as const)));
  lines.push("", "Exit codes:", ...table(command.exitCodes.map(([code, meaning]) => [String(code), meaning] as const)));
  return lines.join("\n");
}
