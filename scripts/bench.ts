/**
 * `npm run bench`: measures asc-gitops on a workload the size of a real
 * international app (DESIGN.md §9): 1 app, 40 locales, 5 display types x 10
 * screenshots = 2,000 real-size PNGs, against a sandbox process with 50 ms of
 * latency. Each step runs as its own process, as a user runs it. Prints the
 * figures, then ONE JSON line with all of them.
 *
 * The fixture is generated once and cached in .bench/ (git-ignored): 50 drawn
 * images, made distinct per locale by a PNG text chunk (valid PNG, new bytes,
 * new MD5) so that every one of the 2,000 files is its own screenshot.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { cp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { deflateSync } from "node:zlib";
import sharp from "sharp";
import { APP_STORE_LOCALES } from "../src/model/locales.js";
import { startSandbox as startSandboxHere } from "../src/sandbox/index.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const BENCH = path.join(ROOT, ".bench");
const BIN = path.join(ROOT, "bin", "asc-gitops.js");
const RUNNER = path.join(ROOT, "scripts", "bench-run.mjs");
const LATENCY_MS = 50;
const LOCALES: string[] = ["en-US", ...APP_STORE_LOCALES.filter((locale) => locale !== "en-US").slice(0, 39)];
const TYPES = [
  { alias: "iphone-6.9", width: 1320, height: 2868 },
  { alias: "iphone-6.5", width: 1284, height: 2778 },
  { alias: "iphone-6.3", width: 1206, height: 2622 },
  { alias: "ipad-13", width: 2064, height: 2752 },
  { alias: "ipad-11", width: 1668, height: 2388 },
];
const SHOTS = 10;
/** The first locales also manage one app preview (the demo's video): P in the plan's formula. */
const PREVIEW_LOCALES = 10;
const PREVIEW_VIDEO = path.join(ROOT, "previews", "en-US", "iphone-6.9", "01-intro.mp4");
const FIXTURE_VERSION = "3";

const log = (line: string) => process.stderr.write(`${line}\n`);

// ---------------------------------------------------------------- fixture

function crc32(bytes: Buffer): number {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

/** The PNG with a tEXt chunk after IHDR: same pixels, other bytes. */
function withText(png: Buffer, text: string): Buffer {
  const data = Buffer.from(`Comment\0${text}`, "latin1");
  const chunk = Buffer.alloc(12 + data.length);
  chunk.writeUInt32BE(data.length, 0);
  chunk.write("tEXt", 4, "latin1");
  data.copy(chunk, 8);
  chunk.writeUInt32BE(crc32(chunk.subarray(4, 8 + data.length)), 8 + data.length);
  const afterHeader = 8 + 25; // signature + IHDR chunk
  return Buffer.concat([png.subarray(0, afterHeader), chunk, png.subarray(afterHeader)]);
}

async function drawBase(width: number, height: number, index: number): Promise<Buffer> {
  const hue = (index * 37) % 360;
  const bars = Array.from(
    { length: 6 },
    (_, row) =>
      `<rect x="${width * 0.14}" y="${height * (0.28 + row * 0.1)}" width="${width * (0.3 + ((row * 13 + index * 7) % 40) / 100)}" ` +
      `height="${height * 0.05}" rx="${width * 0.02}" fill="hsl(${(hue + row * 40) % 360},70%,55%)"/>`,
  ).join("");
  const bold = 'font-family="DejaVu Sans" font-weight="bold"';
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <rect width="100%" height="100%" fill="hsl(${hue},55%,25%)"/>
    <rect x="${width * 0.08}" y="${height * 0.2}" width="${width * 0.84}" height="${height * 0.75}" rx="${width * 0.05}" fill="#ffffff"/>
    ${bars}
    <text x="50%" y="${height * 0.12}" text-anchor="middle" ${bold} font-size="${Math.round(width * 0.06)}" fill="#fff">Screen ${index + 1}</text>
  </svg>`;
  return sharp(Buffer.from(svg)).flatten({ background: "#000" }).png({ compressionLevel: 6 }).toBuffer();
}

function localeYaml(locale: string, generation: "v0" | "v1"): string {
  const description =
    generation === "v1"
      ? `Acme Fitness (${locale}) plans your week of training around the time you really have.\n\n` +
        "Pick a goal and Acme builds a plan that adapts when life gets in the way.\n\n" +
        "• 400+ guided sessions\n• Offline audio coaching\n• Progress charts"
      : `Acme Fitness (${locale}) plans your training week.\n\n• 300+ guided sessions\n• Progress charts`;
  return [
    `name: Acme Fitness`,
    `subtitle: Workouts that stick`,
    `privacyPolicyUrl: https://acme.example/${locale}/privacy`,
    `description: |`,
    ...description.split("\n").map((line) => (line ? `  ${line}` : "")),
    `keywords: [gym, exercise, strength training, running, yoga, hiit, weight loss, personal trainer, home, cardio]`,
    `promotionalText: ${JSON.stringify(generation === "v1" ? "New in 2.4: plans that adapt when you miss a day." : "New in 2.3: streaks count rest days.")}`,
    `supportUrl: https://acme.example/${locale}/support`,
    "",
  ].join("\n");
}

