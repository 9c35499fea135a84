/** `--sandbox`: the local App Store Connect started in this process, its state shared through a file. */
import { AscClient, type AscClientOptions } from "../asc/client.js";
import { loadCredentials } from "../asc/credentials.js";
import type { DesiredState } from "../engine/desired-state.js";
import { startSandbox, type OwnApp } from "../sandbox/index.js";
import type { Connection } from "./connection.js";

/** The app app.yml names, as the sandbox makes it when it does not have it. */
function ownApp(desired: DesiredState): OwnApp {
  const { app, version } = desired.app;
  const locales = desired.appInfoLocalizations.map((localization) => localization.locale as string).sort();
  const primaryLocale = locales.includes("en-US") ? "en-US" : (locales[0] ?? "en-US");
  const name = desired.appInfoLocalizations.find((localization) => localization.locale === primaryLocale)?.fields.name;
  return {
    ...(app.id ? { id: app.id } : {}),
    ...(app.bundleId ? { bundleId: app.bundleId } : {}),
    platform: app.platform,
    ...(version ? { version } : {}),
    primaryLocale,
    ...(name ? { name } : {}),
  };
}

export async function startEmbeddedSandbox(statePath: string, clientOptions: AscClientOptions): Promise<Connection> {
  const sandbox = await startSandbox({ statePath, log: () => {} });
  try {
    const credentials = await loadCredentials({ issuerId: sandbox.issuerId, keyId: sandbox.keyId, privateKeyPath: sandbox.privateKeyPath });
    const client = new AscClient({ ...clientOptions, baseUrl: sandbox.url, credentials });
    const close = async () => {
      client.close();
      await sandbox.close();
    };
    // The sandbox holds the demo app; a repository of another app gets its own, empty, to plan against.
    const prepare = async (desired: DesiredState) => {
      const made = await sandbox.ensureApp(ownApp(desired));
      if (!made) return undefined;
      const versions = `version ${made.editableVersion} being prepared${made.liveVersion ? `, ${made.liveVersion} on sale` : ""}`;
      return (
        `The sandbox had no app ${made.bundleId}: it now has one (${versions}; no localizations or screenshots yet), ` +
        `so the plan creates what the repository holds. Its state is in ${statePath}.`
      );
    };
    return { client, label: `the sandbox (${sandbox.url}, state in ${statePath})`, close, prepare };
  } catch (error) {
    await sandbox.close();
    throw error;
  }
}
