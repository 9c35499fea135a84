/**
 * appPreviewSets and appPreviews: one preview type of a version localization,
 * and its videos through the reservation -> upload operations -> commit flow
 * the screenshots have (the bytes arrive by the same upload path). A set holds
 * at most 3 previews, reservations and failures included: a 4th is refused.
 * After the commit, uploads/video-processing.ts runs the two state machines.
 */
import { randomBytes } from "node:crypto";
import { PREVIEWS_PER_SET } from "../../model/fields.js";
import { previewTypeInfo } from "../../model/preview-types.js";
import { entityProblems, errors } from "../errors.js";
import { assertVersionEditable } from "../rules/states.js";
import type { AppStoreVersionRecord, PreviewRecord, PreviewSetRecord } from "../store/records.js";
import { assetToken, planParts } from "../uploads/processing.js";
import { videoMimeType, videoOutcome, settlePreview } from "../uploads/video-processing.js";
import { deletePreview, deletePreviewSet } from "./cascade.js";
import { applyFilters, linkagesBody, list, mustFind, noContent, ok, pathId, relatedId, resourceBody, type Handler, type HandlerContext } from "./context.js";

function versionOfPreviewSet(context: HandlerContext, set: PreviewSetRecord): AppStoreVersionRecord {
  const localization = mustFind(context, "appStoreVersionLocalizations", set.localizationId);
  return mustFind(context, "appStoreVersions", localization.versionId);
}

/** The relationship PATCH replaces the whole order: it must name every preview of the set once. */
function reorder(set: PreviewSetRecord, ids: readonly string[]): string[] {
  const problems = ids.flatMap((id, index) => {
    const detail = !set.previewIds.includes(id)
      ? `'${id}' is not a preview of the set '${set.id}'`
      : ids.indexOf(id) !== index
        ? `'${id}' is listed more than once`
        : undefined;
    return detail ? [{ ...entityProblems.relationshipInvalid("appPreviews", detail), at: `/data/${index}/id` }] : [];
  });
  const missing = set.previewIds.filter((id) => !ids.includes(id));
  if (missing.length > 0)
    problems.push({
      ...entityProblems.relationshipInvalid("appPreviews", `The list must name every preview of the set '${set.id}'; it leaves out ${missing.join(", ")}`),
      at: "/data",
    });
  if (problems.length > 0) throw errors.entity(problems);
  return [...ids];
}

/** No app preview may be larger (Apple's 500 MB); it keeps a mistaken fileSize from planning millions of parts. */
const MAX_FILE_SIZE = 500_000_000;

