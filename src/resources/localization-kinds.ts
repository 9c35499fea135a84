import type { ChangeAction } from "../contracts/resource.js";
import type { LocalizationChange } from "./localization-changes.js";

/** The kinds both localization resources own, and where each stands in apply order. */
export const LOCALIZATION_KINDS: Readonly<Record<LocalizationChange["kind"], ChangeAction>> = {
  "localization-create": "create",
  "field-update": "update",
  "localization-delete": "delete",
};
