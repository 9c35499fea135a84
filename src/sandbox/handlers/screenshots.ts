/**
 * appScreenshots: the reservation -> upload operations -> commit flow.
 *
 * POST reserves: the answer's `uploadOperations` split the file into parts of
 * at most `partSize` bytes, each PUT to the sandbox's own upload path, with no
 * bearer token. PATCH `uploaded: true` commits: every byte must have arrived
 * and `sourceFileChecksum` must be their MD5, or the commit fails (409, the
 * reservation left AWAITING_UPLOAD); otherwise it is UPLOAD_COMPLETE until
 * processing ends (see uploads/processing.ts). A set holds at most 10 screenshots, reservations
 * and failures included, so abandoned reservations have to be cleaned up.
 */
import { randomBytes } from "node:crypto";
import { SCREENSHOTS_PER_SET } from "../../model/fields.js";
import { entityProblems, errors } from "../errors.js";
import { assertVersionEditable } from "../rules/states.js";
import type { ScreenshotRecord } from "../store/records.js";
import { assetToken, mimeTypeOf, planParts, processingOutcome, settle } from "../uploads/processing.js";
import { deleteScreenshot } from "./cascade.js";
import { mustFind, noContent, ok, pathId, relatedId, resourceBody, type Handler } from "./context.js";
import { versionOfSet } from "./screenshot-sets.js";

/** No screenshot comes near this; it keeps a mistaken fileSize from planning millions of parts. */
const MAX_FILE_SIZE = 512 * 1024 * 1024;

export const screenshotsHandlers = {
  appScreenshots_createInstance: async (context) => {
    const body = resourceBody(context);
    const setId = relatedId(body, "appScreenshotSet")!;
    const set = context.store.tables.appScreenshotSets.get(setId);
    if (!set) throw errors.entity([entityProblems.relationshipInvalid("appScreenshotSet", `'${setId}' is not a valid ID for this relationship.`)]);
    assertVersionEditable(versionOfSet(context, set), "Screenshots");
    const fileName = String(body.attributes.fileName);
    const fileSize = Number(body.attributes.fileSize);
    const problems = [];
    if (fileName.trim() === "" || /[/\\]/.test(fileName)) problems.push(entityProblems.invalid("fileName", `'${fileName}' is not a valid file name`));
    if (!Number.isInteger(fileSize) || fileSize < 1 || fileSize > MAX_FILE_SIZE) {
      problems.push(entityProblems.invalid("fileSize", `fileSize must be between 1 and ${MAX_FILE_SIZE} bytes; it is ${fileSize}`));
    }
    if (set.screenshotIds.length >= SCREENSHOTS_PER_SET.max) {
      problems.push(
        entityProblems.relationshipInvalid(
          "appScreenshotSet",
          `The screenshot set '${set.id}' already holds ${set.screenshotIds.length} screenshots, ` +
            "the most App Store Connect allows (reservations awaiting upload count too).",
        ),
      );
    }
    if (problems.length > 0) throw errors.entity(problems);
    const id = context.store.newId();
    const screenshot: ScreenshotRecord = {
      id,
      setId: set.id,
      fileName,
      fileSize,
      mimeType: mimeTypeOf(fileName),
      assetToken: assetToken({ id, fileName }),
      uploadKey: randomBytes(16).toString("hex"),
      parts: planParts(fileSize, context.settings.partSize),
      state: "AWAITING_UPLOAD",
      createdAt: new Date().toISOString(),
    };
    context.store.tables.appScreenshots.insert(screenshot);
    set.screenshotIds.push(screenshot.id);
    await context.store.commit();
    return ok(context, "appScreenshots", screenshot, 201);
  },
  appScreenshots_getInstance: (context) => ok(context, "appScreenshots", mustFind(context, "appScreenshots", pathId(context))),
  appScreenshots_updateInstance: async (context) => {
    const screenshot = mustFind(context, "appScreenshots", pathId(context));
    const { attributes } = resourceBody(context);
    settle(screenshot, Date.now());
    if (attributes.uploaded !== true) return ok(context, "appScreenshots", screenshot);
    if (screenshot.state === "FAILED") {
      throw errors.state([{ detail: "This screenshot's upload failed; delete it and reserve a new one", at: "/data/attributes/uploaded" }]);
    }
    // A repeated commit (say, after a lost answer) changes nothing.
    if (screenshot.state !== "AWAITING_UPLOAD") return ok(context, "appScreenshots", screenshot);
    const set = mustFind(context, "appScreenshotSets", screenshot.setId);
    const declared = typeof attributes.sourceFileChecksum === "string" ? attributes.sourceFileChecksum.toLowerCase() : undefined;
    const assembly = await context.assets.assemble(screenshot.id, screenshot.parts, screenshot.fileSize, declared);
    if (!assembly.ok) {
      // As Apple's docs say, a commit whose bytes do not match the reservation fails; the reservation stays open.
      throw errors.entity(
        assembly.errors.map((problem) =>
          entityProblems.invalid(problem.code === "CHECKSUM_MISMATCH" ? "sourceFileChecksum" : "uploaded", `${problem.code}: ${problem.description}`),
        ),
      );
    }
    const { settings } = context;
    screenshot.outcome = await processingOutcome(context.assets.originalPath(screenshot.id), set.screenshotDisplayType);
    screenshot.checksum = assembly.md5;
    screenshot.state = "UPLOAD_COMPLETE";
    screenshot.completeAt = Date.now() + settings.processingMs;
    if (settings.checksumDelayMs > 0) screenshot.checksumAt = screenshot.completeAt + settings.checksumDelayMs;
    if (settings.uploadFaults.sticks()) screenshot.stuck = true;
    await context.store.commit();
    return ok(context, "appScreenshots", screenshot);
  },
  appScreenshots_deleteInstance: async (context) => {
    const screenshot = mustFind(context, "appScreenshots", pathId(context));
    const set = mustFind(context, "appScreenshotSets", screenshot.setId);
    assertVersionEditable(versionOfSet(context, set), "Screenshots");
    deleteScreenshot(context.store, context.assets, screenshot.id);
    await context.store.commit();
    return noContent;
  },
} satisfies Record<string, Handler>;
