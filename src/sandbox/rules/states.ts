/**
 * Which versions and app infos may be edited: the table in
 * model/version-states.ts, which the plan reads too, decided by the version's
 * appVersionState (the attribute Apple keeps current) and the app info's
 * state. Refusals are 409 STATE_ERROR, one item per refused attribute, as
 * Apple words them.
 */
import { appInfoStateAllows, versionStateAllows, type VersionChange } from "../../model/version-states.js";
import { errors } from "../errors.js";
import type { AppInfoRecord, AppStoreVersionRecord } from "../store/records.js";

/** The table's name for an attribute of a version localization. */
const attributeChange = (name: string): VersionChange => (name === "promotionalText" ? "promotionalText" : "versionText");

const refusedAttributes = (names: readonly string[]) =>
  errors.state(names.map((name) => ({ detail: `Attribute '${name}' cannot be edited at this time`, at: `/data/attributes/${name}` })));

/** Refuses the attributes of a PATCH that the version's state does not allow. */
export function assertVersionAttributesEditable(version: AppStoreVersionRecord, attributes: readonly string[]): void {
  const allows = versionStateAllows(version.appVersionState);
  const refused = attributes.filter((name) => !allows[attributeChange(name)]);
  if (refused.length > 0) throw refusedAttributes(refused);
}

/** Refuses a change to a version's localizations (create, delete) or screenshots outside the states that allow it. */
export function assertVersionEditable(version: AppStoreVersionRecord, what: "Localizations" | "Screenshots"): void {
  if (versionStateAllows(version.appVersionState)[what === "Localizations" ? "localizations" : "screenshots"]) return;
  throw errors.state([{ detail: `${what} cannot be changed at this time: version ${version.versionString} is in state ${version.appVersionState}` }]);
}

/** Refuses a change to an app info's localizations: the `attributes` of a PATCH, or (none given) a create or delete. */
export function assertAppInfoEditable(info: AppInfoRecord, what: string, attributes?: readonly string[]): void {
  const allows = appInfoStateAllows(info.state);
  if (attributes) {
    if (!allows.text && attributes.length > 0) throw refusedAttributes(attributes);
    return;
  }
  if (allows.localizations) return;
  throw errors.state([{ detail: `${what} cannot be changed at this time: the app info is in state ${info.state}` }]);
}
