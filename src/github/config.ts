/**
 * Every input of action.yml, read once into one typed config before anything
 * runs (DESIGN.md §11). No other module reads an input. Each invalid input
 * gets its own error naming it; all of them are reported together. An input
 * left empty takes the default action.yml declares, so the action behaves the
 * same whether the runner filled the default in or a test left it out.
 * Errors never repeat the value of a secret input.
 */
import * as core from "@actions/core";
import { parseApiUrl, DEFAULT_API_URL } from "../asc/client.js";
import type { FolderChoice } from "../engine/load/files.js";
import { closestMatch } from "../engine/validate/suggest.js";
import { NOTIFY_INPUTS, parseNotifyConfig, type NotifyConfig, type NotifySettings } from "../notify/config.js";

export const COMMAND_INPUTS = ["auto", "validate", "plan", "apply", "drift", "analytics", "reviews"] as const;
export type CommandInput = (typeof COMMAND_INPUTS)[number];

export const ON_DRIFT_INPUTS = ["report", "apply"] as const;
export type OnDrift = (typeof ON_DRIFT_INPUTS)[number];

/** The App Store Connect key, exactly as the inputs gave it (PEM text, not yet checked). */
export interface AscInputs {
  issuerId: string;
  keyId: string;
  privateKey: string;
}

export interface ActionConfig {
  command: CommandInput;
  metadataPath: string;
  screenshotsPath: string;
  previewsPath: string;
  /** The reviews folder (config.yml, state.yml, replies/): what command: reviews writes and what apply posts. */
  reviewsPath: string;
  /** Whether each folder was set (then it must exist) or left empty (the default, which may be absent). */
  folders: { metadata: FolderChoice; screenshots: FolderChoice; previews: FolderChoice; reviews: FolderChoice };
  /** Present only when all three credential inputs are set. */
  credentials?: AscInputs;
  /** The credential inputs that are empty (by input name), so messages can name them. */
  missingCredentials: string[];
  /** Whatever credential text was given, complete or not: masked before anything runs. */
  secretInputs: Partial<AscInputs>;
  apiUrl: string;
  /** Empty when no token was given: nothing is posted to GitHub then. */
  githubToken: string;
  /** true: prune whatever app.yml says; false: as app.yml says. */
  prune: boolean;
  comment: boolean;
  onDrift: OnDrift;
  /** Where notifications go (DESIGN.md §18): nothing set, nothing sent. */
  notify: NotifyConfig;
  /** command: analytics: the SQLite file the reports are kept in, and the period in days. */
  analyticsDb: string;
  analyticsDays: number;
}

/**
 * The defaults of action.yml, in one place (a test keeps the two equal). The
 * folder inputs' defaults are in their descriptions only: the runner passes a
 * declared default as if it were set, and a set folder must exist, while the
 * default folder may be absent (then it is unmanaged).
 */
export const INPUT_DEFAULTS = {
  command: "auto",
  "metadata-path": "metadata",
  "screenshots-path": "screenshots",
  "previews-path": "previews",
  "reviews-path": "reviews",
  "api-url": DEFAULT_API_URL,
  prune: "false",
  comment: "true",
  "on-drift": "report",
  "analytics-db": "analytics/asc-analytics.sqlite",
  "analytics-days": "28",
} as const;

/** Inputs whose default action.yml does not declare (see INPUT_DEFAULTS). */
export const UNDECLARED_DEFAULTS: readonly (keyof typeof INPUT_DEFAULTS)[] = ["metadata-path", "screenshots-path", "previews-path", "reviews-path"];

/** The credential inputs, by their names in action.yml. */
export const CREDENTIAL_INPUTS = { issuerId: "issuer-id", keyId: "key-id", privateKey: "private-key" } as const;

export class InputError extends Error {
  override name = "InputError";
}

/** Reads one input's raw text ("" when unset). */
export type InputReader = (name: string) => string;

/** The runner's inputs (INPUT_<NAME> variables), trimmed. */
export const runnerInputs: InputReader = (name) => core.getInput(name);

const TRUE = ["true", "True", "TRUE"];
const FALSE = ["false", "False", "FALSE"];

/** The App Review demo account's password input, exported to plan and apply as this variable (the name review.yml's example uses). */
export const DEMO_PASSWORD_INPUT = "demo-password";
export const DEMO_PASSWORD_ENV = "ASC_DEMO_PASSWORD";

/** The notification inputs: each a secret (a Slack webhook's URL is its credential). */
export const NOTIFY_INPUT_NAMES = { slack: "slack-webhook", webhookUrl: "webhook-url", webhookSecret: "webhook-secret" } as const;

export type SecretInputs = Partial<AscInputs> & { githubToken?: string; demoPassword?: string; notify?: NotifySettings };

