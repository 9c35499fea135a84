import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { cp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, test } from "node:test";
import type { Plan } from "../../src/engine/plan/plan.js";
import { ROOT } from "../helpers/apply-harness.js";
import { copyOfExample, run } from "../helpers/cli.js";
import { exampleVideo } from "../helpers/videos.js";
import { startTestSandbox } from "../sandbox/helpers/sandbox.js";

const ARGS = ["--today", "2026-11-24"];
const SET = "previews/en-US/iphone-6.9";
const md5 = (bytes: Uint8Array) => createHash("md5").update(bytes).digest("hex");

async function md5s(folder: string): Promise<Record<string, string>> {
  const names = (await readdir(folder)).filter((name) => name.endsWith(".mp4")).sort();
  return Object.fromEntries(await Promise.all(names.map(async (name) => [name, md5(await readFile(path.join(folder, name)))] as const)));
}

describe("asc-gitops pull brings the live app previews back", () => {
  test("plan, apply, the previews folder deleted, pull: the same videos (MD5), their poster frames in posters.yml, and plan shows 0", async () => {
    const { sandbox, dispose } = await startTestSandbox({ processingMs: 30 });
    const repo = await copyOfExample("asc-gitops-previews-pull-");
    try {
      await rm(path.join(repo, "screenshots"), { recursive: true, force: true });
      await cp(path.join(ROOT, "previews"), path.join(repo, "previews"), { recursive: true });
      await writeFile(path.join(repo, SET, "02-more.mp4"), exampleVideo(2));
      const env = { ASC_ISSUER_ID: sandbox.issuerId, ASC_KEY_ID: sandbox.keyId, ASC_PRIVATE_KEY_PATH: sandbox.privateKeyPath };
      const args = ["--api-url", sandbox.url, ...ARGS];
      const applied = await run(["apply", ...args], repo, env);
      assert.equal(applied.code, 0, `${applied.stderr}\n${applied.stdout}`);
      const uploaded = await md5s(path.join(repo, SET));
      assert.equal(Object.keys(uploaded).length, 2);

      await rm(path.join(repo, "previews"), { recursive: true });
      const pulled = await run(["pull", "--force", ...args], repo, env);
      assert.equal(pulled.code, 0, `${pulled.stderr}\n${pulled.stdout}`);
      assert.match(pulled.stderr, /\+ previews\/en-US\/iphone-6\.9\/ \(2 videos and posters\.yml, new\)/);
      assert.match(pulled.stdout, /2 previews fetched/);
      assert.deepEqual(await md5s(path.join(repo, SET)), uploaded);
      // Only the frame that is not the default is written.
      assert.match(await readFile(path.join(repo, SET, "posters.yml"), "utf8"), /^# Poster frame.*\n01-intro\.mp4: "00:00:03:00"\n$/);

      const plan = JSON.parse((await run(["plan", ...args, "--json"], repo, env)).stdout) as Plan;
      assert.deepEqual(
        plan.changes.filter((change) => change.kind.startsWith("preview-")),
        [],
      );
      // Pulled again: the folder already is the set; a posters.yml of the user's that sets the same frames stays as written.
      const mine = '# ours\n01-intro.mp4: "00:00:03:00"\n02-more.mp4: "00:00:05:00"\n';
      await writeFile(path.join(repo, SET, "posters.yml"), mine);
      const again = await run(["pull", "--force", ...args], repo, env);
      assert.doesNotMatch(again.stderr, /previews\//, again.stderr);
      assert.equal(await readFile(path.join(repo, SET, "posters.yml"), "utf8"), mine);
      // A video only the repository has is not overwritten without --force.
      await writeFile(path.join(repo, SET, "03-new.mp4"), exampleVideo(3));
      const unforced = await run(["pull", ...args], repo, env);
      assert.equal(unforced.code, 1);
      assert.match(unforced.stderr, /~ previews\/en-US\/iphone-6\.9\/: 2 kept, 1 removed/);
      assert.ok((await readdir(path.join(repo, SET))).includes("03-new.mp4"));
    } finally {
      await dispose();
      await rm(repo, { recursive: true, force: true });
    }
  });
});
