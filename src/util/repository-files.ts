/**
 * Every file read from the repository goes through here (DESIGN.md §20). A
 * fork's pull request controls the files, so each one must resolve inside the
 * repository (a symbolic link to ~/.aws/credentials or /dev/zero is refused
 * before it is opened), be a regular file (a FIFO or a device could block or
 * never end), and fit a size cap that is enforced while reading, so a file that
 * grows is cut off too. Refusals name the path, never the content.
 */
import { constants } from "node:fs";
import { lstat, open, realpath, stat, type FileHandle } from "node:fs/promises";
import path from "node:path";
import { isInside, repositoryRoot } from "./paths.js";

export interface RepositoryReadOptions {
  /** The boundary; default: the repository that holds the file's folder. */
  root?: string;
  /** Bytes the file may hold at most. */
  maxBytes: number;
  /** What the file is, for messages: "metadata file", "screenshot". */
  what: string;
}

/** A file the repository may not hand us; the message follows the file's path. */
export class RefusedFile extends Error {
  constructor(
    readonly rule: string,
    message: string,
  ) {
    super(message);
  }
}

export interface RepositoryFile {
  /** The file's real path, inside the repository. */
  realPath: string;
  size: number;
  /** The bytes once, in chunks; throws RefusedFile past the cap. */
  chunks(highWaterMark?: number): AsyncIterable<Buffer>;
  close(): Promise<void>;
}

/** 256 KB, 50 MB: whole units, as people say them. */
export function sizeText(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.ceil(bytes / 1024)} KB`;
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
}

const tooLarge = (size: string, options: RepositoryReadOptions) =>
  new RefusedFile("file.too-large", `is ${size}; a ${options.what} may be at most ${sizeText(options.maxBytes)}`);

function kindOf(stats: { isDirectory(): boolean; isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean }): string {
  if (stats.isDirectory()) return "a folder";
  if (stats.isFIFO()) return "a named pipe (FIFO)";
  if (stats.isSocket()) return "a socket";
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return "a device";
  return "not a regular file";
}

const notRegular = (kind: string, options: RepositoryReadOptions) =>
  new RefusedFile("file.not-regular", `is ${kind}, not a regular file; a ${options.what} must be a file in the repository`);

/** O_NONBLOCK: opening a FIFO swapped in after the checks returns at once instead of waiting for a writer. */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/** Opens a repository file after the checks; errors other than RefusedFile are the file system's (ENOENT, EACCES). */
export async function openRepositoryFile(absolutePath: string, options: RepositoryReadOptions): Promise<RepositoryFile> {
  const entry = await lstat(absolutePath);
  let realPath: string;
  try {
    realPath = await realpath(absolutePath);
  } catch (error) {
    if (!entry.isSymbolicLink()) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new RefusedFile(
      "file.symlink",
      code === "ELOOP" ? "is a symbolic link that loops back on itself" : "is a symbolic link to a file that does not exist",
    );
  }
  const root = await realpath(options.root ?? repositoryRoot(path.dirname(absolutePath)));
  if (!isInside(root, realPath))
    throw new RefusedFile(
      "file.outside-repository",
      entry.isSymbolicLink()
        ? `is a symbolic link to a file outside the repository; copy the ${options.what} into the repository instead`
        : `lies outside the repository (a folder on its path is a symbolic link that leaves it); copy the ${options.what} into the repository instead`,
    );
  const target = entry.isSymbolicLink() ? await stat(realPath) : entry;
  if (!target.isFile()) throw notRegular(kindOf(target), options);
  if (target.size > options.maxBytes) throw tooLarge(sizeText(target.size), options);

  const handle = await open(realPath, OPEN_FLAGS);
  try {
    const opened = await handle.stat();
    if (!opened.isFile()) throw notRegular(kindOf(opened), options);
    if (opened.size > options.maxBytes) throw tooLarge(sizeText(opened.size), options);
    return { realPath, size: opened.size, chunks: (highWaterMark) => boundedChunks(handle, options, highWaterMark), close: () => handle.close() };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

async function* boundedChunks(handle: FileHandle, options: RepositoryReadOptions, highWaterMark = 256 * 1024): AsyncIterable<Buffer> {
  let total = 0;
  // One byte past the cap is enough to know the file is over it.
  const stream = handle.createReadStream({ start: 0, end: options.maxBytes, highWaterMark, autoClose: false });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > options.maxBytes) {
      stream.destroy();
      throw tooLarge(`over ${sizeText(options.maxBytes)}`, options);
    }
    yield chunk;
  }
}

/** A whole repository file, read within its cap. */
export async function readRepositoryFile(absolutePath: string, options: RepositoryReadOptions): Promise<Buffer> {
  const file = await openRepositoryFile(absolutePath, options);
  try {
    const chunks: Buffer[] = [];
    for await (const chunk of file.chunks()) chunks.push(chunk);
    return Buffer.concat(chunks);
  } finally {
    await file.close();
  }
}
