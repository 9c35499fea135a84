/**
 * appDetails: app-level values in metadata/app.yml, `copyright` (the managed
 * version's, from the shared versions read) and `contentRights` (the app's,
 * an attribute the shared app read asks for): no request of its own to read,
 * one PATCH per target (the version, the app) to write.
 */
import type { AppStoreVersion } from "../../asc/types.js";
import type { PulledFilePart, Resource } from "../../contracts/resource.js";
import { appDetailsDescribe } from "./describe.js";
import { appDetailsDesired, type ContentRightsDeclaration, type DesiredAppDetails } from "./desired.js";
import type { AppDetailChange } from "./changes.js";
import { APP_DETAIL_FIELDS, diffAppDetails, type LiveAppDetails } from "./diff.js";

const PATCH_TYPE = { version: "appStoreVersions", app: "apps" } as const;
/** The attribute each field is sent as. */
const ATTRIBUTE = { copyright: "copyright", contentRights: "contentRightsDeclaration" } as const;

export const appDetails: Resource<DesiredAppDetails, LiveAppDetails, AppDetailChange> = {
  name: "appDetails",
  kinds: { "app-detail-update": "update" },
  desired: appDetailsDesired,
  locales: () => [],
  read: {
    includes: { app: ["contentRightsDeclaration"] },
    async read(_client, { shared }) {
      const version: AppStoreVersion | undefined = shared.managed;
      const rights = shared.app?.attributes?.contentRightsDeclaration;
      return {
        appDetails: {
          copyright: typeof version?.attributes?.copyright === "string" ? version.attributes.copyright : null,
          contentRights: (rights ?? null) as ContentRightsDeclaration | null,
        },
      };
    },
  },
  diff: (desired, live) => diffAppDetails(desired.appDetails, live),
  order: (change) => [APP_DETAIL_FIELDS.indexOf((change.field ?? "") as AppDetailChange["field"])],
  async apply(changes, run) {
    for (const target of ["version", "app"] as const) {
      const group = changes.filter((change) => change.on === target);
      const [first] = group;
      if (!first) continue;
      const type = PATCH_TYPE[target];
      const attributes = Object.fromEntries(group.map((change) => [ATTRIBUTE[change.field], change.after]));
      try {
        await run.client.patch(`/v1/${type}/${encodeURIComponent(first.targetId)}`, { data: { type, id: first.targetId, attributes } });
      } catch (error) {
        for (const change of group) run.fail(change, error, `updating ${change.field}`);
        continue;
      }
      for (const change of group) run.record(change, "done");
      run.progress(`app: updated ${group.map((change) => change.field).join(", ")} ${target === "version" ? "on the version" : "on the app"}`);
    }
  },
  pull(live) {
    const details = live.appDetails;
    if (!details) return [];
    const values: PulledFilePart["values"] = {};
    if (details.copyright !== null) values.copyright = details.copyright;
    if (details.contentRights !== null) values.contentRights = { usesThirdPartyContent: details.contentRights === "USES_THIRD_PARTY_CONTENT" };
    return Object.keys(values).length ? [{ file: "app.yml", values }] : [];
  },
  describe: appDetailsDescribe,
};
