/** `--sandbox`: the local App Store Connect started in this process, its state shared through a file. */
import { AscClient, type AscClientOptions } from "../asc/client.js";
import { loadCredentials } from "../asc/credentials.js";
import { startSandbox } from "../sandbox/index.js";
import type { Connection } from "./connection.js";

export async function startEmbeddedSandbox(statePath: string, clientOptions: AscClientOptions): Promise<Connection> {
  const sandbox = await startSandbox({ statePath, log: () => {} });
  try {
    const credentials = await loadCredentials({ issuerId: sandbox.issuerId, keyId: sandbox.keyId, privateKeyPath: sandbox.privateKeyPath });
    const client = new AscClient({ ...clientOptions, baseUrl: sandbox.url, credentials });
    const close = async () => {
      client.close();
      await sandbox.close();
    };
    return { client, label: `the sandbox (${sandbox.url}, state in ${statePath})`, close };
  } catch (error) {
    await sandbox.close();
    throw error;
  }
}
