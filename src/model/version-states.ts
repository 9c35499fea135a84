/**
 * What App Store Connect lets you change in each state of a version and of an
 * app info: ONE table, read by the plan (which changes are blocked, and why)
 * and by the sandbox (which requests get 409 STATE_ERROR), so the two cannot
 * disagree. Every value of the spec's AppVersionState, AppStoreVersionState
 * (deprecated, still answered) and AppInfo state enums is here: the types
 * generated from the spec make a missing one a compile error.
 *
 * Evidence (shared asc/README.md): text and screenshots change while a version
 * is prepared or rejected; promotional text in every state of a version on
 * sale or in review; app info localizations can still be edited while waiting
 * for review (fastlane PR 16680), but a version localization cannot be created
 * then. Version text was accepted once while waiting for review (one report):
 * too little to rely on, so it counts as not editable (blocked, with the reason).
 * A state this table does not know allows nothing.
 */
import type { AppInfo, AppStoreVersionState, AppVersionState } from "../asc/types.js";

export type VersionStateName = AppVersionState | AppStoreVersionState;
export type AppInfoStateName = NonNullable<NonNullable<AppInfo["attributes"]>["state"]> | AppStoreVersionState;

/** Where a version stands, as far as editing goes. */
export type VersionStage = "editable" | "in-review" | "approved" | "on-sale" | "closed";

export interface VersionStateAllows {
  /** description, keywords, whatsNew, marketingUrl, supportUrl */
  versionText: boolean;
  promotionalText: boolean;
  /** Creating and deleting version localizations. */
  localizations: boolean;
  /** Screenshot sets, uploads, deletes and reorders. */
  screenshots: boolean;
}

export type VersionChange = keyof VersionStateAllows;

export const VERSION_STATES: Readonly<Record<VersionStateName, VersionStage>> = {
  PREPARE_FOR_SUBMISSION: "editable",
  DEVELOPER_REJECTED: "editable",
  REJECTED: "editable",
  METADATA_REJECTED: "editable",
  INVALID_BINARY: "editable",
  READY_FOR_REVIEW: "in-review",
  WAITING_FOR_EXPORT_COMPLIANCE: "in-review",
  WAITING_FOR_REVIEW: "in-review",
  IN_REVIEW: "in-review",
  ACCEPTED: "approved",
  PENDING_DEVELOPER_RELEASE: "approved",
  PENDING_APPLE_RELEASE: "approved",
  PROCESSING_FOR_DISTRIBUTION: "approved",
  PROCESSING_FOR_APP_STORE: "approved",
  READY_FOR_DISTRIBUTION: "on-sale",
  READY_FOR_SALE: "on-sale",
  PREORDER_READY_FOR_SALE: "on-sale",
  REPLACED_WITH_NEW_VERSION: "closed",
  REMOVED_FROM_SALE: "closed",
  DEVELOPER_REMOVED_FROM_SALE: "closed",
  PENDING_CONTRACT: "closed",
  NOT_APPLICABLE: "closed",
};

const ONLY_PROMOTIONAL_TEXT: VersionStateAllows = { versionText: false, promotionalText: true, localizations: false, screenshots: false };

export const STAGE_ALLOWS: Readonly<Record<VersionStage, VersionStateAllows>> = {
  editable: { versionText: true, promotionalText: true, localizations: true, screenshots: true },
  "in-review": ONLY_PROMOTIONAL_TEXT,
  approved: ONLY_PROMOTIONAL_TEXT,
  "on-sale": ONLY_PROMOTIONAL_TEXT,
  closed: { versionText: false, promotionalText: false, localizations: false, screenshots: false },
};

/** What to do about a version in this stage, for the reason of a blocked change. */
const STAGE_ADVICE: Readonly<Record<Exclude<VersionStage, "editable">, string>> = {
  "in-review":
    "it is with App Review: remove it from review in App Store Connect to edit it (it becomes DEVELOPER_REJECTED), or make the change in the next version",
  approved: "it has passed review: make the change in the next version (create one in App Store Connect)",
  "on-sale": "create a new version in App Store Connect",
  closed: "create a new version in App Store Connect",
};

export function versionStage(state: string): VersionStage {
  return Object.hasOwn(VERSION_STATES, state) ? VERSION_STATES[state as VersionStateName] : "closed";
}

