/**
 * A sandbox for one test: its own state folder, port 0, short processing,
 * and a small client that signs its requests with the sandbox's key.
 */
import { createHash } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { signSandboxToken, startSandbox, type SandboxHandle, type SandboxOptions } from "../../../src/sandbox/index.js";

export interface Exchange {
  method: string;
  /** Path and query, as sent. */
  path: string;
  requestBody?: unknown;
  status: number;
  headers: Headers;
  body: any;
}

export interface ApiClient {
  request(method: string, path: string, options?: { body?: unknown; token?: string | null; headers?: Record<string, string> }): Promise<Exchange>;
  get(path: string): Promise<Exchange>;
  post(path: string, body: unknown): Promise<Exchange>;
  patch(path: string, body: unknown): Promise<Exchange>;
  delete(path: string): Promise<Exchange>;
  /** Every exchange so far (the contract test checks them against the spec). */
  exchanges: Exchange[];
}

export function apiClient(sandbox: Pick<SandboxHandle, "url" | "issuerId" | "keyId" | "privateKeyPath">): ApiClient {
  let token: string | undefined;
  const exchanges: Exchange[] = [];
  const client: ApiClient = {
    exchanges,
    async request(method, requestPath, options = {}) {
      token ??= await signSandboxToken(sandbox);
      const bearer = options.token === undefined ? token : options.token;
      const response = await fetch(`${sandbox.url}${requestPath}`, {
        method,
        headers: {
          ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
          ...(options.body !== undefined ? { "content-type": "application/json" } : {}),
          ...options.headers,
        },
        ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      });
      const text = await response.text();
      const exchange: Exchange = {
        method,
        path: requestPath,
        ...(options.body !== undefined ? { requestBody: options.body } : {}),
        status: response.status,
        headers: response.headers,
        body: text === "" ? undefined : JSON.parse(text),
      };
      exchanges.push(exchange);
      return exchange;
    },
    get: (requestPath) => client.request("GET", requestPath),
    post: (requestPath, body) => client.request("POST", requestPath, { body }),
    patch: (requestPath, body) => client.request("PATCH", requestPath, { body }),
    delete: (requestPath) => client.request("DELETE", requestPath),
  };
  return client;
}

export interface TestSandbox {
  sandbox: SandboxHandle;
  api: ApiClient;
  folder: string;
  /** Closes the sandbox and removes its folder. */
  dispose(): Promise<void>;
}

export async function tempFolder(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), "asc-sandbox-test-"));
}

export async function startTestSandbox(options: SandboxOptions = {}, folder?: string): Promise<TestSandbox> {
  const home = folder ?? (await tempFolder());
  const sandbox = await startSandbox({ port: 0, processingMs: 20, statePath: path.join(home, "state.json"), log: () => undefined, ...options });
  return {
    sandbox,
    api: apiClient(sandbox),
    folder: home,
    async dispose() {
      await sandbox.close();
      if (!folder) await rm(home, { recursive: true, force: true });
    },
  };
}

export const md5 = (bytes: Buffer): string => createHash("md5").update(bytes).digest("hex");

/** The demo app and the ids a test needs most. */
export async function demoIds(api: ApiClient) {
  const apps = await api.get("/v1/apps?filter[bundleId]=com.acme.fitness");
  const appId: string = apps.body.data[0].id;
  const versions = await api.get(`/v1/apps/${appId}/appStoreVersions?include=appStoreVersionLocalizations&limit[appStoreVersionLocalizations]=50`);
  const version = (state: string) => versions.body.data.find((item: any) => item.attributes.appVersionState === state);
  const editable = version("PREPARE_FOR_SUBMISSION");
  const live = version("READY_FOR_DISTRIBUTION");
  const localizationOf = (versionId: string, locale: string) =>
    versions.body.included.find((item: any) => item.attributes.locale === locale && item.relationships.appStoreVersion.data.id === versionId)?.id as
      | string
      | undefined;
  const infos = await api.get(`/v1/apps/${appId}/appInfos?include=appInfoLocalizations`);
  const info = (state: string) => infos.body.data.find((item: any) => item.attributes.state === state);
  const editableInfo = info("PREPARE_FOR_SUBMISSION");
  const liveInfo = info("READY_FOR_DISTRIBUTION");
  const infoLocalizationOf = (infoId: string, locale: string) =>
    infos.body.included.find((item: any) => item.attributes.locale === locale && item.relationships.appInfo.data.id === infoId)?.id as string | undefined;
  return {
    appId,
    editableVersionId: editable.id as string,
    liveVersionId: live.id as string,
    editableInfoId: editableInfo.id as string,
    liveInfoId: liveInfo.id as string,
    localizationOf,
    infoLocalizationOf,
  };
}

