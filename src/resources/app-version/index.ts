/**
 * appVersion: the managed version's copyright, release settings (app.yml `release.type`,
 * `release.date`) and its build (`build: latest | "123"`), read through the
 * engine's versions read (its `build` include) plus, only when `build` is set,
 * one read of the app's builds of this version; written in ONE PATCH of the
 * version (attributes and the build relationship together).
 */
import type { Resource } from "../../contracts/resource.js";
import { APP_VERSION_FIELDS, type AppVersionChange } from "./changes.js";
import { appVersionDescribe } from "./describe.js";
import { appVersionDesired, type DesiredAppVersion } from "./desired.js";
import { diffAppVersion } from "./diff.js";
import { readAppVersion, type LiveAppVersion } from "./live.js";
import { createVersion } from "./create.js";
import { validateRelease } from "./validate.js";

/** The attributes of the PATCH, by field; the build goes as the relationship. */
const ATTRIBUTE = { versionString: "versionString", copyright: "copyright", releaseType: "releaseType", earliestReleaseDate: "earliestReleaseDate" } as const;

export const appVersion: Resource<DesiredAppVersion, LiveAppVersion, AppVersionChange> = {
  name: "appVersion",
  kinds: { "version-create": "create", "app-version-update": "update" },
  first: ["version-create"],
  validate: validateRelease,
  desired: appVersionDesired,
  locales: () => [],
  read: {
    includesOne: { versions: ["build"] },
    atOnce: (desired) => (desired.appVersion?.build !== undefined ? 1 : 0),
    read: (client, { desired, live, shared }) => readAppVersion(client, desired, live, shared),
  },
  diff: (desired, live, context) => diffAppVersion(desired.appVersion, live, context.now ?? `${context.today}T00:00:00.000Z`),
  order: (change) => [APP_VERSION_FIELDS.indexOf((change.field ?? "") as AppVersionChange["field"])],
  async apply(all, run) {
    const creates = all.filter((change) => change.kind === "version-create");
    for (const change of creates) await createVersion(change, run);
    // The rest was planned against the version the new one is copied from: never written, planned again once it exists.
    if (creates.length) {
      for (const change of all) if (change.kind !== "version-create") run.skip(change, "planned again once the new version exists");
      return;
    }
    const changes = all;
    const [first] = changes;
    if (!first) return;
    const attributes: Record<string, string> = {};
    const relationships: Record<string, { data: { type: "builds"; id: string } }> = {};
    for (const change of changes) {
      if (change.field === "build") relationships.build = { data: { type: "builds", id: change.buildId! } };
      else attributes[ATTRIBUTE[change.field]] = change.after;
    }
    const id = first.versionId;
    try {
      await run.client.patch(`/v1/appStoreVersions/${encodeURIComponent(id)}`, {
        data: { type: "appStoreVersions", id, ...(Object.keys(attributes).length ? { attributes } : {}), ...(relationships.build ? { relationships } : {}) },
      });
    } catch (error) {
      for (const change of changes) run.fail(change, error, `updating the ${change.field}`);
      return;
    }
    for (const change of changes) run.record(change, "done");
    run.progress(`app: updated ${changes.map((change) => change.field).join(", ")} on the version`);
  },
  describe: appVersionDescribe,
};
