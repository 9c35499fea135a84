/**
 * Which versions and app infos may be edited (shared asc/README.md): version
 * text and screenshots only in an editable state, promotionalText at any time;
 * app info localizations only on the app info being prepared. Refusals are
 * 409 STATE_ERROR, one item per refused attribute, as Apple words them.
 */
import { errors } from "../errors.js";
import type { AppInfoRecord, AppStoreVersionRecord } from "../store/records.js";

export const EDITABLE_VERSION_STATES: ReadonlySet<string> = new Set([
  "PREPARE_FOR_SUBMISSION",
  "DEVELOPER_REJECTED",
  "REJECTED",
  "METADATA_REJECTED",
  "INVALID_BINARY",
]);

export const EDITABLE_APP_INFO_STATES: ReadonlySet<string> = new Set(["PREPARE_FOR_SUBMISSION", "DEVELOPER_REJECTED", "REJECTED"]);

/** Version attributes App Store Connect lets you change whatever the version's state. */
export const ALWAYS_EDITABLE_VERSION_ATTRIBUTES: ReadonlySet<string> = new Set(["promotionalText"]);

export function versionEditable(version: AppStoreVersionRecord): boolean {
  return EDITABLE_VERSION_STATES.has(version.appVersionState) || EDITABLE_VERSION_STATES.has(version.appStoreState);
}

export function appInfoEditable(info: AppInfoRecord): boolean {
  return EDITABLE_APP_INFO_STATES.has(info.state);
}

/** Refuses the attributes of a PATCH that the version's state does not allow. */
export function assertVersionAttributesEditable(version: AppStoreVersionRecord, attributes: readonly string[]): void {
  if (versionEditable(version)) return;
  const refused = attributes.filter((name) => !ALWAYS_EDITABLE_VERSION_ATTRIBUTES.has(name));
  if (refused.length > 0) {
    throw errors.state(refused.map((name) => ({ detail: `Attribute '${name}' cannot be edited at this time`, at: `/data/attributes/${name}` })));
  }
}

/** Refuses a change to a version's localizations or screenshots outside an editable state. */
export function assertVersionEditable(version: AppStoreVersionRecord, what: string): void {
  if (versionEditable(version)) return;
  throw errors.state([{ detail: `${what} cannot be changed at this time: version ${version.versionString} is in state ${version.appVersionState}` }]);
}

export function assertAppInfoEditable(info: AppInfoRecord, what: string, attributes: readonly string[] = []): void {
  if (appInfoEditable(info)) return;
  if (attributes.length > 0) {
    throw errors.state(attributes.map((name) => ({ detail: `Attribute '${name}' cannot be edited at this time`, at: `/data/attributes/${name}` })));
  }
  throw errors.state([{ detail: `${what} cannot be changed at this time: the app info is in state ${info.state}` }]);
}
