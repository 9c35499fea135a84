/**
 * Tokens live 15 minutes and are signed anew before they run out, so an apply
 * that takes an hour keeps working (DESIGN.md §9, security). The sandbox checks
 * `exp` against Date.now (src/sandbox/auth/verify.ts, with 60 s of tolerated
 * skew), and so does the client's TokenProvider (its default clock): the test
 * moves that one clock forward by 7 minutes whenever the apply is between
 * requests (none in flight, so no token is ever aged while on the wire). An
 * apply of the example app then spans about an hour of App Store Connect time.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { AscClient } from "../../src/asc/client.js";
import type { ApplyClient } from "../../src/engine/apply/run.js";
import { applyOnce, clientFor, exampleDesired, readLive } from "../helpers/apply-harness.js";
import { assertConverged } from "../helpers/states.js";
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

      const { report, progress } = await applyOnce(client, desired, jumpingBetweenRequests(() => clock.jump(JUMP_MS)));
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