/** Writes .bench/fixture-v0 (the live state to seed) and .bench/fixture-v1 (the repository), once. */
async function ensureFixture(): Promise<void> {
  const stamp = path.join(BENCH, `fixture-${FIXTURE_VERSION}.done`);
  if (existsSync(stamp)) {
    log("fixture: cached in .bench/");
    return;
  }
  const started = performance.now();
  await rm(BENCH, { recursive: true, force: true });
  const bases = new Map<string, Buffer[]>();
  for (const type of TYPES) bases.set(type.alias, await Promise.all(Array.from({ length: SHOTS }, (_, index) => drawBase(type.width, type.height, index))));
  for (const generation of ["v0", "v1"] as const) {
    const root = path.join(BENCH, `fixture-${generation}`);
    await mkdir(path.join(root, "metadata"), { recursive: true });
    await mkdir(path.join(root, ".git"), { recursive: true });
    await writeFile(path.join(root, "metadata", "app.yml"), "app:\n  bundleId: com.acme.fitness\n  platform: IOS\n");
    for (const locale of LOCALES) {
      await writeFile(path.join(root, "metadata", `${locale}.yml`), localeYaml(locale, generation));
      if (LOCALES.indexOf(locale) < PREVIEW_LOCALES) {
        const previews = path.join(root, "previews", locale, "iphone-6.9");
        await mkdir(previews, { recursive: true });
        await cp(PREVIEW_VIDEO, path.join(previews, "01-intro.mp4"));
      }
      for (const type of TYPES) {
        const folder = path.join(root, "screenshots", locale, type.alias);
        await mkdir(folder, { recursive: true });
        for (const [index, base] of bases.get(type.alias)!.entries()) {
          // v0 differs in the last screenshot of every set: apply uploads one and deletes one per set.
          const variant = generation === "v0" && index === SHOTS - 1 ? "old" : "current";
          await writeFile(path.join(folder, `${String(index + 1).padStart(2, "0")}-screen.png`), withText(base, `${locale} ${type.alias} ${index} ${variant}`));
        }
      }
    }
  }
  await writeFile(stamp, new Date().toISOString());
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  log(`fixture: 2 x ${LOCALES.length * TYPES.length * SHOTS} PNGs and ${PREVIEW_LOCALES} app previews generated in ${seconds} s (.bench/)`);
}

