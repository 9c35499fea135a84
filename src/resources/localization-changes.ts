/** The changes both localization resources (app info and version) own: they share these kinds, told apart by `resource`. */
import type { ChangeSource } from "../contracts/plan.js";
import type { LocalizationResource } from "../model/fields.js";

export type { LocalizationResource };

interface LocalizationChangeBase {
  resource: LocalizationResource;
  locale: string;
  source?: ChangeSource;
}

/** One text field of one localization. Apply sends all fields of a localization in ONE PATCH. */
export interface FieldUpdate extends LocalizationChangeBase {
  kind: "field-update";
  /** "live": the READY_FOR_SALE version (promotionalText only, which needs no review). */
  target: "editable" | "live";
  localizationId: string;
  field: string;
  before: string | null;
  after: string;
  /** The dated rotation that decides today's value, if one does. */
  rotation?: { from: string; until: string };
}

export interface LocalizationCreate extends LocalizationChangeBase {
  kind: "localization-create";
  /** The fields sent with the create. */
  fields: Record<string, string>;
}

export interface LocalizationDelete extends LocalizationChangeBase {
  kind: "localization-delete";
  localizationId: string;
}

export type LocalizationChange = FieldUpdate | LocalizationCreate | LocalizationDelete;
