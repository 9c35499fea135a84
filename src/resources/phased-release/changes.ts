import type { ChangeSource } from "../../contracts/plan.js";

/**
 * The managed version's phased release (7-day rollout to automatic updates):
 * created (ACTIVE), its state changed (pause, resume), or cancelled before it starts.
 */
export interface PhasedReleaseChange {
  kind: "phased-release-create" | "phased-release-update" | "phased-release-delete";
  resource: "appStoreVersionPhasedReleases";
  /** "app": app-level changes stand in one group of their own. */
  locale: string;
  field: "phased";
  versionId: string;
  /** The phased release's id (update, delete). */
  id?: string;
  /** phasedReleaseState before and after; null: none. */
  before: string | null;
  after: string | null;
  source?: ChangeSource;
}
