/**
 * Where notifications go: a Slack incoming webhook and/or a generic webhook
 * with its Standard Webhooks secret, from the action's inputs or the command
 * line's environment. Each is a secret (a Slack webhook's URL is its
 * credential): checked here, masked by the caller before anything runs, and
 * named in errors by its input or variable, never by its value. Nothing is
 * configured: nothing is sent.
 */
import { secretProblem } from "./standard-webhooks.js";

export interface NotifyConfig {
  slack?: string;
  webhook?: { url: string; secret: string };
}

/** The three settings as given ("" or undefined: not set). */
export interface NotifySettings {
  slack?: string | undefined;
  webhookUrl?: string | undefined;
  webhookSecret?: string | undefined;
}

/** What each setting is called where the user set it. */
export type SettingNames = Record<keyof NotifySettings, string>;

export const NOTIFY_INPUTS: SettingNames = { slack: 'input "slack-webhook"', webhookUrl: 'input "webhook-url"', webhookSecret: 'input "webhook-secret"' };
export const NOTIFY_ENVIRONMENT = {
  slack: "ASC_GITOPS_SLACK_WEBHOOK",
  webhookUrl: "ASC_GITOPS_WEBHOOK_URL",
  webhookSecret: "ASC_GITOPS_WEBHOOK_SECRET",
} as const;
const ENVIRONMENT_NAMES: SettingNames = {
  slack: NOTIFY_ENVIRONMENT.slack,
  webhookUrl: NOTIFY_ENVIRONMENT.webhookUrl,
  webhookSecret: NOTIFY_ENVIRONMENT.webhookSecret,
};

const LOOPBACK = new Set(["127.0.0.1", "[::1]", "localhost"]);

/** https, or http to this machine (a local stand-in); why not, in words that do not repeat the URL. */
export function urlProblem(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return "is not a URL";
  }
  if (url.protocol === "https:") return undefined;
  if (url.protocol === "http:" && LOOPBACK.has(url.hostname)) return undefined;
  return "must be an https:// URL (http:// only to 127.0.0.1 or localhost)";
}

/** The settings checked; every problem is listed, each naming its setting. */
export function parseNotifyConfig(settings: NotifySettings, names: SettingNames): { config: NotifyConfig; errors: string[] } {
  const value = (key: keyof NotifySettings) => settings[key]?.trim() ?? "";
  const errors: string[] = [];
  const config: NotifyConfig = {};
  const slack = value("slack");
  if (slack) {
    const problem = urlProblem(slack);
    if (problem) errors.push(`${names.slack} ${problem}`);
    else config.slack = slack;
  }
  const url = value("webhookUrl");
  const secret = value("webhookSecret");
  if (url && !secret) errors.push(`${names.webhookUrl} needs ${names.webhookSecret} too: every delivery is signed (Standard Webhooks)`);
  if (secret && !url) errors.push(`${names.webhookSecret} is set but ${names.webhookUrl} is not`);
  if (url) {
    const problem = urlProblem(url);
    if (problem) errors.push(`${names.webhookUrl} ${problem}`);
  }
  if (secret) {
    const problem = secretProblem(secret);
    if (problem) errors.push(`${names.webhookSecret} ${problem}`);
  }
  if (url && secret && !errors.length) config.webhook = { url, secret };
  return { config, errors };
}

/** The command line's settings, as the environment holds them (secrets: never on the command line, where `ps` and shell history show them). */
export const notifySettingsFromEnvironment = (env: NodeJS.ProcessEnv): NotifySettings => ({
  slack: env[NOTIFY_ENVIRONMENT.slack],
  webhookUrl: env[NOTIFY_ENVIRONMENT.webhookUrl],
  webhookSecret: env[NOTIFY_ENVIRONMENT.webhookSecret],
});

/** The command line's settings, from the environment. */
export function notifyConfigFromEnvironment(env: NodeJS.ProcessEnv): { config: NotifyConfig; errors: string[] } {
  return parseNotifyConfig(notifySettingsFromEnvironment(env), ENVIRONMENT_NAMES);
}

/** Every value to mask, set or not yet checked: the secret, the URLs whole, and their path and query (a Slack URL's token) alone. */
export function notifySecrets(settings: NotifySettings): string[] {
  const values = new Set<string>();
  for (const raw of [settings.slack, settings.webhookUrl, settings.webhookSecret]) {
    const value = raw?.trim() ?? "";
    if (!value) continue;
    values.add(value);
    const url = URL.canParse(value) ? new URL(value) : undefined;
    const tail = url ? `${url.pathname}${url.search}` : "";
    if (tail.length >= 8) values.add(tail);
    const last = url?.pathname.split("/").pop() ?? "";
    if (last.length >= 8) values.add(last);
  }
  return [...values];
}

export const notifying = (config: NotifyConfig | undefined): boolean => Boolean(config?.slack || config?.webhook);
