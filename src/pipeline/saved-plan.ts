/**
 * The plan `apply --plan FILE` was given, read and checked before anything
 * else runs (no validation, no connection): a missing file, one that is not
 * JSON, not a plan, or a plan of another schemaVersion is refused with what
 * was expected instead.
 */
import { readFile, stat } from "node:fs/promises";
import { PLAN_SCHEMA_VERSION, type Plan } from "../engine/plan/plan.js";
import { StageError } from "./failure.js";

const EXPECTED = "expected a plan saved by asc-gitops plan --out FILE";
/** Far above any real plan (a 2,000-screenshot app's is under 2 MB); stops a device or a wrong file from being read whole. */
const MAX_PLAN_BYTES = 64 * 1024 * 1024;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** `file:line:column` of a JSON.parse error, when its message gives the position (or says the text ended early). */
function whereInText(file: string, text: string, error: unknown): string {
  const message = (error as Error).message;
  const position = /^Unexpected end of JSON input/.test(message) ? text.length : Number(/ at position (\d+)/.exec(message)?.[1] ?? Number.NaN);
  if (!Number.isInteger(position)) return file;
  const before = text.slice(0, position);
  const line = before.split("\n").length;
  const column = before.length - before.lastIndexOf("\n");
  return `${file}:${line}:${column}`;
}

export async function readSavedPlan(file: string): Promise<Plan> {
  const refuse = (why: string) => new StageError("plan-file", `--plan ${why}`);
  let text: string;
  try {
    const info = await stat(file);
    if (info.isDirectory()) throw refuse(`${file}: is a folder; ${EXPECTED}`);
    if (!info.isFile()) throw refuse(`${file}: is not a regular file; ${EXPECTED}`);
    if (info.size > MAX_PLAN_BYTES) throw refuse(`${file}: is ${info.size} bytes, more than any plan; ${EXPECTED}`);
    text = await readFile(file, "utf8");
  } catch (error) {
    if (error instanceof StageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw refuse(`${file}: no such file; ${EXPECTED}`);
    throw refuse(`${file}: cannot be read (${code ?? "unknown error"})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // The parser's own words are left out: newer Node versions quote the file's text, which may be anything.
    throw refuse(`${whereInText(file, text, error)}: is not JSON; ${EXPECTED}`);
  }
  if (isObject(value) && Array.isArray(value.steps) && "verification" in value)
    throw refuse(`${file}: is an apply report (apply --out), not a plan; ${EXPECTED}`);
  if (!isObject(value) || !("schemaVersion" in value) || !("changes" in value))
    throw refuse(`${file}: is not a plan (it has no schemaVersion and changes); ${EXPECTED}`);
  if (value.schemaVersion !== PLAN_SCHEMA_VERSION) {
    const given = String(JSON.stringify(value.schemaVersion)).slice(0, 20);
    throw refuse(
      `${file}: is a plan of schemaVersion ${given}; this asc-gitops reads schemaVersion ${PLAN_SCHEMA_VERSION}: ` +
        "make the plan again with asc-gitops plan --out FILE",
    );
  }
  if (!isObject(value.app) || typeof value.app.id !== "string" || !Array.isArray(value.changes) || typeof value.today !== "string")
    throw refuse(`${file}: is not a complete plan (app.id, today or changes is missing); ${EXPECTED}`);
  return value as unknown as Plan;
}
