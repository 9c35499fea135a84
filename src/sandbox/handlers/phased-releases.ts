/**
 * appStoreVersionPhasedReleases, as App Store Connect documents them
 * (capabilities.md §2b): one per version; not for an app's first version;
 * DELETE cancels only one that has not started; ACTIVE and PAUSED switch once
 * the version is released (the rollout has started); COMPLETE is final.
 * [The codes of these refusals are not recorded anywhere: the sandbox answers
 * 409 STATE_ERROR, or ENTITY_ERROR.RELATIONSHIP.INVALID for a first version.]
 */
import { isOnSaleState } from "../../model/version-states.js";
import { entityProblems, errors } from "../errors.js";
import type { AppStoreVersionPhasedReleaseRecord, AppStoreVersionRecord } from "../store/records.js";
import type { Store } from "../store/store.js";
import { mustFind, noContent, ok, pathId, relatedId, resourceBody, type Handler } from "./context.js";

/** Whether any other version of the app on this platform has been released. */
function releasedBefore(store: Store, version: AppStoreVersionRecord): boolean {
  return store.tables.appStoreVersions
    .where((other) => other.appId === version.appId && other.platform === version.platform && other.id !== version.id)
    .some((other) => isOnSaleState(other.appVersionState) || other.appVersionState === "REPLACED_WITH_NEW_VERSION");
}

const started = (release: AppStoreVersionPhasedReleaseRecord, version: AppStoreVersionRecord) =>
  release.startDate !== undefined || isOnSaleState(version.appVersionState);

export const phasedReleasesHandlers = {
  appStoreVersionPhasedReleases_createInstance: async (context) => {
    const body = resourceBody(context);
    const versionId = relatedId(body, "appStoreVersion")!;
    const version = context.store.tables.appStoreVersions.get(versionId);
    if (!version) throw errors.entity([entityProblems.relationshipInvalid("appStoreVersion", `'${versionId}' is not a valid ID for this relationship.`)]);
    if (!releasedBefore(context.store, version))
      throw errors.entity([
        entityProblems.relationshipInvalid("appStoreVersion", "Phased release is not available for the first version of an app, only for subsequent releases."),
      ]);
    if (context.store.tables.appStoreVersionPhasedReleases.find((release) => release.versionId === version.id))
      throw errors.entity([entityProblems.relationshipInvalid("appStoreVersion", `The appStoreVersion '${version.id}' already has a phased release.`)]);
    const state = typeof body.attributes.phasedReleaseState === "string" ? body.attributes.phasedReleaseState : "INACTIVE";
    if (state !== "INACTIVE" && state !== "ACTIVE")
      throw errors.state([{ detail: `A new phased release cannot be ${state}.`, at: "/data/attributes/phasedReleaseState" }]);
    const record: AppStoreVersionPhasedReleaseRecord = { id: context.store.newId(), versionId: version.id, state, totalPauseDuration: 0, currentDayNumber: 0 };
    context.store.tables.appStoreVersionPhasedReleases.insert(record);
    await context.store.commit();
    return ok(context, "appStoreVersionPhasedReleases", record, 201);
  },
  appStoreVersionPhasedReleases_updateInstance: async (context) => {
    const record = mustFind(context, "appStoreVersionPhasedReleases", pathId(context));
    const version = mustFind(context, "appStoreVersions", record.versionId);
    const wanted = resourceBody(context).attributes.phasedReleaseState;
    if (typeof wanted === "string" && wanted !== record.state) {
      const refuse = (detail: string) => {
        throw errors.state([{ detail, at: "/data/attributes/phasedReleaseState" }]);
      };
      if (record.state === "COMPLETE") refuse("The phased release is complete.");
      if (wanted === "INACTIVE" && started(record, version)) refuse("A phased release that has started cannot be made inactive.");
      if (wanted === "PAUSED" && !started(record, version)) refuse("A phased release can be paused only once it has started.");
      record.state = wanted;
      if (wanted === "COMPLETE") record.currentDayNumber = 7;
      await context.store.commit();
    }
    return ok(context, "appStoreVersionPhasedReleases", record);
  },
  appStoreVersionPhasedReleases_deleteInstance: async (context) => {
    const record = mustFind(context, "appStoreVersionPhasedReleases", pathId(context));
    const version = mustFind(context, "appStoreVersions", record.versionId);
    if (started(record, version)) throw errors.state([{ detail: "A phased release that has started cannot be deleted." }]);
    context.store.tables.appStoreVersionPhasedReleases.delete(record.id);
    await context.store.commit();
    return noContent;
  },
  appStoreVersions_appStoreVersionPhasedRelease_getToOneRelated: (context) => {
    const version = mustFind(context, "appStoreVersions", pathId(context));
    const release = context.store.tables.appStoreVersionPhasedReleases.find((candidate) => candidate.versionId === version.id);
    if (!release) throw errors.notFound("appStoreVersionPhasedReleases", `of appStoreVersion ${version.id}`);
    return ok(context, "appStoreVersionPhasedReleases", release);
  },
} satisfies Record<string, Handler>;
