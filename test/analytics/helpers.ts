/** A sandbox on a clock the test moves, a client signed with its key, and a database file in its folder. */
import path from "node:path";
import { AscClient } from "../../src/asc/client.js";
import { loadCredentials } from "../../src/asc/credentials.js";
import type { SandboxOptions } from "../../src/sandbox/index.js";
import { startTestSandbox, type TestSandbox } from "../sandbox/helpers/sandbox.js";

export const DAY = 86_400_000;

export interface AnalyticsSandbox extends TestSandbox {
  client: AscClient;
  appId: string;
  dbFile: string;
  /** Moves the sandbox's clock on. */
  advance(ms: number): void;
  now(): number;
}

export async function analyticsSandbox(options: SandboxOptions = {}, start = Date.parse("2026-11-20T12:00:00Z")): Promise<AnalyticsSandbox> {
  let now = start;
  const run = await startTestSandbox({ clock: () => now, ...options });
  const credentials = await loadCredentials({ issuerId: run.sandbox.issuerId, keyId: run.sandbox.keyId, privateKeyPath: run.sandbox.privateKeyPath });
  const client = new AscClient({ baseUrl: run.sandbox.url, credentials });
  const apps = await run.api.get("/v1/apps?filter[bundleId]=com.acme.fitness");
  return {
    ...run,
    client,
    appId: apps.body.data[0].id,
    dbFile: path.join(run.folder, "analytics.sqlite"),
    advance: (ms) => {
      now += ms;
    },
    now: () => now,
    async dispose() {
      client.close();
      await run.dispose();
    },
  };
}
