import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, test } from "node:test";
import { jwtVerify } from "jose";
import { AscAmbiguousWriteError, AscApiError, AscNetworkError, AscProtocolError } from "../../src/asc/errors.js";
import { AscClient, parseApiUrl } from "../../src/asc/client.js";
import type { AppScreenshotResponse, AppsResponse, UploadOperation } from "../../src/asc/types.js";
import { appleError, closedPort, sequence, startServer, type Reply, type ScriptedServer } from "./helpers/scripted-server.js";
import { rejection, testClient } from "./helpers/client.js";
import { testKey } from "./helpers/keys.js";
import { localhostCertificate } from "./helpers/certificate.js";

const servers: ScriptedServer[] = [];
async function serve(...args: Parameters<typeof startServer>): Promise<ScriptedServer> {
  const server = await startServer(...args);
  servers.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const ok = { status: 200, body: { data: { type: "apps", id: "1" } } };
const fail500 = { status: 500, body: appleError(500, "UNEXPECTED_ERROR", "An unexpected error occurred on the server side.") };

describe("retries of requests that are safe to repeat", () => {
  test("a read answered 500 twice succeeds on the third try, after two backoff waits", async () => {
    const server = await serve(sequence([fail500, fail500, ok]));
    const { client, events, time } = await testClient(server.url, { retry: { baseDelayMs: 100 } });
    const answer = await client.get<{ data: { id: string } }>("/v1/apps/1");
    assert.equal(answer.data.id, "1");
    assert.equal(server.requests.length, 3);
    assert.deepEqual(time.sleeps, [50, 100], "full jitter with random() = 0.5: half of 100, then half of 200");
    assert.deepEqual(
      events.map((event) => [event.attempt, event.status, event.outcome]),
      [
        [1, 500, "retry"],
        [2, 500, "retry"],
        [3, 200, "ok"],
      ],
    );
    assert.equal(client.stats().retries, 2);
    assert.equal(client.stats().requests, 3);
  });

  test("after the last attempt the error is Apple's own line", async () => {
    const server = await serve(sequence([], fail500));
    const { client } = await testClient(server.url, { retry: { maxAttempts: 3 } });
    const error = await rejection(client.get("/v1/apps/1"));
    assert.ok(error instanceof AscApiError);
    assert.equal(error.message, "500 UNEXPECTED_ERROR: An unexpected error occurred on the server side.");
    assert.equal(error.describe(), "GET /v1/apps/1: 500 UNEXPECTED_ERROR: An unexpected error occurred on the server side.");
    assert.equal(server.requests.length, 3);
  });

  test("a 429 with Retry-After waits exactly as long as Apple asks", async () => {
    const server = await serve(
      sequence([
        { status: 429, headers: { "retry-after": "7" }, body: appleError(429, "RATE_LIMIT_EXCEEDED", "The request rate limit has been reached.") },
        ok,
      ]),
    );
    const { client, time } = await testClient(server.url);
    await client.get("/v1/apps/1");
    assert.deepEqual(time.sleeps, [7000]);
  });

  test("a dropped connection on a read is retried", async () => {
    const server = await serve(sequence([{ drop: true }, ok]));
    const { client, events } = await testClient(server.url);
    await client.get("/v1/apps/1");
    assert.equal(server.requests.length, 2);
    assert.equal(events[0]!.status, null);
    assert.match(events[0]!.error!, /^the connection dropped/);
  });

  test("a slow answer is cut off by the time limit and tried again", async () => {
    const server = await serve(sequence([{ ...ok, delayMs: 1000 }, ok]));
    const { client, events } = await testClient(server.url, { timeoutMs: 100 });
    await client.get("/v1/apps/1");
    assert.equal(events[0]!.error, "no answer in time");
    assert.equal(events[1]!.outcome, "ok");
  });

  test("a server that never answers in time fails with a clear network error", async () => {
    const server = await serve(sequence([], { ...ok, delayMs: 1000 }));
    const { client } = await testClient(server.url, { timeoutMs: 50, retry: { maxAttempts: 2 } });
    const error = await rejection(client.get("/v1/apps/1"));
    assert.ok(error instanceof AscNetworkError);
    assert.equal(error.failure, "timeout");
    assert.equal(error.describe(), "GET /v1/apps/1: no answer in time");
  });

  test("a PATCH answered 503 is repeated (it replaces the attributes, so twice is the same as once)", async () => {
    const server = await serve(sequence([{ status: 503, body: "" }, ok]));
    const { client } = await testClient(server.url);
    await client.patch("/v1/appStoreVersionLocalizations/l1", { data: { type: "appStoreVersionLocalizations", id: "l1", attributes: { keywords: "a,b" } } });
    assert.equal(server.requests.length, 2);
    assert.deepEqual(JSON.parse(server.requests[1]!.body.toString()), JSON.parse(server.requests[0]!.body.toString()));
  });

  test("a DELETE whose first try may have worked counts as done when the retry finds nothing", async () => {
    const server = await serve(
      sequence([{ drop: true }, { status: 404, body: appleError(404, "NOT_FOUND", "There is no resource of type 'appScreenshots' with id 's1'") }]),
    );
    const { client } = await testClient(server.url);
    await client.delete("/v1/appScreenshots/s1");
    assert.equal(server.requests.length, 2);
  });

  test("a DELETE answered 404 at the first try is an error", async () => {
    const server = await serve(sequence([{ status: 404, body: appleError(404, "NOT_FOUND", "no such screenshot") }]));
    const { client } = await testClient(server.url);
    const error = await rejection(client.delete("/v1/appScreenshots/s1"));
    assert.ok(error instanceof AscApiError && error.status === 404);
  });

  test("a 409 is not retried: repeating it would not change the answer", async () => {
    const server = await serve(sequence([{ status: 409, body: appleError(409, "STATE_ERROR", "The version is not in an editable state") }]));
    const { client } = await testClient(server.url);
    const error = await rejection(client.patch("/v1/appStoreVersionLocalizations/l1", {}));
    assert.equal(error.message, "409 STATE_ERROR: The version is not in an editable state");
    assert.equal(server.requests.length, 1);
  });
});

describe("a POST is never repeated blindly", () => {
  const reservation = { data: { type: "appScreenshots", attributes: { fileName: "01.png", fileSize: 10 } } };

  test("a POST answered 500 is not retried, and the error says its outcome is unknown", async () => {
    const server = await serve(sequence([fail500, ok]));
    const { client } = await testClient(server.url);
    const error = await rejection(client.post("/v1/appScreenshots", reservation));
    assert.ok(error instanceof AscAmbiguousWriteError);
    assert.equal(
      error.describe(),
      "POST /v1/appScreenshots: outcome unknown after 500 UNEXPECTED_ERROR: An unexpected error occurred on the server side.; " +
        "App Store Connect may have made the change, so look before repeating it",
    );
    assert.equal(server.requests.length, 1);
  });

  test("a POST whose connection drops after sending is not retried", async () => {
    const server = await serve(sequence([{ drop: true }, ok]));
    const { client } = await testClient(server.url);
    const error = await rejection(client.post("/v1/appScreenshots", reservation));
    assert.ok(error instanceof AscAmbiguousWriteError);
    assert.match(error.message, /^outcome unknown after the connection dropped/);
    assert.equal(server.requests.length, 1);
  });

  test("a POST that times out is not retried", async () => {
    const server = await serve(sequence([{ ...ok, delayMs: 500 }, ok]));
    const { client } = await testClient(server.url, { timeoutMs: 50 });
    const error = await rejection(client.post("/v1/appScreenshots", reservation));
    assert.ok(error instanceof AscAmbiguousWriteError);
    assert.match(error.message, /^outcome unknown after no answer in time/);
    assert.equal(server.requests.length, 1);
  });

  test("a POST answered 429 is retried: Apple did not process it", async () => {
    const server = await serve(
      sequence([
        { status: 429, body: appleError(429, "RATE_LIMIT_EXCEEDED", "rate limit") },
        { status: 201, body: { data: { type: "appScreenshots", id: "s1" } } },
      ]),
    );
    const { client } = await testClient(server.url);
    const created = await client.post<{ data: { id: string } }>("/v1/appScreenshots", reservation);
    assert.equal(created.data.id, "s1");
    assert.equal(server.requests.length, 2);
  });

  test("a POST answered 503 with Retry-After is retried after that wait", async () => {
    const server = await serve(
      sequence([
        { status: 503, headers: { "retry-after": "2" }, body: "" },
        { status: 201, body: { data: { type: "appScreenshots", id: "s1" } } },
      ]),
    );
    const { client, time } = await testClient(server.url);
    await client.post("/v1/appScreenshots", reservation);
    assert.deepEqual(time.sleeps, [2000]);
  });

  test("a POST to a server that refuses the connection is retried (nothing was sent), then fails as a network error", async () => {
    const port = await closedPort();
    const { client, events } = await testClient(`http://127.0.0.1:${port}`, { retry: { maxAttempts: 3 } });
    const error = await rejection(client.post("/v1/appScreenshots", reservation));
    assert.ok(error instanceof AscNetworkError, String(error));
    assert.equal(error.failure, "connect");
    assert.match(error.message, /^could not connect \(.*ECONNREFUSED/);
    assert.equal(events.length, 3);
  });
});

describe("downloading a rendition", () => {
  test("redirects are followed, the token is never sent, and a passing 503 is tried again", async () => {
    const server = await serve((request, index): Reply => {
      if (request.url === "/image/a.png") return { status: 302, headers: { location: "/cdn/a.png" } };
      if (index === 1) return { status: 503, body: "" };
      return { status: 200, body: "PNGBYTES", headers: { "content-type": "image/png" } };
    });
    const { client, time } = await testClient(server.url);
    const bytes = await client.download(`${server.url}/image/a.png`);
    assert.equal(Buffer.from(bytes).toString(), "PNGBYTES");
    // The 503 came from where the redirect led; the next attempt starts again from the rendition URL.
    assert.deepEqual(
      server.requests.map((request) => request.url),
      ["/image/a.png", "/cdn/a.png", "/image/a.png", "/cdn/a.png"],
    );
    assert.ok(server.requests.every((request) => request.headers.authorization === undefined));
    assert.equal(time.sleeps.length, 1);
  });

  test("a 404 is not tried again, and names the host", async () => {
    const server = await serve(() => ({ status: 404, body: "" }));
    const { client } = await testClient(server.url);
    const error = await rejection(client.download(`${server.url}/gone.png`));
    assert.match(error.message, new RegExp(`^404 Not Found from ${server.url.replace(/\./g, "\\.")}$`));
    assert.equal(server.requests.length, 1);
  });

  test("a redirect from https to plain http is refused", async () => {
    const { client } = await testClient("https://api.example.test", {
      fetch: async () => ({
        status: 302,
        statusText: "Found",
        headers: new Headers({ location: "http://cdn.example.test/a.png" }),
        text: async () => "",
        arrayBuffer: async () => new ArrayBuffer(0),
      }),
    });
    const error = await rejection(client.download("https://images.example.test/a.png"));
    assert.match(error.message, /^https:\/\/images\.example\.test redirected to plain http:\/\/ \(http:\/\/cdn\.example\.test\); not followed$/);
  });
});

describe("a server whose certificate is not trusted", () => {
  test("fails at once, not tried again, and says what to check", async (t) => {
    const folder = mkdtempSync(path.join(tmpdir(), "asc-tls-"));
    const server = await untrustedHttps(folder);
    if (!server) {
      rmSync(folder, { recursive: true, force: true });
      t.skip("openssl is not installed");
      return;
    }
    try {
      const { client, events, time } = await testClient(`https://localhost:${server.port}`);
      const error = await rejection(client.get("/v1/apps"));
      assert.ok(error instanceof AscNetworkError, String(error));
      assert.equal(error.failure, "tls");
      assert.match(
        error.message,
        /^the secure connection was refused \(.*(SELF_SIGNED|CERT).*\); check --api-url, or add your network's certificate authority with NODE_EXTRA_CA_CERTS/,
      );
      assert.equal(events.length, 1, "one attempt");
      assert.deepEqual(time.sleeps, []);
      assert.equal(server.requests(), 0, "nothing reached the server");
    } finally {
      await server.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

/** An https server on 127.0.0.1 with a throwaway self-signed certificate for localhost, or undefined without openssl. */
async function untrustedHttps(folder: string) {
  const certificate = localhostCertificate(folder);
  if (!certificate) return undefined;
  let requests = 0;
  const server = https.createServer(certificate, (_request, response) => {
    requests += 1;
    response.end("{}");
  });
  server.on("tlsClientError", () => undefined);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    requests: () => requests,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

describe("reading collections", () => {
  test("every page is read through links.next and merged, included resources once", async () => {
    const server = await serve((request) => {
      const url = new URL(request.url, "http://x");
      const cursor = url.searchParams.get("cursor") ?? "0";
      const page = Number(cursor);
      const next = page < 2 ? `https://api.appstoreconnect.apple.com/v1/apps/1/appStoreVersions?cursor=${page + 1}&limit=2` : undefined;
      return {
        status: 200,
        body: {
          data: [
            { type: "appStoreVersions", id: `v${page * 2}` },
            { type: "appStoreVersions", id: `v${page * 2 + 1}` },
          ],
          included: [
            { type: "appStoreVersionLocalizations", id: "shared" },
            { type: "appStoreVersionLocalizations", id: `l${page}` },
          ],
          links: { self: request.url, ...(next ? { next } : {}) },
          meta: { paging: { total: 6, limit: 2 } },
        },
      };
    });
    const { client } = await testClient(server.url);
    const all = await client.getAll<{ data: { id: string }[]; included?: { id: string }[] }>("/v1/apps/1/appStoreVersions", {
      "filter[platform]": "IOS",
      include: "appStoreVersionLocalizations",
      limit: 2,
    });
    assert.deepEqual(
      all.data.map((item) => item.id),
      ["v0", "v1", "v2", "v3", "v4", "v5"],
    );
    assert.deepEqual(
      all.included!.map((item) => item.id),
      ["shared", "l0", "l1", "l2"],
    );
    assert.deepEqual(
      server.requests.map((request) => request.url),
      [
        "/v1/apps/1/appStoreVersions?filter[platform]=IOS&include=appStoreVersionLocalizations&limit=2",
        "/v1/apps/1/appStoreVersions?cursor=1&limit=2",
        "/v1/apps/1/appStoreVersions?cursor=2&limit=2",
      ],
      "next links are followed on the configured host, never the one they name",
    );
    assert.ok(server.requests.every((request) => request.headers.authorization?.startsWith("Bearer ")));
  });

  test("a collection's types come from Apple's spec", async () => {
    const server = await serve(
      sequence([
        { status: 200, body: { data: [{ type: "apps", id: "1", attributes: { bundleId: "com.acme.fitness", name: "Acme" } }], links: { self: "/v1/apps" } } },
      ]),
    );
    const { client } = await testClient(server.url);
    const apps = await client.getAll<AppsResponse>("/v1/apps", { "filter[bundleId]": "com.acme.fitness" });
    assert.equal(apps.data[0]?.attributes?.bundleId, "com.acme.fitness");
  });
});

describe("pacing by Apple's hourly budget", () => {
  test("with the budget nearly spent the client slows down before Apple refuses it", async () => {
    let remaining = 365;
    const server = await serve(() => ({ status: 200, body: { data: [] }, headers: { "x-rate-limit": `user-hour-lim:3600;user-hour-rem:${remaining--};` } }));
    const { client, events, time } = await testClient(server.url, { concurrency: 1 });
    for (let i = 0; i < 12; i += 1) await client.get("/v1/apps");
    const paced = events.map((event) => event.pacedMs);
    assert.deepEqual(paced.slice(0, 6), [0, 0, 0, 0, 0, 0], "full speed while more than 10% remains");
    assert.ok(
      paced.slice(7).every((wait) => wait >= 1000),
      `spaced once in the reserve: ${paced.join(", ")}`,
    );
    assert.ok(paced[11]! > paced[7]!, "wider as the budget shrinks");
    assert.equal(time.sleeps.length, paced.filter((wait) => wait > 0).length, "the waits go through the injected sleep");
    assert.ok(client.stats().pacedMs > 4000);
    assert.deepEqual(client.stats().rateLimit, { limit: 3600, remaining: 354 });
  });

  test("pacing can be turned off", async () => {
    const server = await serve(() => ({ status: 200, body: { data: [] }, headers: { "x-rate-limit": "user-hour-lim:3600;user-hour-rem:1;" } }));
    const { client, time } = await testClient(server.url, { pacing: false });
    for (let i = 0; i < 3; i += 1) await client.get("/v1/apps");
    assert.deepEqual(time.sleeps, []);
  });
});

describe("concurrency and connections", () => {
  test("no more reads are in flight than the read bound", async () => {
    const server = await serve(sequence([], { ...ok, delayMs: 20 }));
    const { client } = await testClient(server.url, { readConcurrency: 3 });
    await Promise.all(Array.from({ length: 12 }, (_, i) => client.get(`/v1/apps/${i}`)));
    assert.equal(server.requests.length, 12);
    assert.equal(server.maxInFlight, 3);
  });

  test("no more writes are in flight than the write bound, however many reads are allowed", async () => {
    const server = await serve(sequence([], { ...ok, delayMs: 20 }));
    const { client } = await testClient(server.url, { concurrency: 3, readConcurrency: 50 });
    await Promise.all(Array.from({ length: 12 }, (_, i) => client.patch(`/v1/apps/${i}`, { data: {} })));
    assert.equal(server.requests.length, 12);
    assert.equal(server.maxInFlight, 3);
  });

  test("plain http to another machine is refused: tokens travel only over https", () => {
    assert.throws(() => new AscClient({ baseUrl: "http://api.example.com" }), /uses plain http/);
    assert.doesNotThrow(() => new AscClient({ baseUrl: "http://127.0.0.1:4010" }));
    assert.throws(() => new AscClient({ baseUrl: "ftp://example.com" }), /must be an http or https URL/);
  });

  test("the base URL as Apple's documentation writes it (…/v1) is the same base: requests never go to /v1/v1", () => {
    for (const base of ["https://api.appstoreconnect.apple.com/v1", "https://api.appstoreconnect.apple.com/v1/", "https://api.appstoreconnect.apple.com//"])
      assert.equal(parseApiUrl(base).href, "https://api.appstoreconnect.apple.com/", base);
    assert.equal(parseApiUrl("https://gateway.example.com/asc/v1/").href, "https://gateway.example.com/asc");
    assert.throws(() => parseApiUrl("https://api.appstoreconnect.apple.com/v1?limit=1"), /must not carry a query or fragment/);
    assert.throws(() => parseApiUrl("https://api.appstoreconnect.apple.com/?"), /must not carry a query or fragment/);
    assert.throws(() => parseApiUrl("https://me:pw@api.appstoreconnect.apple.com"), /must not carry a user name or password/);
  });
});

describe("uploads of screenshot bytes", () => {
  test("each operation sends its byte range with its own headers and no Authorization header", async () => {
    const server = await serve(sequence([], { status: 200 }));
    const { client } = await testClient(server.url);
    const file = Buffer.from(Array.from({ length: 100 }, (_, i) => i));
    const operations: UploadOperation[] = [
      { method: "PUT", url: `${server.url}/upload/a?sig=SECRETSIG`, offset: 0, length: 60, requestHeaders: [{ name: "Content-Type", value: "image/png" }] },
      { method: "PUT", url: `${server.url}/upload/b?sig=SECRETSIG`, offset: 60, length: 40, requestHeaders: [{ name: "Content-Type", value: "image/png" }] },
    ];
    for (const operation of operations) await client.upload(operation, file);
    assert.equal(server.requests.length, 2);
    for (const [index, request] of server.requests.entries()) {
      assert.equal(request.method, "PUT");
      assert.equal(request.headers.authorization, undefined);
      assert.equal(request.headers["content-type"], "image/png");
      assert.deepEqual(request.body, file.subarray(operations[index]!.offset!, operations[index]!.offset! + operations[index]!.length!));
    }
    const joined = Buffer.concat(server.requests.map((request) => request.body));
    assert.equal(createHash("md5").update(joined).digest("hex"), createHash("md5").update(file).digest("hex"));
    assert.equal(client.stats().bytesUploaded, 100);
    assert.equal(client.stats().uploads, 2);
  });

  test("an upload is retried after a dropped connection, and its events hide the presigned query", async () => {
    const server = await serve(sequence([{ drop: true }], { status: 200 }));
    const { client, events } = await testClient(server.url);
    await client.upload({ method: "PUT", url: `${server.url}/upload/a?X-Amz-Signature=abc`, offset: 0, length: 4, requestHeaders: [] }, Buffer.from("abcd"));
    assert.equal(server.requests.length, 2);
    assert.deepEqual(
      events.map((event) => [event.kind, event.path, event.bytesSent, event.outcome]),
      [
        ["upload", `${server.url}/upload/a`, 4, "retry"],
        ["upload", `${server.url}/upload/a`, 4, "ok"],
      ],
    );
  });

  test("an operation that asks for bytes beyond the file is refused before sending", async () => {
    const server = await serve(sequence([], { status: 200 }));
    const { client } = await testClient(server.url);
    const error = await rejection(client.upload({ method: "PUT", url: `${server.url}/u`, offset: 8, length: 8, requestHeaders: [] }, Buffer.alloc(10)));
    assert.ok(error instanceof AscProtocolError);
    assert.equal(error.message, "upload operation asks for bytes 8 to 16 of a 10-byte file");
    assert.equal(server.requests.length, 0);
  });
});

describe("what the rest of the product can observe", () => {
  test("a read-only run makes only GETs, and the counters prove it", async () => {
    const server = await serve(sequence([], { status: 200, body: { data: [], links: { self: "x" } } }));
    const { client, events } = await testClient(server.url);
    await client.get("/v1/apps/1");
    await client.getAll("/v1/apps/1/appInfos", { include: "appInfoLocalizations" });
    const stats = client.stats();
    assert.equal(stats.writes, 0);
    assert.deepEqual(stats.byMethod, { GET: 2 });
    assert.equal(stats.requests, 2);
    assert.ok(events.every((event) => event.method === "GET" && event.kind === "api"));
    assert.deepEqual(Object.keys(events[1]!).sort(), [
      "attempt",
      "bytesSent",
      "durationMs",
      "kind",
      "method",
      "outcome",
      "pacedMs",
      "path",
      "startedAt",
      "status",
    ]);
    assert.equal(events[1]!.path, "/v1/apps/1/appInfos?include=appInfoLocalizations");
  });

  test("writes, retries and bytes are counted", async () => {
    const server = await serve(sequence([{ status: 500 }], { status: 201, body: { data: { type: "x", id: "1" } } }));
    const { client } = await testClient(server.url);
    await client.patch("/v1/appScreenshots/s1", {});
    await client.post("/v1/appScreenshotSets", {});
    await client.delete("/v1/appScreenshots/s2");
    const stats = client.stats();
    assert.deepEqual(stats.byMethod, { PATCH: 2, POST: 1, DELETE: 1 });
    assert.equal(stats.writes, 4);
    assert.equal(stats.retries, 1);
    assert.equal(stats.requests, 4);
  });

  test("a listener that throws does not break requests", async () => {
    const server = await serve(sequence([], ok));
    const { client } = await testClient(server.url, {
      listener: () => {
        throw new Error("listener bug");
      },
    });
    await client.get("/v1/apps/1");
  });
});

describe("tokens during a long run", () => {
  test("a request 14 minutes after the first carries a new token, and every token verifies with the public key", async () => {
    const key = await testKey();
    const server = await serve(sequence([], ok));
    const { client, time } = await testClient(server.url);
    await client.get("/v1/apps/1");
    time.advance(5 * 60_000);
    await client.get("/v1/apps/1");
    time.advance(9 * 60_000);
    await client.get("/v1/apps/1");
    const tokens = server.requests.map((request) => request.headers.authorization!.replace(/^Bearer /, ""));
    assert.equal(tokens[0], tokens[1]);
    assert.notEqual(tokens[1], tokens[2]);
    const { payload } = await jwtVerify(tokens[2]!, key.publicKey, { audience: "appstoreconnect-v1", currentDate: new Date(time.clock.now()) });
    assert.ok(payload.exp! - payload.iat! <= 20 * 60);
  });

  test("a retry after a long Retry-After wait gets a fresh token", async () => {
    const server = await serve(sequence([ok, { status: 503, headers: { "retry-after": "120" } }, ok]));
    const { client, time } = await testClient(server.url);
    await client.get("/v1/apps/1");
    time.advance(12 * 60_000);
    await client.get("/v1/apps/1");
    const [first, beforeWait, afterWait] = server.requests.map((request) => request.headers.authorization);
    assert.equal(beforeWait, first, "3 minutes left at minute 12: reused");
    assert.notEqual(afterWait, first, "after the 2-minute wait only 1 minute was left: replaced");
  });
});

describe("no secret ever appears in an error or an event", () => {
  test("across failures of every kind, no message or event holds the key or a JWT", async () => {
    const key = await testKey();
    const echo = (request: { headers: { authorization?: string } }) => ({
      status: 401,
      body: appleError(401, "NOT_AUTHORIZED", `Provide a properly configured and signed bearer token. Got ${request.headers.authorization} and ${key.pem}`),
    });
    const server = await serve((request, index) => {
      if (request.url.includes("echo")) return echo(request);
      return [fail500, { drop: true as const }, { status: 429 }][index % 3]!;
    });
    const { client, events } = await testClient(server.url, { retry: { maxAttempts: 2 } });
    const messages: string[] = [];
    for (const attempt of [
      () => client.get("/v1/echo"),
      () => client.get("/v1/apps"),
      () => client.post("/v1/appScreenshots", {}),
      () => client.patch("/v1/echo", {}),
      () => client.delete("/v1/apps/1"),
    ]) {
      const error = await attempt().then(
        () => undefined,
        (failure: unknown) => failure as Error & { describe?: () => string },
      );
      if (error) messages.push(error.message, error.describe?.() ?? "", String(error), JSON.stringify(error), error.stack ?? "");
    }
    const texts = [...messages, ...events.map((event) => JSON.stringify(event))];
    assert.ok(
      texts.some((text) => text.includes("NOT_AUTHORIZED")),
      "the echoing server was reached",
    );
    for (const text of texts) {
      assert.ok(!text.includes("eyJ"), `a JWT leaked: ${text}`);
      assert.ok(!text.includes("-----BEGIN"), `a key leaked: ${text}`);
    }
  });
});