/** The repository narrowed to its first `count` locales (the rest unmanaged). */
async function subsetFixture(count: number): Promise<string> {
  const root = path.join(BENCH, `fixture-v1-${count}`);
  if (existsSync(root)) return root;
  const source = path.join(BENCH, "fixture-v1");
  await mkdir(path.join(root, "metadata"), { recursive: true });
  await mkdir(path.join(root, ".git"), { recursive: true });
  await cp(path.join(source, "metadata", "app.yml"), path.join(root, "metadata", "app.yml"));
  for (const locale of LOCALES.slice(0, count)) {
    await cp(path.join(source, "metadata", `${locale}.yml`), path.join(root, "metadata", `${locale}.yml`));
    await cp(path.join(source, "screenshots", locale), path.join(root, "screenshots", locale), { recursive: true });
    const previews = path.join(source, "previews", locale);
    if (existsSync(previews)) await cp(previews, path.join(root, "previews", locale), { recursive: true });
  }
  return root;
}

// ---------------------------------------------------------------- processes

interface Ready {
  url: string;
  issuerId: string;
  keyId: string;
  privateKeyPath: string;
}

async function startSandbox(args: string[]): Promise<{ child: ChildProcess; ready: Ready }> {
  const child = spawn(process.execPath, [BIN, "sandbox", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  child.stderr!.resume();
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once("line", resolve);
    child.once("exit", (code) => reject(new Error(`the sandbox exited with ${code}`)));
  });
  return { child, ready: JSON.parse(line) as Ready };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

interface Measured {
  code: number;
  stdout: string;
  stderr: string;
  wallMs: number;
  peakRssMb: number;
}

/** Runs one CLI command in its own process (through bench-run.mjs, which reports the peak RSS). */
function measure(args: string[], cwd: string, env: Record<string, string>): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [RUNNER, ...args], { cwd, env: { ...process.env, NO_COLOR: "1", ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.once("error", reject);
    child.once("exit", (code) => {
      const rss = /BENCH_MAX_RSS_KB (\d+)/.exec(stderr);
      resolve({ code: code ?? 1, stdout, stderr, wallMs: Math.round(performance.now() - started), peakRssMb: rss ? Math.round(Number(rss[1]) / 1024) : 0 });
    });
  });
}

/** The sandbox's start in this process, as `--sandbox` runs have it: first with seeding of the demo app, then from its state file. */
async function sandboxStarts(): Promise<{ firstStartMs: number; restartMs: number }> {
  const statePath = path.join(BENCH, "sandbox-start", "state.json");
  await rm(path.dirname(statePath), { recursive: true, force: true });
  const timedStart = async () => {
    const started = performance.now();
    const sandbox = await startSandboxHere({ statePath, log: () => undefined });
    const ms = Math.round(performance.now() - started);
    await sandbox.close();
    return ms;
  };
  const firstStartMs = await timedStart();
  return { firstStartMs, restartMs: await timedStart() };
}

/**
 * The floor of validate: one MD5 pass over the same screenshots, 16 files at a
 * time, in its own process as validate runs in its own. Validate reads each
 * byte once too (MD5, CRC and structure in one stream) and adds the headers.
 */
const MD5_PASS = `
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readdir } from "node:fs/promises";
import path from "node:path";
const files = (await readdir(process.argv[1], { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile() && entry.name.endsWith(".png"));
const hash = (entry) => new Promise((resolve, reject) => {
  const md5 = createHash("md5");
  createReadStream(path.join(entry.parentPath ?? entry.path, entry.name)).on("data", (chunk) => md5.update(chunk))\
.on("error", reject).on("end", () => resolve(md5.digest("hex")));
});
for (let i = 0; i < files.length; i += 16) await Promise.all(files.slice(i, i + 16).map(hash));
`;

function md5PassMs(folder: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ["--input-type=module", "-e", MD5_PASS, folder], { stdio: ["ignore", "ignore", "inherit"] });
    child.once("error", reject);
    child.once("exit", (code) => (code === 0 ? resolve(Math.round(performance.now() - started)) : reject(new Error(`the MD5 pass exited ${code}`))));
  });
}

