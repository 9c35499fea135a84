import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, test } from "node:test";
import { run } from "../helpers/cli.js";
import { exampleVideo, withSize } from "../helpers/videos.js";

const md5 = (bytes: Uint8Array) => createHash("md5").update(bytes).digest("hex");

describe("asc-gitops pull --from-fastlane converts deliver's app_previews_path", () => {
  test("videos go to previews/<locale>/<alias>/ by the name's type token or else by resolution; what is not converted is listed", async () => {
    const work = await mkdtemp(path.join(tmpdir(), "asc-gitops-fastlane-previews-"));
    const repo = path.join(work, "repo");
    const fastlane = path.join(work, "fastlane");
    try {
      await mkdir(path.join(repo, ".git"), { recursive: true });
      await mkdir(path.join(fastlane, "metadata", "en-US"), { recursive: true });
      await writeFile(path.join(fastlane, "metadata", "en-US", "name.txt"), "Fitness\n");
      await writeFile(path.join(fastlane, "Deliverfile"), 'app_identifier("com.acme.fitness")\napp_previews_path("./videos")\n');
      const videos = path.join(fastlane, "videos", "en-US");
      await mkdir(videos, { recursive: true });
      // deliver's naming (the type token), three more of one type (one too many), one known only by its size, one of no accepted size.
      await writeFile(path.join(videos, "01_IPHONE_67.mp4"), exampleVideo(1));
      await writeFile(path.join(videos, "02_iphone65.mp4"), exampleVideo(2));
      await writeFile(path.join(videos, "03_APP_IPHONE_65.mp4"), exampleVideo(3));
      await writeFile(path.join(videos, "04_IPHONE_65.mp4"), exampleVideo(4));
      await writeFile(path.join(videos, "05_IPHONE_65.mp4"), exampleVideo(5));
      await writeFile(path.join(videos, "intro.mov"), exampleVideo(6));
      await writeFile(path.join(videos, "odd.mp4"), withSize(1000, 1000));
      await writeFile(path.join(videos, "notes.txt"), "not a video\n");

      const converted = await run(["pull", "--from-fastlane", fastlane], repo);
      assert.equal(converted.code, 0, converted.stderr);
      assert.match(converted.stdout, /converted 1 locale, 0 screenshots and 5 previews from .* into metadata\/, previews\/ and screenshots\//);
      for (const expected of [
        "videos/en-US/05_IPHONE_65.mp4 (an iphone-6.5 preview set holds at most 3)",
        "videos/en-US/odd.mp4 (1000x1000 is no app preview resolution App Store Connect accepts for IOS)",
        "videos/en-US/notes.txt (not an .mp4, .mov or .m4v video)",
      ])
        assert.ok(converted.stderr.includes(`not converted: ${expected}`), `reports ${expected}:\n${converted.stderr}`);
      assert.match(converted.stderr, /note: videos\/en-US\/intro\.mov: no preview type in its name; 886x1920 made it iphone-6\.9/);
      assert.doesNotMatch(converted.stderr, /app_previews_path/);

      const folder = (type: string) => path.join(repo, "previews", "en-US", type);
      assert.deepEqual(await readdir(folder("iphone-6.9")), ["01-IPHONE_67.mp4", "02-intro.mov"]);
      assert.deepEqual(await readdir(folder("iphone-6.5")), ["01-iphone65.mp4", "02-APP_IPHONE_65.mp4", "03-IPHONE_65.mp4"]);
      assert.equal(md5(await readFile(path.join(folder("iphone-6.5"), "03-IPHONE_65.mp4"))), md5(exampleVideo(4)));

      // What it wrote is a repository validate accepts.
      const validated = await run(["validate"], repo);
      assert.equal(validated.code, 0, `${validated.stdout}\n${validated.stderr}`);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  });
});
