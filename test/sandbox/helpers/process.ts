/** Runs the sandbox command as its own process and reads its ready line. */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

const ENTRY = fileURLToPath(new URL("../fixtures/sandbox-main.ts", import.meta.url));

export interface SandboxProcess {
  child: ChildProcess;
  ready: { url: string; issuerId: string; keyId: string; privateKeyPath: string };
  /** Every stdout line so far. */
  stdoutLines: string[];
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export async function spawnSandbox(args: string[]): Promise<SandboxProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", ENTRY, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  const stdoutLines: string[] = [];
  let stderr = "";
  child.stderr!.on("data", (chunk) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  const ready = await new Promise<SandboxProcess["ready"]>((resolve, reject) => {
    let buffer = "";
    child.stdout!.on("data", (chunk) => {
      buffer += chunk;
      let newline: number;
      while ((newline = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        stdoutLines.push(line);
        if (stdoutLines.length === 1) {
          try {
            resolve(JSON.parse(line));
          } catch (error) {
            reject(error);
          }
        }
      }
    });
    void exited.then(({ code }) => reject(new Error(`the sandbox exited (${code}) before its ready line: ${stderr}`)));
  });
  return { child, ready, stdoutLines, stderr: () => stderr, exited };
}
