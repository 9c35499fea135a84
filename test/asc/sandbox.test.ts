/**
 * The client against the sandbox (a local App Store Connect) with its faults
 * switched on: 5xx, early 429s, dropped connections, a small hourly budget,
 * and tokens checked as Apple checks them, on a clock the test controls.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import sharp from "sharp";
import { AscClient, type AscClientOptions } from "../../src/asc/client.js";
import { loadCredentials, type AscCredentials } from "../../src/asc/credentials.js";
import { AscAmbiguousWriteError, AscApiError } from "../../src/asc/errors.js";
import type { RequestEvent } from "../../src/asc/http.js";
import { TokenProvider } from "../../src/asc/token.js";
import type {
  AppScreenshotResponse,
  AppScreenshotSetsResponse,
  AppsResponse,
  AppStoreVersionLocalizationsResponse,
  AppStoreVersionsResponse,
} from "../../src/asc/types.js";
import { startSandbox, type SandboxHandle, type SandboxOptions } from "../../src/sandbox/index.js";
import { fakeTime } from "./helpers/fake-time.js";

let folder: string;
const running: SandboxHandle[] = [];

before(async () => {
  folder = await mkdtemp(path.join(tmpdir(), "asc-client-sandbox-"));
});
after(async () => {
  await Promise.all(running.map((sandbox) => sandbox.close()));
  await rm(folder, { recursive: true, force: true });
});

let count = 0;
async function sandboxWithClient(options: SandboxOptions, clientOptions: AscClientOptions = {}) {
  const sandbox = await startSandbox({ statePath: path.join(folder, `s${count++}`, "state.json"), processingMs: 0, log: () => {}, ...options });
  running.push(sandbox);
  const credentials = await loadCredentials({ issuerId: sandbox.issuerId, keyId: sandbox.keyId, privateKeyPath: sandbox.privateKeyPath });
  const events: RequestEvent[] = [];
  const time = fakeTime(Date.now());
  const client = new AscClient({
    baseUrl: sandbox.url,
    credentials,
    clock: time.clock,
    sleep: time.sleep,
    listener: (event) => events.push(event),
    ...clientOptions,
  });
  return { sandbox, client, events, time, credentials };
}

async function editableVersion(client: AscClient) {
  const apps = await client.getAll<AppsResponse>("/v1/apps", { "filter[bundleId]": "com.acme.fitness" });
  const appId = apps.data[0]!.id;
  const versions = await client.getAll<AppStoreVersionsResponse>(`/v1/apps/${appId}/appStoreVersions`, { "filter[platform]": "IOS", limit: 1 });
  const editable = versions.data.find((version) => version.attributes?.appStoreState === "PREPARE_FOR_SUBMISSION");
  assert.ok(editable, "the demo app has a version being prepared");
  return { appId, versions, editable };
}

describe("the client against the sandbox with faults", () => {
  test("reads and edits succeed through 30% 5xx, 20% early 429 and 10% dropped connections, by retrying", async () => {
    const { client, events, time } = await sandboxWithClient({ failRate: 0.3, rateLimitRate: 0.2, dropRate: 0.1, seed: 7 }, { retry: { maxAttempts: 12 } });
    const { editable, versions } = await editableVersion(client);
    assert.equal(versions.data.length, 2, "both versions, read one page at a time");
    const localizations = await client.getAll<AppStoreVersionLocalizationsResponse>(`/v1/appStoreVersions/${editable.id}/appStoreVersionLocalizations`, {
      limit: 1,
    });
    const enUS = localizations.data.find((item) => item.attributes?.locale === "en-US")!;
    for (let round = 1; round <= 5; round += 1) {
      await client.patch(`/v1/appStoreVersionLocalizations/${enUS.id}`, {
        data: { type: "appStoreVersionLocalizations", id: enUS.id, attributes: { keywords: `fitness,round ${round}` } },
      });
    }
    const reread = await client.getAll<AppStoreVersionLocalizationsResponse>(`/v1/appStoreVersions/${editable.id}/appStoreVersionLocalizations`);
    assert.equal(reread.data.find((item) => item.id === enUS.id)?.attributes?.keywords, "fitness,round 5");

    const retried = events.filter((event) => event.outcome === "retry");
    assert.ok(
      retried.some((event) => event.status === 500 || event.status === 503),
      "5xx were retried",
    );
    assert.ok(
      retried.some((event) => event.status === 429),
      "429s were retried",
    );
    assert.ok(
      retried.some((event) => event.status === null),
      "dropped connections were retried",
    );
    assert.ok(events.every((event) => event.outcome !== "error"));
    assert.equal(client.stats().retries, retried.length);
    assert.equal(time.sleeps.length, retried.length, "every backoff went through the injected sleep");
  });

  test("a create is never sent again once it may have been processed", async () => {
    const { client, events } = await sandboxWithClient({ failRate: 0.3, rateLimitRate: 0.2, dropRate: 0.2, seed: 11 }, { retry: { maxAttempts: 12 } });
    const { editable } = await editableVersion(client);
    const outcomes: Record<string, string> = {};
    for (const locale of ["ja", "fr-FR", "it", "es-ES", "ko", "nl-NL", "pt-BR", "sv", "da", "fi", "no", "tr"]) {
      const before = events.length;
      try {
        await client.post("/v1/appStoreVersionLocalizations", {
          data: {
            type: "appStoreVersionLocalizations",
            attributes: { locale },
            relationships: { appStoreVersion: { data: { type: "appStoreVersions", id: editable.id } } },
          },
        });
        outcomes[locale] = "created";
      } catch (error) {
        assert.ok(error instanceof AscAmbiguousWriteError, `${locale}: ${String(error)}`);
        assert.match(error.message, /look before repeating it$/);
        outcomes[locale] = "unknown";
      }
      const posts = events.slice(before).filter((event) => event.method === "POST");
      // Only a 429 (or a refused connection) says Apple did not process a POST: anything else ends the tries.
      const mayHaveWorked = posts.filter((event) => event.status !== 429);
      assert.equal(mayHaveWorked.length, 1, `${locale}: ${JSON.stringify(posts.map((event) => event.status))}`);
      assert.equal(posts.at(-1), mayHaveWorked[0]);
    }
    const values = Object.values(outcomes);
    assert.ok(values.includes("created") && values.includes("unknown"), JSON.stringify(outcomes));
  });

  test("with the hourly budget nearly spent, the client spaces its requests and is never refused", async () => {
    const { client, events } = await sandboxWithClient({ hourlyLimit: 40 }, { concurrency: 1 });
    for (let i = 0; i < 39; i += 1) await client.get("/v1/apps", { "filter[bundleId]": "com.acme.fitness" });
    assert.ok(
      events.every((event) => event.status === 200),
      "no 429",
    );
    const paced = events.map((event) => event.pacedMs);
    assert.ok(
      paced.slice(0, 36).every((wait) => wait === 0),
      "full speed above the reserve",
    );
    assert.ok(
      paced.slice(37).every((wait) => wait > 0),
      `slowed in the reserve: ${paced.slice(34).join(", ")}`,
    );
    assert.deepEqual(client.stats().rateLimit, { limit: 40, remaining: 1 });
  });

  test("tokens are refreshed on the client's clock and the sandbox accepts each one", async () => {
    const { credentials, sandbox } = await sandboxWithClient({});
    // The client's clock starts 13.5 minutes behind the sandbox's, so its first token has 1.5 minutes of life left.
    const time = fakeTime(Date.now() - 13.5 * 60_000);
    const tokens = new TokenProvider(credentials, { clock: time.clock });
    const client = new AscClient({ baseUrl: sandbox.url, tokens, clock: time.clock, sleep: time.sleep });
    await client.get("/v1/apps");
    time.advance(13.25 * 60_000);
    await client.get("/v1/apps");
    assert.equal(tokens.issued, 2, "13¼ minutes on, under 2 minutes were left: a new token, which the sandbox accepts");
    time.advance(5 * 60_000);
    await client.get("/v1/apps");
    assert.equal(tokens.issued, 2, "the new token serves the next minutes");
  });

  test("a screenshot is reserved, uploaded without the token, committed and processed", async () => {
    const { client, events } = await sandboxWithClient({ partSize: 64 * 1024 });
    const { editable } = await editableVersion(client);
    const localizations = await client.getAll<AppStoreVersionLocalizationsResponse>(`/v1/appStoreVersions/${editable.id}/appStoreVersionLocalizations`);
    const enUS = localizations.data.find((item) => item.attributes?.locale === "en-US")!;
    const sets = await client.getAll<AppScreenshotSetsResponse>(`/v1/appStoreVersionLocalizations/${enUS.id}/appScreenshotSets`);
    const set = sets.data.find((item) => item.attributes?.screenshotDisplayType === "APP_IPHONE_67")!;
    const file = await sharp({ create: { width: 1320, height: 2868, channels: 3, background: { r: 200, g: 10, b: 90 } } })
      .png({ compressionLevel: 0 })
      .toBuffer();
    const reservation = await client.post<AppScreenshotResponse>("/v1/appScreenshots", {
      data: {
        type: "appScreenshots",
        attributes: { fileName: "09-client.png", fileSize: file.length },
        relationships: { appScreenshotSet: { data: { type: "appScreenshotSets", id: set.id } } },
      },
    });
    const operations = reservation.data.attributes?.uploadOperations ?? [];
    assert.ok(operations.length > 1, "a file larger than a part is sent in several operations");
    await Promise.all(operations.map((operation) => client.upload(operation, file)));
    const checksum = createHash("md5").update(file).digest("hex");
    await client.patch(`/v1/appScreenshots/${reservation.data.id}`, {
      data: { type: "appScreenshots", id: reservation.data.id, attributes: { uploaded: true, sourceFileChecksum: checksum } },
    });
    let state: string | undefined;
    for (let poll = 0; poll < 50 && state !== "COMPLETE"; poll += 1) {
      const current = await client.get<AppScreenshotResponse>(`/v1/appScreenshots/${reservation.data.id}`);
      state = current.data.attributes?.assetDeliveryState?.state;
      if (state === "COMPLETE") assert.equal(current.data.attributes?.sourceFileChecksum, checksum);
      else await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.equal(state, "COMPLETE");
    assert.equal(client.stats().bytesUploaded, file.length);
    assert.equal(events.filter((event) => event.kind === "upload").length, operations.length);
  });

  test("Apple's attribute errors come back as one line with the pointer", async () => {
    const { client } = await sandboxWithClient({});
    const { editable } = await editableVersion(client);
    const localizations = await client.getAll<AppStoreVersionLocalizationsResponse>(`/v1/appStoreVersions/${editable.id}/appStoreVersionLocalizations`);
    const enUS = localizations.data.find((item) => item.attributes?.locale === "en-US")!;
    const error = await client
      .patch(`/v1/appStoreVersionLocalizations/${enUS.id}`, {
        data: { type: "appStoreVersionLocalizations", id: enUS.id, attributes: { keywords: "k".repeat(101) } },
      })
      .then(
        () => undefined,
        (failure: unknown) => failure,
      );
    assert.ok(error instanceof AscApiError, String(error));
    assert.equal(error.status, 409);
    assert.match(error.message, /^409 ENTITY_ERROR\.ATTRIBUTE\.INVALID[^\n]*\(at \/data\/attributes\/keywords\)$/);
  });
});