/** The secret inputs alone, unchecked: read first, so they are masked before any other input is even looked at. */
export function readSecretInputs(read: InputReader = runnerInputs): SecretInputs {
  const secrets: SecretInputs = {};
  for (const [key, name] of Object.entries(CREDENTIAL_INPUTS) as [keyof AscInputs, string][]) {
    const value = read(name).trim();
    if (value !== "") secrets[key] = value;
  }
  const token = read("github-token").trim();
  if (token !== "") secrets.githubToken = token;
  // As given: a password may begin or end with a space.
  const demoPassword = read(DEMO_PASSWORD_INPUT);
  if (demoPassword !== "") secrets.demoPassword = demoPassword;
  const notify: NotifySettings = {};
  for (const [key, name] of Object.entries(NOTIFY_INPUT_NAMES) as [keyof NotifySettings, string][]) {
    const value = read(name).trim();
    if (value !== "") notify[key] = value;
  }
  if (Object.keys(notify).length) secrets.notify = notify;
  return secrets;
}

export function readConfig(read: InputReader = runnerInputs): ActionConfig {
  const errors: string[] = [];
  const text = (name: keyof typeof INPUT_DEFAULTS) => {
    const value = read(name).trim();
    return value === "" ? INPUT_DEFAULTS[name] : value;
  };
  const oneOf = <T extends string>(name: keyof typeof INPUT_DEFAULTS, allowed: readonly T[]): T => {
    const value = text(name);
    if ((allowed as readonly string[]).includes(value)) return value as T;
    const suggestion = closestMatch(value.toLowerCase(), [...allowed]);
    errors.push(`input "${name}" must be one of ${allowed.join(", ")}; got "${value}"${suggestion ? `: did you mean ${suggestion}?` : ""}`);
    return INPUT_DEFAULTS[name] as T;
  };
  const flag = (name: "prune" | "comment"): boolean => {
    const value = text(name);
    if (TRUE.includes(value)) return true;
    if (FALSE.includes(value)) return false;
    errors.push(`input "${name}" must be true or false; got "${value}"`);
    return INPUT_DEFAULTS[name] === "true";
  };
  type FolderInput = "metadata-path" | "screenshots-path" | "previews-path" | "reviews-path";
  const folder = (name: FolderInput): string => {
    const value = text(name);
    if (/[\r\n\0]/.test(value)) errors.push(`input "${name}" must be one folder path on one line`);
    return value;
  };

  const analyticsDb = (): string => {
    const value = text("analytics-db");
    if (/[\r\n\0]/.test(value)) errors.push('input "analytics-db" must be one file path on one line');
    return value;
  };
  const analyticsDays = (): number => {
    const value = text("analytics-days");
    if (/^\d+$/.test(value) && Number(value) >= 1 && Number(value) <= 180) return Number(value);
    errors.push(`input "analytics-days" must be a whole number from 1 to 180; got "${value}"`);
    return Number(INPUT_DEFAULTS["analytics-days"]);
  };

  const command = oneOf("command", COMMAND_INPUTS);
  const metadataPath = folder("metadata-path");
  const screenshotsPath = folder("screenshots-path");
  const previewsPath = folder("previews-path");
  const reviewsPath = folder("reviews-path");
  const choice = (name: FolderInput): FolderChoice => ({ option: `the ${name} input`, named: read(name).trim() !== "" });

  const apiUrl = text("api-url");
  try {
    parseApiUrl(apiUrl);
  } catch (error) {
    errors.push(`input "api-url" ${(error as Error).message.replace(/^--api-url\s*/, "")}`);
  }

  // The key keeps its inner line breaks; only the ends are trimmed.
  const { githubToken, demoPassword: _demoPassword, notify: notifySettings, ...secretInputs } = readSecretInputs(read);
  const notify = parseNotifyConfig(notifySettings ?? {}, NOTIFY_INPUTS);
  errors.push(...notify.errors);
  const missingCredentials = (Object.entries(CREDENTIAL_INPUTS) as [keyof AscInputs, string][])
    .filter(([key]) => secretInputs[key] === undefined)
    .map(([, name]) => name);
  const credentials = missingCredentials.length === 0 ? (secretInputs as AscInputs) : undefined;

  const config: ActionConfig = {
    command,
    metadataPath,
    screenshotsPath,
    previewsPath,
    reviewsPath,
    folders: {
      metadata: choice("metadata-path"),
      screenshots: choice("screenshots-path"),
      previews: choice("previews-path"),
      reviews: choice("reviews-path"),
    },
    ...(credentials ? { credentials } : {}),
    missingCredentials,
    secretInputs,
    apiUrl,
    githubToken: githubToken ?? "",
    prune: flag("prune"),
    comment: flag("comment"),
    onDrift: oneOf("on-drift", ON_DRIFT_INPUTS),
    notify: notify.config,
    analyticsDb: analyticsDb(),
    analyticsDays: analyticsDays(),
  };
  if (errors.length === 1) throw new InputError(errors[0]);
  if (errors.length > 1) throw new InputError(`${errors.length} inputs are invalid:\n${errors.map((error) => `- ${error}`).join("\n")}`);
  return config;
}

/** Names for credential errors: the action's inputs, not the command line's environment variables. */
export const CREDENTIAL_LABELS = {
  issuerId: `the ${CREDENTIAL_INPUTS.issuerId} input`,
  keyId: `the ${CREDENTIAL_INPUTS.keyId} input`,
  privateKey: `the ${CREDENTIAL_INPUTS.privateKey} input`,
  privateKeyPath: "a key file",
};
