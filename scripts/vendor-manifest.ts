/**
 * The chain of trust for the native code the action ships (dist/node_modules):
 *
 *   package-lock.json's integrity (sha512 of each npm tarball)
 *     → the tarball, checked against it when `npm run package` vendors it
 *     → dist/vendored.json: the sha256 of every file in that tarball, committed
 *     → check-dist: every vendored file hashed again and compared, nothing
 *       missing and nothing added; and, for each tarball the npm cache holds
 *       (found by its integrity, offline), the manifest derived again from it.
 *
 * So a changed .node or .js in dist/ fails the check, and so does a manifest
 * edited to match it, whenever the locked tarball is at hand.
 */
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { homedir } from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";

export const MANIFEST_FILE = "vendored.json";

export interface ManifestPackage {
  name: string;
  version: string;
  /** package-lock.json's integrity of the tarball the files came from. */
  integrity: string;
  /** Path inside the package (forward slashes) → sha256, hex. */
  files: Record<string, string>;
}

export interface VendorManifest {
  schemaVersion: 1;
  packages: ManifestPackage[];
}

export interface LockedPackage {
  name: string;
  version: string;
  integrity?: string;
}

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

export const integrityOf = (bytes: Uint8Array) => `sha512-${createHash("sha512").update(bytes).digest("base64")}`;

/** Reads a NUL-terminated field of a tar header. */
function field(header: Buffer, start: number, length: number): string {
  const raw = header.subarray(start, start + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end === -1 ? raw.length : end).toString("utf8");
}

/** The pax records of an extended header (`len key=value\n`…). */
function paxRecords(data: Buffer): Record<string, string> {
  const records: Record<string, string> = {};
  let offset = 0;
  while (offset < data.length) {
    const space = data.indexOf(0x20, offset);
    if (space === -1) break;
    const length = Number(data.subarray(offset, space).toString("utf8"));
    if (!Number.isInteger(length) || length <= 0) break;
    const record = data.subarray(space + 1, offset + length - 1).toString("utf8");
    const equals = record.indexOf("=");
    if (equals > 0) records[record.slice(0, equals)] = record.slice(equals + 1);
    offset += length;
  }
  return records;
}

/**
 * The sha256 of each regular file in an npm tarball (.tgz), by its path inside
 * the package (the first path component, "package/", dropped as
 * `tar --strip-components=1` drops it). Reads ustar with pax and GNU long names.
 */
