/**
 * The command line as a user runs it, for end-to-end tests: the built
 * bin/asc-gitops.js in its own process, a sandbox process, and throwaway
 * copies of the example repository.
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { cp, mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const BIN = path.join(ROOT, "bin", "asc-gitops.js");

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `asc-gitops <args>` in `cwd` with only PATH and `env` set (no color). */
export function run(args: string[], cwd: string, env: Record<string, string | undefined> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd, env: { PATH: process.env.PATH, NO_COLOR: "1", ...env } }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

export interface Ready {
  url: string;
  issuerId: string;
  keyId: string;
  privateKeyPath: string;
}

export interface SandboxProcess {
  child: ChildProcess;
  ready: Ready;
  /** ASC_* variables that sign with the sandbox's key. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

/** Starts `asc-gitops sandbox` as a process and waits for its one ready line. */
export async function startSandboxProcess(statePath: string, args: string[] = ["--processing-ms", "50"]): Promise<SandboxProcess> {
  const child = spawn(process.execPath, [BIN, "sandbox", "--state", statePath, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  child.stderr!.resume();
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once("line", resolve);
    child.once("exit", (code) => reject(new Error(`sandbox exited ${code}`)));
  });
  const ready = JSON.parse(line) as Ready;
  return {
    child,
    ready,
    env: { ASC_ISSUER_ID: ready.issuerId, ASC_KEY_ID: ready.keyId, ASC_PRIVATE_KEY_PATH: ready.privateKeyPath },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/** A temporary repository holding a copy of the example app (metadata/ and screenshots/). */
export async function copyOfExample(prefix = "asc-gitops-example-"): Promise<string> {
  const folder = await mkdtemp(path.join(tmpdir(), prefix));
  await mkdir(path.join(folder, ".git"));
  await cp(path.join(ROOT, "metadata"), path.join(folder, "metadata"), { recursive: true });
  await cp(path.join(ROOT, "screenshots"), path.join(folder, "screenshots"), { recursive: true });
  return folder;
}

export const removeFolder = (folder: string) => rm(folder, { recursive: true, force: true });
