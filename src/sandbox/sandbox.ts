/**
 * startSandbox: the local App Store Connect, in this process. Loads (or seeds)
 * the state, loads (or makes) the key, and serves on 127.0.0.1 until close().
 */
import path from "node:path";
import { loadOrCreateKey } from "./auth/keys.js";
import { createVerifier } from "./auth/verify.js";
import { Faults, UploadFaults } from "./faults.js";
import { SandboxServer } from "./http/server.js";
import { resolveOptions, type SandboxOptions } from "./options.js";
import { packageRoot } from "./package-root.js";
import { RateLimiter } from "./rate-limit.js";
import { seedDemo } from "./seed/demo.js";
import { makeOwnApp, type MadeApp, type OwnApp } from "./seed/own-app.js";
import { schemaValidators } from "./spec/json-schema.js";
import { buildOperationTable, loadSpec } from "./spec/openapi.js";
import { AssetFiles, assetsFolderFor } from "./store/assets.js";
import { lockState } from "./store/lock.js";
import { prepareStateFolder } from "./store/state-folder.js";
import { emptyState, Store } from "./store/store.js";
import { decideReviews, type ReviewDecision, type ReviewMove } from "./rules/review.js";

/** `asc-gitops sandbox review`: App Review decides, on a state file no sandbox is serving. */
export async function reviewInStateFile(statePath: string, decision: ReviewDecision): Promise<ReviewMove[]> {
  const unlock = await lockState(statePath);
  try {
    const store = await Store.open(statePath);
    if (!store) throw new Error(`no sandbox state at ${statePath}: run a command with --sandbox (or asc-gitops sandbox) first, or name the file with --state`);
    const moves = decideReviews(store, decision, Date.now());
    await store.commit();
    return moves;
  } finally {
    await unlock();
  }
}

export interface SandboxHandle {
  /** `http://127.0.0.1:PORT`: use it as the API URL. */
  url: string;
  issuerId: string;
  keyId: string;
  /** The sandbox's own private key (PKCS#8 PEM); only tokens it signs are accepted. */
  privateKeyPath: string;
  statePath: string;
  /** Whether this start created the state (and seeded it). */
  seeded: boolean;
  /** Atomic writes of the state file so far (one serves many changes; see store/persistence.ts). */
  stateWrites(): number;
  /** Makes the repository's own app when the sandbox lacks it (seed/own-app.ts); undefined when it was there. */
  ensureApp(app: OwnApp): Promise<MadeApp | undefined>;
  /** The test hook: App Review decides every submission waiting for or in review (rules/review.ts). */
  review(decision: ReviewDecision): Promise<ReviewMove[]>;
  /** Stops serving, waits for requests in progress, and flushes the state. */
  close(): Promise<void>;
}

async function openStore(statePath: string, assets: AssetFiles, empty: boolean, seed: number, now: number): Promise<{ store: Store; seeded: boolean }> {
  const existing = await Store.open(statePath);
  if (existing) return { store: existing, seeded: false };
  const store = Store.fresh(statePath, emptyState(seed));
  await seedDemo({ store, assets, now: new Date(now) }, packageRoot(), empty);
  await store.commit();
  return { store, seeded: true };
}

export async function startSandbox(options: SandboxOptions = {}): Promise<SandboxHandle> {
  const settings = resolveOptions(options);
  await prepareStateFolder(path.dirname(settings.statePath));
  const key = await loadOrCreateKey(path.dirname(settings.statePath));
  const unlock = await lockState(settings.statePath);
  try {
    const assets = new AssetFiles(assetsFolderFor(settings.statePath));
    const { store, seeded } = await openStore(settings.statePath, assets, settings.empty, settings.seed, settings.clock());
    const spec = loadSpec();
    const server = new SandboxServer({
      spec,
      table: buildOperationTable(spec),
      // Formats are the rules' business, so that a bad URL gets Apple's 409 with its pointer (rules/attributes.ts).
      validators: schemaValidators(spec, { formats: false }),
      store,
      assets,
      verifier: createVerifier(key),
      limiter: new RateLimiter(settings.hourlyLimit),
      keyId: key.keyId,
      faults: new Faults(settings, settings.seed),
      latencyMs: settings.latencyMs,
      ...(settings.latencyTimers ? { latencyTimers: settings.latencyTimers } : {}),
      settings: {
        processingMs: settings.processingMs,
        partSize: settings.partSize,
        checksumDelayMs: settings.checksumDelayMs,
        readAfterWriteLagMs: settings.readAfterWriteLagMs,
        uploadFaults: new UploadFaults(settings, settings.seed),
        clock: settings.clock,
        keyRole: settings.keyRole,
        repliesForbidden: settings.repliesForbidden,
      },
      answers: settings.answers,
      timeouts: settings.connectionTimeouts,
      ...(settings.onRequest ? { onRequest: settings.onRequest } : {}),
      ...(settings.onUploadPart ? { onUploadPart: settings.onUploadPart } : {}),
      log: settings.log,
    });
    const url = await server.listen(settings.port);
    let closing: Promise<void> | undefined;
    return {
      url,
      issuerId: key.issuerId,
      keyId: key.keyId,
      privateKeyPath: key.privateKeyPath,
      statePath: settings.statePath,
      seeded,
      stateWrites: () => store.writes,
      async ensureApp(app) {
        const made = makeOwnApp(store, app);
        if (made) await store.commit();
        return made;
      },
      async review(decision) {
        const moves = decideReviews(store, decision, Date.now());
        await store.commit();
        return moves;
      },
      close() {
        closing ??= (async () => {
          try {
            await server.close();
            await store.commit();
          } finally {
            await unlock();
          }
        })();
        return closing;
      },
    };
  } catch (error) {
    await unlock();
    throw error;
  }
}
