/**
 * Tokens live 15 minutes and are signed anew before they run out, so an apply
 * that takes an hour keeps working (DESIGN.md §9, security). The sandbox checks
 * `exp` against Date.now (src/sandbox/auth/verify.ts, with 60 s of tolerated
 * skew), and so does the client's TokenProvider (its default clock): the test
 * moves that one clock forward by 7 minutes whenever the apply is between
 * requests (none in flight, so no token is ever aged while on the wire). An
 * apply of the example app then spans about an hour of App Store Connect time.
 *
 * The second test moves the clock while an upload is on the wire: the sandbox
 * holds the answer of the upload's first operation, the clock passes the
 * token's expiry, and the requests after the upload must carry a new token.
 */
import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, test } from "node:test";
import type { AscClient } from "../../src/asc/client.js";
import { Connections, type HttpFetch } from "../../src/asc/connections.js";
import type { ApplyClient } from "../../src/engine/apply/run.js";
import { applyOnce, clientFor, exampleDesired, readLive } from "../helpers/apply-harness.js";
import { copyOfExample, removeFolder } from "../helpers/cli.js";
import { assertConverged } from "../helpers/states.js";
import { iphoneScreenshot } from "../sandbox/helpers/images.js";
import { startTestSandbox } from "../sandbox/helpers/sandbox.js";

const JUMP_MS = 7 * 60_000;

/** Date.now, moved forward on demand; restored by `restore`. */
function movableClock() {
  const realNow = Date.now;
  let offset = 0;
  Date.now = () => realNow() + offset;
  return {
    jump: (ms: number) => void (offset += ms),
    get offsetMs() {
      return offset;
    },
    restore: () => void (Date.now = realNow),
  };
}

/** Moves the clock forward before a call that starts while no other call of the apply is in flight. */
function jumpingBetweenRequests(jump: () => void) {
  let inFlight = 0;
  const around =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      if (inFlight === 0) jump();
      inFlight++;
      try {
        return await call(...args);
      } finally {
        inFlight--;
      }
    };
  return (inner: AscClient): ApplyClient => ({
    get: around(inner.get.bind(inner)) as AscClient["get"],
    getAll: around(inner.getAll.bind(inner)) as AscClient["getAll"],
    post: around(inner.post.bind(inner)) as AscClient["post"],
    patch: around(inner.patch.bind(inner)) as AscClient["patch"],
    delete: around(inner.delete.bind(inner)),
    upload: around(inner.upload.bind(inner)),
  });
}

describe("an apply that outlives its token", () => {
  test("signs new tokens as the old ones expire, and App Store Connect accepts every request", async () => {
    // Before the sandbox starts: its verifier keeps the Date.now it finds.
    const clock = movableClock();
    const { sandbox, dispose } = await startTestSandbox();
    try {
      const sent: { token: string; status: number }[] = [];
      const recordingFetch: typeof fetch = async (input, init) => {
        const authorization = (init?.headers as Record<string, string> | undefined)?.authorization;
        const response = await fetch(input, init);
        if (authorization) sent.push({ token: authorization.replace(/^Bearer /, ""), status: response.status });
        return response;
      };
      // The client's own defaults: 15-minute tokens, signed anew when fewer than 2 minutes remain.
      const client = await clientFor(sandbox, { fetch: recordingFetch });
      const desired = await exampleDesired();

      const { report, progress } = await applyOnce(
        client,
        desired,
        jumpingBetweenRequests(() => clock.jump(JUMP_MS)),
      );
      assert.equal(report.success, true, progress.join("\n"));
      assert.ok(clock.offsetMs >= 45 * 60_000, `the apply spanned ${clock.offsetMs / 60_000} minutes of App Store Connect time`);

      const tokens = [...new Set(sent.map((item) => item.token))];
      assert.ok(tokens.length >= 3, `one token per quarter hour or so: ${tokens.length} for ${clock.offsetMs / 60_000} minutes`);
      assert.deepEqual(
        sent.filter((item) => item.status === 401).map((item) => tokens.indexOf(item.token)),
        [],
        "no request was refused as unauthorized",
      );
      for (const token of tokens) {
        const claims = JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()) as { iat: number; exp: number };
        assert.ok(claims.exp - claims.iat <= 20 * 60, "each token lives at most 20 minutes");
      }

      // The premise holds: the first token is refused now, so reusing it would have failed the apply; the last one works.
      const withToken = (token: string) => fetch(`${sandbox.url}/v1/apps`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal((await withToken(tokens[0]!)).status, 401);
      assert.equal((await withToken(tokens.at(-1)!)).status, 200);

      assertConverged(desired, await readLive(client, desired), { strict: true });
    } finally {
      clock.restore();
      await dispose();
    }
  });
});

