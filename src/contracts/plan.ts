/**
 * The Plan (DESIGN.md §6): plain, JSON-serialisable data. `diff` makes it,
 * `render/*` shows it, `apply` executes it; none of them shares other state.
 * As Terraform's plans package, it knows no resource: a change is generic data
 * with a kind its resource owns (DESIGN.md §12), and the resource says what it means.
 */
import type { SourcePosition } from "./diagnostics.js";

export const PLAN_SCHEMA_VERSION = 1;

/**
 * The group of app-level changes (no locale): one rule for every resource and renderer. A change of
 * the app (copyright, categories, age rating, App Review information) carries it as its `locale`; ""
 * (App Review information) and "age rating" (the age rating, in plans made before this rule) read as
 * the same group, so saved plans render alike.
 */
export const APP_GROUP = "app";
const EARLIER_APP_GROUPS: ReadonlySet<string> = new Set(["", "age rating"]);
export const appGroupOf = (locale: string): string => (EARLIER_APP_GROUPS.has(locale) ? APP_GROUP : locale);

/** Where in the repository a change comes from. */
export interface ChangeSource extends Partial<SourcePosition> {
  file: string;
}

/**
 * What every change has. A resource adds its own fields; `resource` names the
 * resource where a kind alone does not (two resources share localization kinds).
 */
export interface PlanChange {
  kind: string;
  resource?: string;
  locale: string;
  source?: ChangeSource;
}

/** A change the repository asks for that cannot be made now, and why. */
export interface BlockedChange {
  kind: string;
  /** Which resource it is of, where the kind does not say (app info or version localizations). */
  resource?: string;
  locale: string;
  field?: string;
  displayType?: string;
  reason: string;
  source?: ChangeSource;
}

export interface PlanError {
  message: string;
  source?: ChangeSource;
}

/** A screenshot still being processed by App Store Connect: neither missing nor to upload again. */
export interface PendingScreenshot {
  locale: string;
  displayType: string;
  fileName: string;
}

export interface UpcomingRotation {
  locale: string;
  field: string;
  /** The day the value changes (UTC). */
  date: string;
  /** The value from that day; null when the base value returns and the base is unmanaged. */
  value: string | null;
}

export interface PlanApp {
  id: string;
  bundleId: string;
  name?: string;
  platform: string;
  version?: { id: string; versionString: string; state: string; editable: boolean };
  liveVersion?: { id: string; versionString: string; state: string };
}

export interface PlanSummary {
  changes: number;
  blocked: number;
  errors: number;
  byKind: Partial<Record<string, number>>;
  locales: string[];
}

export interface Plan<C extends PlanChange = PlanChange> {
  schemaVersion: typeof PLAN_SCHEMA_VERSION;
  /** The UTC date that decided the rotations. */
  today: string;
  app: PlanApp;
  blocked: BlockedChange[];
  changes: C[];
  errors: PlanError[];
  pending: PendingScreenshot[];
  upcomingRotations: UpcomingRotation[];
  summary: PlanSummary;
}