export function tarballFileHashes(tgz: Uint8Array): Record<string, string> {
  const tar = gunzipSync(tgz);
  const files: Record<string, string> = {};
  let offset = 0;
  let longName: string | undefined;
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const size = parseInt(field(header, 124, 12).trim() || "0", 8);
    const type = String.fromCharCode(header[156]!);
    const data = tar.subarray(offset + 512, offset + 512 + size);
    offset += 512 + Math.ceil(size / 512) * 512;
    if (type === "x") {
      longName = paxRecords(data).path ?? longName;
      continue;
    }
    if (type === "L") {
      longName = field(data, 0, data.length);
      continue;
    }
    if (type === "g") continue;
    const prefix = field(header, 345, 155);
    const name = longName ?? (prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100));
    longName = undefined;
    if (type !== "0" && type !== "\0") continue;
    const inside = name.split("/").slice(1).join("/");
    if (inside) files[inside] = sha256(data);
  }
  return Object.fromEntries(Object.entries(files).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** The sha256 of every file under `folder`, by its path inside it; symbolic links and other oddities are reported as such. */
export async function folderFileHashes(folder: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  const walk = async (directory: string, prefix: string): Promise<void> => {
    for (const entry of await readdir(directory, { withFileTypes: true })) {
      const inside = prefix ? `${prefix}/${entry.name}` : entry.name;
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) await walk(full, inside);
      else if (entry.isFile()) files[inside] = sha256(await readFile(full));
      else files[inside] = "not a regular file";
    }
  };
  await walk(folder, "");
  return Object.fromEntries(Object.entries(files).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** Where npm keeps a tarball of this integrity, offline: its content-addressed cache (cacache). */
export function cachedTarballPath(integrity: string, cacheDir = process.env.npm_config_cache || path.join(homedir(), ".npm")): string | undefined {
  const [algorithm, digest] = integrity.split("-", 2);
  if (algorithm !== "sha512" || !digest) return undefined;
  const hex = Buffer.from(digest, "base64").toString("hex");
  return path.join(cacheDir, "_cacache", "content-v2", "sha512", hex.slice(0, 2), hex.slice(2, 4), hex.slice(4));
}

/** The locked tarball from the npm cache, checked against its integrity; undefined when the cache does not hold it. */
export async function cachedTarball(integrity: string, cacheDir?: string): Promise<Uint8Array | undefined> {
  const file = cachedTarballPath(integrity, cacheDir);
  const bytes = file ? await readFile(file).catch(() => undefined) : undefined;
  return bytes && integrityOf(bytes) === integrity ? bytes : undefined;
}

export async function readManifest(dist: string): Promise<VendorManifest | undefined> {
  const text = await readFile(path.join(dist, MANIFEST_FILE), "utf8").catch(() => undefined);
  return text === undefined ? undefined : (JSON.parse(text) as VendorManifest);
}

export function renderManifest(packages: ManifestPackage[]): string {
  const manifest: VendorManifest = { schemaVersion: 1, packages: [...packages].sort((a, b) => (a.name < b.name ? -1 : 1)) };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

const REBUILD = "run `npm run package` and commit dist/";

/** Differences between what a package's files should be and what they are, each naming the file. */
function compareFiles(where: string, expected: Record<string, string>, actual: Record<string, string>, what: string): string[] {
  const problems: string[] = [];
  for (const [file, hash] of Object.entries(expected)) {
    if (!(file in actual)) problems.push(`${where}/${file} is missing (${what})`);
    else if (actual[file] !== hash) problems.push(`${where}/${file} differs from ${what}`);
  }
  for (const file of Object.keys(actual)) if (!(file in expected)) problems.push(`${where}/${file} is not in ${what}`);
  return problems;
}

/** The manifest's entry for a package against the files of the tarball package-lock.json pins. */
function againstTarball(where: string, tarball: Record<string, string>, manifest: Record<string, string>): string[] {
  const problems: string[] = [];
  for (const [file, hash] of Object.entries(tarball)) {
    if (!(file in manifest)) problems.push(`${where}/${file} is in the locked tarball but not in dist/${MANIFEST_FILE}`);
    else if (manifest[file] !== hash) problems.push(`dist/${MANIFEST_FILE}'s hash of ${where}/${file} is not that of the locked tarball's file`);
  }
  for (const file of Object.keys(manifest))
    if (!(file in tarball)) problems.push(`dist/${MANIFEST_FILE} lists ${where}/${file}, which the locked tarball does not hold`);
  return problems;
}

export interface VerifyResult {
  problems: string[];
  /** Packages whose manifest entry was derived again from the locked tarball in the npm cache. */
  checkedAgainstTarball: string[];
}

/** Every vendored file against the manifest, the manifest against the lock, and against each cached tarball. */
export async function verifyVendored(dist: string, locked: LockedPackage[], options: { cacheDir?: string } = {}): Promise<VerifyResult> {
  const problems: string[] = [];
  const checkedAgainstTarball: string[] = [];
  const manifest = await readManifest(dist);
  if (!manifest) return { problems: [`dist/${MANIFEST_FILE} is missing: ${REBUILD}`], checkedAgainstTarball };
  const listed = new Map(manifest.packages.map((item) => [item.name, item]));
  for (const item of locked) {
    const entry = listed.get(item.name);
    const where = `dist/node_modules/${item.name}`;
    if (!entry) {
      problems.push(`${item.name} is not in dist/${MANIFEST_FILE}: ${REBUILD}`);
      continue;
    }
    listed.delete(item.name);
    if (entry.version !== item.version || entry.integrity !== item.integrity) {
      problems.push(`dist/${MANIFEST_FILE} has ${item.name}@${entry.version} from another tarball than package-lock.json's ${item.version}: ${REBUILD}`);
      continue;
    }
    const onDisk = await folderFileHashes(path.join(dist, "node_modules", ...item.name.split("/"))).catch(() => ({}));
    problems.push(...compareFiles(where, entry.files, onDisk, `the hash npm run package took from the locked tarball (dist/${MANIFEST_FILE})`));
    const tarball = item.integrity ? await cachedTarball(item.integrity, options.cacheDir) : undefined;
    if (tarball) {
      checkedAgainstTarball.push(item.name);
      problems.push(...againstTarball(where, tarballFileHashes(tarball), entry.files));
    }
  }
  for (const name of listed.keys()) problems.push(`dist/${MANIFEST_FILE} lists ${name}, which package-lock.json does not vendor: ${REBUILD}`);
  return { problems, checkedAgainstTarball };
}