function expectCode(step: string, result: Measured, codes: number[]): void {
  if (!codes.includes(result.code)) throw new Error(`${step} exited ${result.code}:\n${result.stderr.slice(-3000)}`);
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  if (!existsSync(path.join(ROOT, "lib", "cli.js"))) throw new Error("run npm run build first (npm ci does it)");
  const benchStarted = performance.now();
  // the sandbox's own start (a first start seeds the demo app)
  const sandboxStart = await sandboxStarts();
  log(`sandbox start: ${sandboxStart.firstStartMs} ms (seeding the demo app), restart ${sandboxStart.restartMs} ms`);
  await ensureFixture();
  const repo = path.join(BENCH, "fixture-v1");
  const images = LOCALES.length * TYPES.length * SHOTS;

  // validate
  const validate = await measure(["validate", "--json"], repo, {});
  expectCode("validate", validate, [0]);
  const md5Ms = await md5PassMs(path.join(repo, "screenshots"));
  const validateFigures = {
    images,
    wallMs: validate.wallMs,
    peakRssMb: validate.peakRssMb,
    imagesPerSecond: Math.round(images / (validate.wallMs / 1000)),
    md5PassMs: md5Ms,
    md5Ratio: Number((validate.wallMs / md5Ms).toFixed(2)),
  };
  log(`validate: ${images} images in ${validate.wallMs} ms (${validateFigures.imagesPerSecond}/s), peak RSS ${validate.peakRssMb} MB`);
  log(`validate against one MD5 pass over the same files (${md5Ms} ms): ratio ${validateFigures.md5Ratio} (target at most 3)`);

  // seed the sandbox with v0 (no latency), then serve it with 50 ms latency
  const state = path.join(BENCH, "state", "state.json");
  await rm(path.dirname(state), { recursive: true, force: true });
  const seeding = await startSandbox(["--state", state, "--empty", "--processing-ms", "20", "--hourly-limit", "1000000"]);
  const seedEnv = { ASC_ISSUER_ID: seeding.ready.issuerId, ASC_KEY_ID: seeding.ready.keyId, ASC_PRIVATE_KEY_PATH: seeding.ready.privateKeyPath };
  const seeded = await measure(["apply", "--api-url", seeding.ready.url, "--json"], path.join(BENCH, "fixture-v0"), seedEnv);
  expectCode("seeding apply", seeded, [0]);
  log(`seeded the sandbox with the v0 listing in ${(seeded.wallMs / 1000).toFixed(1)} s`);
  await stop(seeding.child);

  const sandbox = await startSandbox(["--state", state, "--latency", String(LATENCY_MS), "--processing-ms", "200", "--hourly-limit", "1000000"]);
  const env = { ASC_ISSUER_ID: sandbox.ready.issuerId, ASC_KEY_ID: sandbox.ready.keyId, ASC_PRIVATE_KEY_PATH: sandbox.ready.privateKeyPath };
  const api = ["--api-url", sandbox.ready.url];
  try {
    // A freshly started sandbox compiles its code on its first answers; App Store Connect is always warm. One unmeasured plan first.
    expectCode("warm-up plan", await measure(["plan", ...api, "--json"], await subsetFixture(10), env), [0]);

    // plan
    const plan = await measure(["plan", ...api, "--json"], repo, env);
    expectCode("plan", plan, [0]);
    const footer = /Read live state with (\d+) GET in (\d+) ms/.exec(plan.stderr);
    if (!footer) throw new Error(`plan printed no read figures:\n${plan.stderr.slice(-2000)}`);
    const planJson = JSON.parse(plan.stdout) as { changes: { kind: string }[] };
    const planRequests = Number(footer[1]);
    const readMs = Number(footer[2]);
    // requests = A + 2 + S + P + B: A = 1 (bundleId lookup), 2 (versions, appInfos, their localizations included), S = one screenshot-set read
    // per locale, P = one preview-set read per locale with a previews/ folder, in the same round as S (here the first 10 locales),
    // B = 1 when app.yml sets `build` (the app's builds of the version), 0 here.
    // (+1 with `submit: true` while the version may still need submitting: the review submissions read; the bench fixture has none.)
    const previewLocales = PREVIEW_LOCALES;
    const minimumRequests = 1 + 2 + LOCALES.length + previewLocales + 0;
    const readConcurrency = 50;
    const chain = 3; // lookup -> versions -> screenshot and preview sets
    const latencyBoundMs = Math.max(chain, Math.ceil(minimumRequests / readConcurrency)) * LATENCY_MS;
    const planFigures = {
      requests: planRequests,
      minimumRequests,
      formula: `A + 2 + S + P + B = 1 + 2 + ${LOCALES.length} + ${previewLocales} + 0`,
      wallMs: readMs,
      processWallMs: plan.wallMs,
      latencyBoundMs,
      ratio: Number((readMs / latencyBoundMs).toFixed(2)),
      changes: planJson.changes.length,
      zeroLatencyReadMs: undefined as number | undefined,
    };
    log(
      `plan: ${planRequests} GETs (minimum ${minimumRequests} = ${planFigures.formula}), read in ${readMs} ms; ` +
        `latency bound ${latencyBoundMs} ms (ratio ${planFigures.ratio}); ${planJson.changes.length} changes; process ${plan.wallMs} ms`,
    );

    // apply
    const apply = await measure(["apply", ...api, "--json"], repo, env);
    expectCode("apply", apply, [0]);
    const report = JSON.parse(apply.stdout) as {
      success: boolean;
      requests: { method: string; path: string; status: number | null; attempt: number; error?: string }[];
      totals: { requests: number; writes: number; retries: number; bytesUploaded: number };
    };
    for (const retried of report.requests.filter((request) => request.attempt > 1 || request.status === null || request.status >= 400))
      log(`  retried: ${retried.method} ${retried.path} (attempt ${retried.attempt}, ${retried.status ?? retried.error ?? "no answer"})`);
    const applyFigures = {
      requests: report.totals.requests,
      writeRequests: report.totals.writes,
      retries: report.totals.retries,
      bytesUploaded: report.totals.bytesUploaded,
      wallMs: apply.wallMs,
      success: report.success,
    };
    log(
      `apply: ${applyFigures.requests} requests (${applyFigures.writeRequests} writes, ${applyFigures.retries} retries), ` +
        `${(applyFigures.bytesUploaded / 1024 / 1024).toFixed(1)} MB uploaded, ${(apply.wallMs / 1000).toFixed(1)} s, converged: ${report.success}`,
    );

    // re-plan and re-apply: nothing left
    const replan = await measure(["plan", ...api, "--json"], repo, env);
    expectCode("re-plan", replan, [0]);
    const replanChanges = (JSON.parse(replan.stdout) as { changes: unknown[] }).changes.length;
    const reapply = await measure(["apply", ...api, "--json"], repo, env);
    expectCode("re-apply", reapply, [0]);
    const reapplyWrites = (JSON.parse(reapply.stdout) as { totals: { writes: number } }).totals.writes;
    log(`re-plan: ${replanChanges} changes; re-apply: ${reapplyWrites} write requests`);

    // growth: plan cost by locale count
    const growth: { locales: number; requests: number; wallMs: number }[] = [];
    for (const count of [1, 10, 40]) {
      const result = await measure(["plan", ...api, "--json"], count === 40 ? repo : await subsetFixture(count), env);
      expectCode(`plan of ${count} locales`, result, [0]);
      const figures = /Read live state with (\d+) GET in (\d+) ms/.exec(result.stderr)!;
      growth.push({ locales: count, requests: Number(figures[1]), wallMs: Number(figures[2]) });
    }
    log(`growth: ${growth.map((row) => `${row.locales} locale${row.locales === 1 ? "" : "s"}: ${row.requests} GETs in ${row.wallMs} ms`).join("; ")}`);

    // The same read with no latency: what both sides' own work costs (the sandbox answers on one thread).
    await stop(sandbox.child);
    const instant = await startSandbox(["--state", state, "--latency", "0", "--hourly-limit", "1000000"]);
    const instantApi = ["--api-url", instant.ready.url];
    let zeroLatencyReadMs = Number.POSITIVE_INFINITY;
    try {
      for (let round = 0; round < 3; round++) {
        const result = await measure(["plan", ...instantApi, "--json"], repo, env);
        expectCode("plan with no latency", result, [0]);
        zeroLatencyReadMs = Math.min(zeroLatencyReadMs, Number(/Read live state with \d+ GET in (\d+) ms/.exec(result.stderr)![1]));
      }
    } finally {
      await stop(instant.child);
    }
    planFigures.zeroLatencyReadMs = zeroLatencyReadMs;
    log(`plan with no latency: ${planRequests} GETs read in ${zeroLatencyReadMs} ms (best of 3): the work of client and sandbox alone`);

    // The ASO dashboard: 90 days x 3 reports x 40 territories ingested and rendered, in a process of its own (its peak memory is its own).
    const analytics = await new Promise<Record<string, unknown>>((resolve, reject) => {
      const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts", "bench-analytics.ts")], { stdio: ["ignore", "pipe", "inherit"] });
      let out = "";
      child.stdout!.on("data", (chunk: Buffer) => (out += chunk.toString()));
      child.once("exit", (code) => (code === 0 ? resolve(JSON.parse(out) as Record<string, unknown>) : reject(new Error(`bench-analytics exited ${code}`))));
    });
    const analyticsWorkload = analytics.workload as { days: number; reports: number; territories: number; rows: number; instances: number };
    log(
      `analytics: ${analyticsWorkload.days} days x ${analyticsWorkload.reports} reports x ${analyticsWorkload.territories} territories ` +
        `(${analyticsWorkload.instances} daily files, ${analyticsWorkload.rows} rows, every day restated): ingest ${analytics.ingestMs} ms ` +
        `(generating the files: ${analytics.generateMs} ms more), figures + HTML ${analytics.renderMs} ms, peak memory ${analytics.peakRssMb} MB`,
    );
    const targets = {
      planRequestsAtMinimum: planRequests <= minimumRequests,
      planWallWithin: planFigures.ratio <= 1.2,
      validateUnder3s: validate.wallMs < 3000,
      validateWithin3xMd5: validateFigures.md5Ratio <= 3,
      validateUnder300Mb: validate.peakRssMb < 300,
      sandboxStartUnder1s: sandboxStart.firstStartMs < 1000,
      sandboxRestartUnder500ms: sandboxStart.restartMs < 500,
      replanZero: replanChanges === 0,
      reapplyZeroWrites: reapplyWrites === 0,
    };
    log(
      `targets: ${Object.entries(targets)
        .map(([name, met]) => `${name} ${met ? "met" : "MISSED"}`)
        .join(", ")}`,
    );
    log(`bench: ${((performance.now() - benchStarted) / 1000).toFixed(1)} s in all`);
    const fingerprint = createHash("md5")
      .update(await readFile(path.join(repo, "metadata", "en-US.yml")))
      .digest("hex")
      .slice(0, 8);
    process.stdout.write(
      `${JSON.stringify({
        workload: { locales: LOCALES.length, displayTypes: TYPES.length, screenshots: images, latencyMs: LATENCY_MS, fixture: fingerprint },
        sandboxStart,
        validate: validateFigures,
        plan: planFigures,
        apply: applyFigures,
        replan: { changes: replanChanges },
        reapply: { writeRequests: reapplyWrites },
        growth,
        analytics,
        targets,
      })}\n`,
    );
  } finally {
    await stop(sandbox.child);
  }
}

await main();
