/**
 * Builds throwaway repositories for tests: metadata files from text, and
 * screenshots drawn by sharp at any size and kind (alpha, grayscale, JPEG...).
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { validateRepository, type ValidationResult } from "../../src/engine/validate/index.js";
import { formatDiagnostic } from "../../src/contracts/diagnostics.js";

export const APP_YML = "app:\n  bundleId: com.acme.fitness\n  platform: IOS\n";

export interface ImageSpec {
  width: number;
  height: number;
  format?: "png" | "jpeg";
  alpha?: boolean;
  grey?: boolean;
  cmyk?: boolean;
  /** Changes the pixels, so that two images differ in checksum. */
  shade?: number;
}

export async function makeImage(spec: ImageSpec): Promise<Buffer> {
  const shade = spec.shade ?? 0;
  const channels = spec.alpha ? 4 : 3;
  const background = spec.alpha ? { r: 40 + shade, g: 90, b: 160, alpha: 0.5 } : { r: 40 + shade, g: 90, b: 160 };
  let image = sharp({ create: { width: spec.width, height: spec.height, channels, background } });
  if (spec.grey) image = image.toColourspace("b-w");
  if (spec.cmyk) image = image.toColourspace("cmyk");
  return spec.format === "jpeg" ? image.jpeg({ quality: 80 }).toBuffer() : image.png({ compressionLevel: 9 }).toBuffer();
}

/** The standard accepted size of each alias used in tests. */
export const IPHONE_69 = { width: 1320, height: 2868 } as const;
export const IPAD_13 = { width: 2064, height: 2752 } as const;

export interface RepoSpec {
  /** app.yml text; null leaves it out. */
  app?: string | null;
  /** File name (en-US.yml) -> text. */
  metadata?: Record<string, string>;
  /** Path under screenshots/ -> image spec or raw bytes. */
  screenshots?: Record<string, ImageSpec | Buffer>;
  /** Path under previews/ -> bytes (a video) or text (posters.yml). */
  previews?: Record<string, Buffer | string>;
}

export interface FixtureRepo {
  root: string;
  metadataDir: string;
  screenshotsDir: string;
  previewsDir: string;
  write(relativePath: string, content: string | Buffer): Promise<string>;
  validate(): Promise<ValidationResult>;
  /** Diagnostics formatted as the CLI prints them, with paths relative to the repo root; notices only when asked. */
  lines(options?: { notices?: boolean }): Promise<string[]>;
  cleanup(): Promise<void>;
}

export async function makeRepo(spec: RepoSpec = {}): Promise<FixtureRepo> {
  const root = await mkdtemp(path.join(tmpdir(), "asc-gitops-test-"));
  await mkdir(path.join(root, ".git"));
  const write = async (relativePath: string, content: string | Buffer) => {
    const absolute = path.join(root, relativePath);
    await mkdir(path.dirname(absolute), { recursive: true });
    await writeFile(absolute, content);
    return absolute;
  };
  await mkdir(path.join(root, "metadata"), { recursive: true });
  if (spec.app !== null) await write("metadata/app.yml", spec.app ?? APP_YML);
  for (const [name, text] of Object.entries(spec.metadata ?? {})) await write(`metadata/${name}`, text);
  for (const [relative, image] of Object.entries(spec.screenshots ?? {}))
    await write(`screenshots/${relative}`, Buffer.isBuffer(image) ? image : await makeImage(image));
  for (const [relative, content] of Object.entries(spec.previews ?? {})) await write(`previews/${relative}`, content);

  const metadataDir = path.join(root, "metadata");
  const screenshotsDir = path.join(root, "screenshots");
  const previewsDir = path.join(root, "previews");
  const validate = () => validateRepository({ metadataDir, screenshotsDir, previewsDir });
  return {
    root,
    metadataDir,
    screenshotsDir,
    previewsDir,
    write,
    validate,
    async lines(options = {}) {
      const result = await validate();
      const shown = result.diagnostics.filter((diagnostic) => options.notices || diagnostic.severity !== "notice");
      const prefix = path.relative(process.cwd(), root).split(path.sep).join("/") + "/";
      return shown.map((diagnostic) => formatDiagnostic(diagnostic).split(prefix).join(""));
    },
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
}

/** Validates one locale file (en-US.yml unless named) in a fresh repo and returns the printed lines. */
export async function linesForLocale(text: string, fileName = "en-US.yml", app?: string, options?: { notices?: boolean }): Promise<string[]> {
  const repo = await makeRepo({ app, metadata: { [fileName]: text } });
  try {
    return await repo.lines(options);
  } finally {
    await repo.cleanup();
  }
}
