import type { ChangeSource } from "../../contracts/plan.js";

export type AppDetailField = "copyright" | "contentRights";

/** One app-level value: the managed version's copyright, or the app's content rights declaration. Apply sends one PATCH per target. */
export interface AppDetailChange {
  kind: "app-detail-update";
  resource: "appDetails";
  /** "app": app-level changes stand in one group of their own. */
  locale: string;
  field: AppDetailField;
  /** What the PATCH goes to: the managed version (appStoreVersions) or the app (apps). */
  on: "version" | "app";
  targetId: string;
  before: string | null;
  after: string;
  source?: ChangeSource;
}
