/**
 * appStoreVersionPhasedReleases: app.yml `release.phased` on the managed
 * version, read through the engine's versions read (its
 * appStoreVersionPhasedRelease include, no request of its own), written with
 * one POST, PATCH or DELETE.
 */
import type { AppStoreVersionPhasedRelease } from "../../asc/types.js";
import { AscApiError } from "../../asc/errors.js";
import { lookThenRepeat, mayAlreadyExist, type ApplyRun } from "../../contracts/apply-run.js";
import type { Resource } from "../../contracts/resource.js";
import type { PhasedReleaseChange } from "./changes.js";
import { phasedReleaseDescribe } from "./describe.js";
import { phasedReleaseDesired, type DesiredPhasedRelease } from "./desired.js";
import { diffPhasedRelease, RESOURCE, type LivePhasedRelease } from "./diff.js";

const RELATIONSHIP = "appStoreVersionPhasedRelease";

/** POST, and after a 409 or a lost answer, a look at the version's phased release before sending it again (one per version). */
async function createPhasedRelease(change: PhasedReleaseChange, run: ApplyRun): Promise<unknown> {
  const send = () =>
    run.client.post(`/v1/${RESOURCE}`, {
      data: {
        type: RESOURCE,
        attributes: { phasedReleaseState: change.after },
        relationships: { appStoreVersion: { data: { type: "appStoreVersions", id: change.versionId } } },
      },
    });
  const look = async () => {
    try {
      return (await run.client.get<{ data: AppStoreVersionPhasedRelease }>(`/v1/appStoreVersions/${encodeURIComponent(change.versionId)}/${RELATIONSHIP}`))
        .data;
    } catch (error) {
      if (error instanceof AscApiError && error.status === 404) return undefined;
      throw error;
    }
  };
  try {
    return await send();
  } catch (error) {
    if (!mayAlreadyExist(error)) throw error;
    return lookThenRepeat(error, look, send);
  }
}

export const phasedRelease: Resource<DesiredPhasedRelease, LivePhasedRelease, PhasedReleaseChange> = {
  name: RESOURCE,
  kinds: { "phased-release-create": "create", "phased-release-update": "update", "phased-release-delete": "delete" },
  desired: phasedReleaseDesired,
  locales: () => [],
  read: {
    includesOne: { versions: [RELATIONSHIP] },
    async read(client, { desired, shared }) {
      const linked = shared.managed?.relationships?.appStoreVersionPhasedRelease?.data;
      if (!desired.phasedRelease || !linked) return { phasedRelease: null };
      const included = (shared.versions.included ?? []).find(
        (item): item is AppStoreVersionPhasedRelease => item.type === "appStoreVersionPhasedReleases" && item.id === linked.id,
      );
      // An include App Store Connect did not honour costs one read of it.
      const release =
        included ??
        (await client.get<{ data: AppStoreVersionPhasedRelease }>(`/v1/appStoreVersions/${encodeURIComponent(shared.managed!.id)}/${RELATIONSHIP}`)).data;
      const attributes = release.attributes ?? {};
      return { phasedRelease: { id: release.id, state: attributes.phasedReleaseState ?? "INACTIVE", startDate: attributes.startDate ?? null } };
    },
  },
  diff: (desired, live) => diffPhasedRelease(desired.phasedRelease, live),
  order: () => [],
  async apply(changes, run) {
    for (const change of changes) {
      const type = RESOURCE;
      try {
        if (change.kind === "phased-release-create") await createPhasedRelease(change, run);
        else
          await run.client.patch(`/v1/${type}/${encodeURIComponent(change.id!)}`, {
            data: { type, id: change.id!, attributes: { phasedReleaseState: change.after } },
          });
      } catch (error) {
        run.fail(change, error, change.kind === "phased-release-create" ? "setting up the phased release" : "changing the phased release");
        continue;
      }
      run.record(change, "done");
      run.progress(`app: phased release ${change.kind === "phased-release-create" ? "set up" : `now ${change.after}`}`);
    }
  },
  async remove(changes, run) {
    for (const change of changes) {
      try {
        await run.client.delete(`/v1/${RESOURCE}/${encodeURIComponent(change.id!)}`);
      } catch (error) {
        run.fail(change, error, "cancelling the phased release");
        continue;
      }
      run.record(change, "done");
      run.progress("app: phased release cancelled");
    }
  },
  describe: phasedReleaseDescribe,
};