interface Sent {
  kind: "api" | "upload";
  method: string;
  path: string;
  token: string | undefined;
  status?: number;
}

/** The client's own transport (keep-alive connections), recording each request's token and status. */
function recordingTransport() {
  const connections = new Connections({});
  const sent: Sent[] = [];
  let apiInFlight = 0;
  const fetch: HttpFetch = async (url, init) => {
    const kind = url.pathname.startsWith("/upload/") ? "upload" : "api";
    const item: Sent = { kind, method: init.method, path: url.pathname, token: init.headers.authorization?.replace(/^Bearer /, "") };
    sent.push(item);
    if (kind === "api") apiInFlight++;
    try {
      const answer = await connections.fetch(url, init);
      item.status = answer.status;
      return answer;
    } finally {
      if (kind === "api") apiInFlight--;
    }
  };
  return { fetch, sent, apiInFlight: () => apiInFlight, close: () => connections.close() };
}

describe("a token that expires during an upload", () => {
  test("the requests after the upload carry a new token and are accepted; the upload operations carry none", async () => {
    const clock = movableClock();
    let armed = false;
    let jumpedAt: number | undefined;
    let apiInFlightAtJump: number | undefined;
    const transport = recordingTransport();
    // The upload's first operation is held open while 17 minutes pass: past the 15-minute token and the sandbox's 60 s of skew.
    const onUploadPart = () => {
      if (!armed || jumpedAt !== undefined) return;
      jumpedAt = transport.sent.length;
      apiInFlightAtJump = transport.apiInFlight();
      clock.jump(17 * 60_000);
    };
    const { sandbox, dispose } = await startTestSandbox({ partSize: 8 * 1024, onUploadPart });
    const repo = await copyOfExample("asc-gitops-token-upload-");
    try {
      const client = await clientFor(sandbox, { fetch: transport.fetch });
      const example = await exampleDesired();
      assert.equal((await applyOnce(client, example)).report.success, true, "the example is applied first, so that one upload is all that is left");

      await writeFile(path.join(repo, "screenshots", "en-US", "iphone-6.9", "04-extra.png"), await iphoneScreenshot(77));
      const desired = await exampleDesired(repo);
      armed = true;
      const { report, progress } = await applyOnce(client, desired);
      assert.equal(report.success, true, progress.join("\n"));
      assert.ok(jumpedAt !== undefined, "the clock passed the token's expiry while an upload operation was unanswered");
      assert.equal(apiInFlightAtJump, 0, "no API request was on the wire when the token expired");

      const before = transport.sent.slice(0, jumpedAt);
      const after = transport.sent.slice(jumpedAt);
      const uploads = transport.sent.filter((item) => item.kind === "upload");
      assert.ok(uploads.filter((item) => before.includes(item)).length >= 1 && uploads.length >= 2, "an upload in several operations, one of them held");
      assert.deepEqual(
        uploads.filter((item) => item.token !== undefined || item.status !== 200),
        [],
        "upload operations carry no token, and each was stored",
      );

      const oldTokens = new Set(before.filter((item) => item.kind === "api").map((item) => item.token));
      const apiAfter = after.filter((item) => item.kind === "api");
      assert.ok(
        apiAfter.some((item) => item.method === "PATCH" && item.path.startsWith("/v1/appScreenshots/")),
        "the upload was committed after the clock moved",
      );
      assert.deepEqual(
        apiAfter.filter((item) => oldTokens.has(item.token)),
        [],
        "every request after the upload carries a new token",
      );
      assert.deepEqual(
        transport.sent.filter((item) => item.status === 401),
        [],
        "App Store Connect refused no request as unauthorized",
      );

      // The premise holds: the token of before the upload is refused now; the new one is accepted.
      const withToken = (token: string | undefined) => fetch(`${sandbox.url}/v1/apps`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal((await withToken(before.filter((item) => item.kind === "api").at(-1)!.token)).status, 401);
      assert.equal((await withToken(apiAfter.at(-1)!.token)).status, 200);

      assertConverged(desired, await readLive(client, desired), { strict: true });
      client.close();
    } finally {
      transport.close();
      clock.restore();
      await dispose();
      await removeFolder(repo);
    }
  });
});