/** A reservation -> upload -> commit, as a client does it; answers the commit's exchange. */
export async function uploadScreenshot(
  api: ApiClient,
  setId: string,
  fileName: string,
  bytes: Buffer,
  options: { checksum?: string; skipParts?: number[] } = {},
): Promise<{ reservation: Exchange; commit: Exchange; id: string }> {
  const reservation = await api.post("/v1/appScreenshots", {
    data: {
      type: "appScreenshots",
      attributes: { fileName, fileSize: bytes.length },
      relationships: { appScreenshotSet: { data: { type: "appScreenshotSets", id: setId } } },
    },
  });
  if (reservation.status !== 201) throw new Error(`reservation answered ${reservation.status}: ${JSON.stringify(reservation.body)}`);
  const id: string = reservation.body.data.id;
  for (const [index, operation] of (reservation.body.data.attributes.uploadOperations as any[]).entries()) {
    if (options.skipParts?.includes(index + 1)) continue;
    const headers = Object.fromEntries((operation.requestHeaders as Array<{ name: string; value: string }>).map((header) => [header.name, header.value]));
    const response = await fetch(operation.url, {
      method: operation.method,
      headers,
      body: bytes.subarray(operation.offset, operation.offset + operation.length),
    });
    if (response.status !== 200) throw new Error(`upload operation ${index + 1} answered ${response.status}: ${await response.text()}`);
  }
  const commit = await api.patch(`/v1/appScreenshots/${id}`, {
    data: { type: "appScreenshots", id, attributes: { uploaded: true, sourceFileChecksum: options.checksum ?? md5(bytes) } },
  });
  return { reservation, commit, id };
}

/** Polls a screenshot until processing has ended. */
export async function waitForProcessing(api: ApiClient, id: string, timeoutMs = 5_000): Promise<Exchange> {
  const started = Date.now();
  for (;;) {
    const answer = await api.get(`/v1/appScreenshots/${id}`);
    const state = answer.body?.data?.attributes?.assetDeliveryState?.state;
    if (state === "COMPLETE" || state === "FAILED" || Date.now() - started > timeoutMs) return answer;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Reserves an app preview, sends its parts, commits it (the screenshots' flow, for appPreviews). */
export async function uploadPreview(
  api: ApiClient,
  setId: string,
  fileName: string,
  bytes: Buffer,
): Promise<{ reservation: Exchange; commit: Exchange; id: string }> {
  const reservation = await api.post("/v1/appPreviews", {
    data: {
      type: "appPreviews",
      attributes: { fileName, fileSize: bytes.length, mimeType: "video/mp4" },
      relationships: { appPreviewSet: { data: { type: "appPreviewSets", id: setId } } },
    },
  });
  if (reservation.status !== 201) return { reservation, commit: reservation, id: "" };
  const id: string = reservation.body.data.id;
  for (const operation of reservation.body.data.attributes.uploadOperations as any[]) {
    const headers = Object.fromEntries((operation.requestHeaders as Array<{ name: string; value: string }>).map((header) => [header.name, header.value]));
    const response = await fetch(operation.url, {
      method: operation.method,
      headers,
      body: bytes.subarray(operation.offset, operation.offset + operation.length),
    });
    if (response.status !== 200) throw new Error(`upload operation answered ${response.status}: ${await response.text()}`);
  }
  const commit = await api.patch(`/v1/appPreviews/${id}`, {
    data: { type: "appPreviews", id, attributes: { uploaded: true, sourceFileChecksum: md5(bytes) } },
  });
  return { reservation, commit, id };
}

/** Polls an app preview until the video and the poster frame have settled. */
export async function waitForPreview(api: ApiClient, id: string, timeoutMs = 5_000): Promise<Exchange> {
  const started = Date.now();
  for (;;) {
    const answer = await api.get(`/v1/appPreviews/${id}`);
    const attributes = answer.body?.data?.attributes;
    const video = attributes?.videoDeliveryState?.state;
    const frame = attributes?.previewFrameImage?.state?.state;
    if (video === "FAILED" || (video === "COMPLETE" && frame !== "PROCESSING") || Date.now() - started > timeoutMs) return answer;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