export function versionStateAllows(state: string): VersionStateAllows {
  return STAGE_ALLOWS[versionStage(state)];
}

export function isOnSaleState(state: string): boolean {
  return versionStage(state) === "on-sale";
}

export function versionStateAdvice(state: string): string | undefined {
  const stage = versionStage(state);
  return stage === "editable" ? undefined : STAGE_ADVICE[stage];
}

/** Every value of AppVersionState, the attribute Apple keeps current (the spec's type makes this list complete). */
const APP_VERSION_STATE_NAMES = {
  ACCEPTED: true,
  DEVELOPER_REJECTED: true,
  IN_REVIEW: true,
  INVALID_BINARY: true,
  METADATA_REJECTED: true,
  PENDING_APPLE_RELEASE: true,
  PENDING_DEVELOPER_RELEASE: true,
  PREPARE_FOR_SUBMISSION: true,
  PROCESSING_FOR_DISTRIBUTION: true,
  READY_FOR_DISTRIBUTION: true,
  READY_FOR_REVIEW: true,
  REJECTED: true,
  REPLACED_WITH_NEW_VERSION: true,
  WAITING_FOR_EXPORT_COMPLIANCE: true,
  WAITING_FOR_REVIEW: true,
} as const satisfies Record<AppVersionState, true>;

export const APP_VERSION_STATES = Object.keys(APP_VERSION_STATE_NAMES) as AppVersionState[];

/** The version states a plan reads: every current one (not replaced by a newer version). */
export const CURRENT_APP_VERSION_STATES: readonly AppVersionState[] = APP_VERSION_STATES.filter((state) => versionStage(state) !== "closed");

export interface AppInfoStateAllows {
  /** name, subtitle, privacy URLs of existing localizations. */
  text: boolean;
  /** Creating and deleting app info localizations. */
  localizations: boolean;
}

const APP_INFO_EDITABLE: AppInfoStateAllows = { text: true, localizations: true };
const APP_INFO_CLOSED: AppInfoStateAllows = { text: false, localizations: false };

/** Keyed by the app info's `state`, or by its deprecated `appStoreState` where that is all there is. */
export const APP_INFO_STATES: Readonly<Record<AppInfoStateName, AppInfoStateAllows>> = {
  PREPARE_FOR_SUBMISSION: APP_INFO_EDITABLE,
  DEVELOPER_REJECTED: APP_INFO_EDITABLE,
  REJECTED: APP_INFO_EDITABLE,
  METADATA_REJECTED: APP_INFO_EDITABLE,
  INVALID_BINARY: APP_INFO_EDITABLE,
  // "waiting_for_review is editable (ish)": existing localizations, yes; adding or removing locales is not known to work.
  WAITING_FOR_REVIEW: { text: true, localizations: false },
  READY_FOR_REVIEW: APP_INFO_CLOSED,
  WAITING_FOR_EXPORT_COMPLIANCE: APP_INFO_CLOSED,
  IN_REVIEW: APP_INFO_CLOSED,
  ACCEPTED: APP_INFO_CLOSED,
  PENDING_RELEASE: APP_INFO_CLOSED,
  PENDING_DEVELOPER_RELEASE: APP_INFO_CLOSED,
  PENDING_APPLE_RELEASE: APP_INFO_CLOSED,
  PROCESSING_FOR_APP_STORE: APP_INFO_CLOSED,
  READY_FOR_DISTRIBUTION: APP_INFO_CLOSED,
  READY_FOR_SALE: APP_INFO_CLOSED,
  PREORDER_READY_FOR_SALE: APP_INFO_CLOSED,
  REPLACED_WITH_NEW_INFO: APP_INFO_CLOSED,
  REPLACED_WITH_NEW_VERSION: APP_INFO_CLOSED,
  REMOVED_FROM_SALE: APP_INFO_CLOSED,
  DEVELOPER_REMOVED_FROM_SALE: APP_INFO_CLOSED,
  PENDING_CONTRACT: APP_INFO_CLOSED,
  NOT_APPLICABLE: APP_INFO_CLOSED,
};

export function appInfoStateAllows(state: string): AppInfoStateAllows {
  return Object.hasOwn(APP_INFO_STATES, state) ? APP_INFO_STATES[state as AppInfoStateName] : APP_INFO_CLOSED;
}
