/**
 * appStoreReviewDetails: a version's App Review information, one at most per
 * version. Created with the version's relationship (a second create is 409),
 * edited while the version's text is; notes up to 4,000 characters. The demo
 * account password is kept as sent and answered, as the spec's schema says.
 */
import { characterCount } from "../../model/fields.js";
import { entityProblems, errors, type EntityProblem } from "../errors.js";
import { assertVersionAttributesEditable } from "../rules/states.js";
import type { AppStoreReviewDetailRecord } from "../store/records.js";
import { mustFind, ok, pathId, relatedId, resourceBody, type Handler } from "./context.js";

const TEXT_ATTRIBUTES = ["contactFirstName", "contactLastName", "contactPhone", "contactEmail", "demoAccountName", "demoAccountPassword", "notes"] as const;
const NOTES_MAX = 4000;

function problems(attributes: Record<string, unknown>): EntityProblem[] {
  const found: EntityProblem[] = [];
  if (typeof attributes.notes === "string" && characterCount(attributes.notes) > NOTES_MAX)
    found.push(entityProblems.tooLong("notes", `Notes cannot be longer than ${NOTES_MAX} characters.`));
  if (typeof attributes.contactEmail === "string" && attributes.contactEmail !== "" && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(attributes.contactEmail))
    found.push(entityProblems.invalid("contactEmail", `'${attributes.contactEmail}' is not a valid email address.`));
  return found;
}

/** Copies the attributes of a request; "" and null clear a value. */
function applyAttributes(record: AppStoreReviewDetailRecord, attributes: Record<string, unknown>): void {
  for (const name of TEXT_ATTRIBUTES) {
    if (!(name in attributes)) continue;
    const value = attributes[name];
    if (typeof value === "string" && value !== "") record[name] = value;
    else delete record[name];
  }
  if ("demoAccountRequired" in attributes) {
    if (typeof attributes.demoAccountRequired === "boolean") record.demoAccountRequired = attributes.demoAccountRequired;
    else delete record.demoAccountRequired;
  }
}

export const reviewDetailsHandlers = {
  appStoreReviewDetails_createInstance: async (context) => {
    const body = resourceBody(context);
    const versionId = relatedId(body, "appStoreVersion")!;
    const version = context.store.tables.appStoreVersions.get(versionId);
    if (!version) throw errors.entity([entityProblems.relationshipInvalid("appStoreVersion", `'${versionId}' is not a valid ID for this relationship.`)]);
    assertVersionAttributesEditable(version, Object.keys(body.attributes));
    const found = problems(body.attributes);
    if (context.store.tables.appStoreReviewDetails.find((detail) => detail.versionId === version.id))
      found.push(
        entityProblems.relationshipInvalid("appStoreVersion", `The appStoreVersion '${version.id}' already has an appStoreReviewDetail. Try updating.`),
      );
    if (found.length > 0) throw errors.entity(found);
    const record: AppStoreReviewDetailRecord = { id: context.store.newId(), versionId: version.id };
    applyAttributes(record, body.attributes);
    context.store.tables.appStoreReviewDetails.insert(record);
    await context.store.commit();
    return ok(context, "appStoreReviewDetails", record, 201);
  },
  appStoreReviewDetails_getInstance: (context) => ok(context, "appStoreReviewDetails", mustFind(context, "appStoreReviewDetails", pathId(context))),
  appStoreReviewDetails_updateInstance: async (context) => {
    const record = mustFind(context, "appStoreReviewDetails", pathId(context));
    const version = mustFind(context, "appStoreVersions", record.versionId);
    const { attributes } = resourceBody(context);
    assertVersionAttributesEditable(version, Object.keys(attributes));
    const found = problems(attributes);
    if (found.length > 0) throw errors.entity(found);
    applyAttributes(record, attributes);
    await context.store.commit();
    return ok(context, "appStoreReviewDetails", record);
  },
  appStoreVersions_appStoreReviewDetail_getToOneRelated: (context) => {
    const version = mustFind(context, "appStoreVersions", pathId(context));
    const detail = context.store.tables.appStoreReviewDetails.find((candidate) => candidate.versionId === version.id);
    if (!detail) throw errors.notFound("appStoreReviewDetails", `of appStoreVersion ${version.id}`);
    return ok(context, "appStoreReviewDetails", detail);
  },
} satisfies Record<string, Handler>;
