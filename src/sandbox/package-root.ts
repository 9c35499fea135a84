/**
 * The asc-gitops package folder, found from this module's own location (src/ when
 * run through tsx, lib/ once built), so the sandbox finds its spec subset and the
 * example metadata and screenshots it seeds from wherever it is installed.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

let cached: string | undefined;

export function packageRoot(): string {
  if (cached) return cached;
  for (let folder = path.dirname(fileURLToPath(import.meta.url)); ; folder = path.dirname(folder)) {
    const manifest = path.join(folder, "package.json");
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === "asc-gitops") return (cached = folder);
      } catch {
        // not ours; keep looking upwards
      }
    }
    if (path.dirname(folder) === folder) throw new Error("cannot find the asc-gitops package folder above the sandbox module");
  }
}