export const previewsHandlers = {
  appStoreVersionLocalizations_appPreviewSets_getToManyRelated: (context) => {
    const localization = mustFind(context, "appStoreVersionLocalizations", pathId(context));
    const sets = applyFilters(
      context,
      context.store.tables.appPreviewSets.where((set) => set.localizationId === localization.id),
      {
        previewType: (set, values) => values.includes(set.previewType),
        appCustomProductPageLocalization: () => false,
        appStoreVersionExperimentTreatmentLocalization: () => false,
      },
    );
    return list(context, "appPreviewSets", sets);
  },
  appPreviewSets_createInstance: async (context) => {
    const body = resourceBody(context);
    const localizationId = relatedId(body, "appStoreVersionLocalization");
    if (!localizationId) {
      const other = Object.keys(body.relationships).find((name) => relatedId(body, name));
      throw errors.entity([
        other
          ? entityProblems.relationshipInvalid(other, `The sandbox models preview sets of version localizations only, not of '${other}'`)
          : entityProblems.relationshipRequired("appStoreVersionLocalization"),
      ]);
    }
    const localization = context.store.tables.appStoreVersionLocalizations.get(localizationId);
    if (!localization)
      throw errors.entity([entityProblems.relationshipInvalid("appStoreVersionLocalization", `'${localizationId}' is not a valid ID for this relationship.`)]);
    const version = mustFind(context, "appStoreVersions", localization.versionId);
    assertVersionEditable(version, "Screenshots");
    const previewType = String(body.attributes.previewType);
    const info = previewTypeInfo(previewType);
    if (info && !info.platforms.includes(version.platform as never))
      throw errors.entity([entityProblems.invalid("previewType", `${previewType} previews do not belong to a ${version.platform} version`)]);
    if (context.store.tables.appPreviewSets.find((set) => set.localizationId === localization.id && set.previewType === previewType))
      throw errors.entity([
        entityProblems.duplicate("previewType", `An app preview set of type ${previewType} already exists for locale ${localization.locale}.`),
      ]);
    const set: PreviewSetRecord = { id: context.store.newId(), localizationId: localization.id, previewType, previewIds: [] };
    context.store.tables.appPreviewSets.insert(set);
    await context.store.commit();
    return ok(context, "appPreviewSets", set, 201);
  },
  appPreviewSets_getInstance: (context) => ok(context, "appPreviewSets", mustFind(context, "appPreviewSets", pathId(context))),
  appPreviewSets_deleteInstance: async (context) => {
    const set = mustFind(context, "appPreviewSets", pathId(context));
    assertVersionEditable(versionOfPreviewSet(context, set), "Screenshots");
    deletePreviewSet(context.store, context.assets, set.id);
    await context.store.commit();
    return noContent;
  },
  appPreviewSets_appPreviews_getToManyRelated: (context) => {
    const set = mustFind(context, "appPreviewSets", pathId(context));
    return list(
      context,
      "appPreviews",
      set.previewIds.map((id) => mustFind(context, "appPreviews", id)),
    );
  },
  appPreviewSets_appPreviews_replaceToManyRelationship: async (context) => {
    const set = mustFind(context, "appPreviewSets", pathId(context));
    assertVersionEditable(versionOfPreviewSet(context, set), "Screenshots");
    set.previewIds = reorder(
      set,
      linkagesBody(context).data.map((item) => item.id),
    );
    await context.store.commit();
    return noContent;
  },
  appPreviews_createInstance: async (context) => {
    const body = resourceBody(context);
    const setId = relatedId(body, "appPreviewSet")!;
    const set = context.store.tables.appPreviewSets.get(setId);
    if (!set) throw errors.entity([entityProblems.relationshipInvalid("appPreviewSet", `'${setId}' is not a valid ID for this relationship.`)]);
    assertVersionEditable(versionOfPreviewSet(context, set), "Screenshots");
    const fileName = String(body.attributes.fileName);
    const fileSize = Number(body.attributes.fileSize);
    const problems = [];
    if (fileName.trim() === "" || /[/\\]/.test(fileName)) problems.push(entityProblems.invalid("fileName", `'${fileName}' is not a valid file name`));
    if (!Number.isInteger(fileSize) || fileSize < 1 || fileSize > MAX_FILE_SIZE)
      problems.push(entityProblems.invalid("fileSize", `fileSize must be between 1 and ${MAX_FILE_SIZE} bytes; it is ${fileSize}`));
    // Apple: "You may add up to three app previews for each localization, per device size" (reservations count too).
    if (set.previewIds.length >= PREVIEWS_PER_SET.max)
      problems.push(
        entityProblems.relationshipInvalid(
          "appPreviewSet",
          `Too many app previews: the set '${set.id}' already holds ${set.previewIds.length}, the most allowed.`,
        ),
      );
    if (problems.length > 0) throw errors.entity(problems);
    const id = context.store.newId();
    const timeCode = body.attributes.previewFrameTimeCode;
    const mimeType = body.attributes.mimeType;
    const preview: PreviewRecord = {
      id,
      setId: set.id,
      fileName,
      fileSize,
      mimeType: typeof mimeType === "string" ? mimeType : videoMimeType(fileName),
      ...(typeof timeCode === "string" ? { previewFrameTimeCode: timeCode } : {}),
      assetToken: assetToken({ id, fileName }),
      uploadKey: randomBytes(16).toString("hex"),
      parts: planParts(fileSize, context.settings.partSize),
      state: "AWAITING_UPLOAD",
      createdAt: new Date().toISOString(),
    };
    context.store.tables.appPreviews.insert(preview);
    set.previewIds.push(preview.id);
    await context.store.commit();
    return ok(context, "appPreviews", preview, 201);
  },
  appPreviews_getInstance: (context) => ok(context, "appPreviews", mustFind(context, "appPreviews", pathId(context))),
  appPreviews_updateInstance: async (context) => {
    const preview = mustFind(context, "appPreviews", pathId(context));
    const set = mustFind(context, "appPreviewSets", preview.setId);
    const { attributes } = resourceBody(context);
    settlePreview(preview, Date.now());
    if (typeof attributes.previewFrameTimeCode === "string") {
      assertVersionEditable(versionOfPreviewSet(context, set), "Screenshots");
      if (!/^\d{2}:[0-5]\d:[0-5]\d:\d{2}$/.test(attributes.previewFrameTimeCode))
        throw errors.entity([entityProblems.invalid("previewFrameTimeCode", `'${attributes.previewFrameTimeCode}' is not a time code (HH:MM:SS:FF)`)]);
      preview.previewFrameTimeCode = attributes.previewFrameTimeCode;
      // A new poster frame is drawn again.
      if (preview.state === "COMPLETE") {
        preview.frameState = "PROCESSING";
        preview.frameAt = Date.now() + Math.min(context.settings.processingMs, 200);
      }
    }
    if (attributes.uploaded !== true || preview.state !== "AWAITING_UPLOAD") {
      if (preview.state === "FAILED" && attributes.uploaded === true)
        throw errors.state([{ detail: "This preview's upload failed; delete it and reserve a new one", at: "/data/attributes/uploaded" }]);
      await context.store.commit();
      return ok(context, "appPreviews", preview);
    }
    const declared = typeof attributes.sourceFileChecksum === "string" ? attributes.sourceFileChecksum.toLowerCase() : undefined;
    const assembly = await context.assets.assemble(preview.id, preview.parts, preview.fileSize, declared);
    if (!assembly.ok)
      throw errors.entity(
        assembly.errors.map((problem) =>
          entityProblems.invalid(problem.code === "CHECKSUM_MISMATCH" ? "sourceFileChecksum" : "uploaded", `${problem.code}: ${problem.description}`),
        ),
      );
    const { settings } = context;
    const now = Date.now();
    preview.outcome = await videoOutcome(context.assets.originalPath(preview.id), set.previewType);
    preview.checksum = assembly.md5;
    preview.state = "UPLOAD_COMPLETE";
    preview.frameState = "PROCESSING";
    preview.processingAt = now + Math.floor(settings.processingMs / 4);
    preview.completeAt = now + settings.processingMs;
    preview.frameAt = preview.completeAt + Math.floor(settings.processingMs / 4);
    if (settings.checksumDelayMs > 0) preview.checksumAt = preview.completeAt + settings.checksumDelayMs;
    await context.store.commit();
    return ok(context, "appPreviews", preview);
  },
  appPreviews_deleteInstance: async (context) => {
    const preview = mustFind(context, "appPreviews", pathId(context));
    // Deleting is allowed while waiting for review (Apple); the version rules decide the rest.
    deletePreview(context.store, context.assets, preview.id);
    await context.store.commit();
    return noContent;
  },
} satisfies Record<string, Handler>;
