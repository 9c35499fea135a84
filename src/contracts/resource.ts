/**
 * One App Store resource behind one interface (DESIGN.md §5, §12), as
 * Terraform's providers and EAS Metadata's tasks: the stages reach a resource
 * only through it, and one registry (resources/index.ts) lists them in apply
 * order. Adding a resource is a folder, a registry line and its schema part.
 *
 * A resource has a slice of the DesiredState (`D`, from `desired`) and of the
 * LiveState (`L`, from `read`), each under keys of its own. It may consult the
 * slices of the resources before it (`SeenD`, `SeenL`): screenshots hang on
 * the version localizations, for one.
 */
import type { AscClient } from "../asc/client.js";
import type { App, AppInfo, AppInfosResponse, AppStoreVersion, AppStoreVersionsResponse } from "../asc/types.js";
import type { ApplyRun } from "./apply-run.js";
import type { Diagnostic, SourcePosition } from "./diagnostics.js";
import type { AppConfig, LoadedFiles } from "./files.js";
import type { SharedLive } from "./live-state.js";
import type { BlockedChange, PendingScreenshot, PlanApp, PlanChange, UpcomingRotation } from "./plan.js";

/** The DesiredState's shared part: the app config. */
export interface SharedDesired {
  app: AppConfig;
}

/** Where a desired value came from, so later errors point back at the file and line. */
export interface FieldSources {
  file: string;
  positions: Record<string, SourcePosition>;
}

/**
 * What a change does, in the order apply works and the plan lists: create,
 * update, upload, reorder, and delete last (DESIGN.md §7). `*-inside`: of a
 * thing inside another (a screenshot set inside a localization).
 */
export const CHANGE_ACTIONS = ["create", "create-inside", "update", "add", "reorder", "remove", "delete-inside", "delete"] as const;
export type ChangeAction = (typeof CHANGE_ACTIONS)[number];

/** Deletions of whole things: apply makes them last, after every resource is done with the rest. */
export const isRemoval = (action: ChangeAction): boolean => action === "delete-inside" || action === "delete";

export interface DiffContext {
  /** UTC date (YYYY-MM-DD) that decides which rotation is in force. */
  today: string;
  /** The plan's clock (an ISO instant): what a scheduled date must be ahead of. */
  now?: string;
  prune: boolean;
  /** Locales the repository manages at all, by any resource (a metadata file, a screenshot folder). */
  managedLocales: ReadonlySet<string>;
  /** What the resources before it in the registry found blocked: one that acts on the whole (the submission) waits for a clean plan. */
  blockedBefore?: readonly BlockedChange[];
}

export interface DiffResult<C extends PlanChange = PlanChange> {
  changes: C[];
  blocked: BlockedChange[];
  pending?: PendingScreenshot[];
  upcomingRotations?: UpcomingRotation[];
}

/** The client as reading needs it; `preconnect` is optional (test doubles leave it out). */
export type ReadClient = Pick<AscClient, "get" | "getAll"> & Partial<Pick<AscClient, "preconnect">>;

export interface ReadOptions {
  /** Requests of a resource's read sent at once. */
  concurrency?: number;
  /** Read the screenshot sets of every live localization (pull), not only the managed ones. */
  allScreenshots?: boolean;
  /** Ask for the renditions' URLs (imageAsset): the comment or the HTML report will show live pictures. Fields grow, requests do not. */
  withImages?: boolean;
}

/**
 * The reads the engine makes ONCE for all resources, each with the includes
 * the resources declared: the app's current versions and its appInfos.
 */
export interface SharedReads {
  /** The app as the lookup or the appInfos read's include carried it (with the attributes resources declare in `includes.app`). */
  app?: App;
  versions: AppStoreVersionsResponse;
  /** The version managed and the one on sale (when not the managed one), as App Store Connect answered. */
  managed?: AppStoreVersion;
  onSale?: AppStoreVersion;
  appInfos: AppInfosResponse;
  /** The appInfo whose localizations are edited. */
  appInfo?: AppInfo;
}

export interface ReadScope<D, L> {
  desired: D & SharedDesired;
  /** The shared part and the slices of the resources it needs, read already. */
  live: L & SharedLive;
  shared: SharedReads;
  options: ReadOptions;
}

/** The most items an include carries per relationship (the spec's maximum for limit[…]). */
export const INCLUDED_LIMIT = 50;

export interface ResourceRead<D, L, Own> {
  /** Relationships to include in the shared reads (each carries up to INCLUDED_LIMIT items); `app`: attributes of the app to ask for. */
  includes?: { versions?: readonly string[]; appInfos?: readonly string[]; app?: readonly string[] };
  /** To-one relationships to include in the shared reads (one item each: the spec has no limit[…] for them). */
  includesOne?: { versions?: readonly string[]; appInfos?: readonly string[] };
  /** Its requests that go out together, for the connections opened ahead. */
  atOnce?(desired: D & SharedDesired, options: ReadOptions): number;
  read(client: ReadClient, scope: ReadScope<D, L>): Promise<Own>;
}

/** What identifies a change, a blocked change or an apply step, for saying what it is. */
export interface ChangeIdentity {
  kind: string;
  resource?: string;
  /** "live": the version on sale (promotionalText). */
  target?: "editable" | "live";
  field?: string;
  displayType?: string;
  fileName?: string;
}

/** The versions a plan, a report or the live state knows: the managed one and the one on sale. */
export type Versions = Pick<PlanApp, "version" | "liveVersion">;

export type TextStyle = "red" | "green" | "yellow" | "cyan" | "dim" | "bold";

/** What the text renderer lends a resource to draw its changes with. */
export interface TextPen {
  app: PlanApp;
  style(name: TextStyle, text: string): string;
  /** `  metadata/ja.yml:4` dimmed, or "" for a change with no source. */
  at(change: PlanChange): string;
  /** Lines of a long-text diff shown before folding. */
  maxDiffLines: number;
}

/** What the Markdown renderer lends a resource: escaping that keeps text from the repository or Apple inert. */
export interface MarkdownPen {
  app: PlanApp;
  /** full: the job summary's room; compact: a PR comment that had to fold. */
  detail: "full" | "compact";
  /** Text as written, never markup. */
  plain(text: string): string;
  /** A value in a table cell (none and empty shown as such). */
  cell(text: string | null): string;
  /** A file and line in running text. */
  where(change: PlanChange): string;
  fence(language: string, lines: string[]): string;
}

/**
 * Where a Markdown part goes in its locale's section: parts of one section
 * stand together, sections in `rank` order. A table section has its `head`
 * (the header row); `spaced`: a blank line after each part, not only after the section.
 */
export interface MarkdownSection {
  id: string;
  rank: number;
  head?: string[];
  spaced?: boolean;
}

export interface MarkdownPart {
  section: MarkdownSection;
  lines: string[];
}

/** Apple's processed rendition of a live picture: `https://…/{w}x{h}bb.{f}` and its full size. */
export interface LiveImage {
  templateUrl: string;
  width: number;
  height: number;
}

/**
 * A picture a change shows (a screenshot, a preview's poster frame), for the
 * comment and the HTML report: the live one beside the repository's, in its
 * group (a set) at its position in App Store order.
 */
export interface ChangeMedia {
  /** The set it belongs to, as people say it: "iphone-6.9 screenshots". Pictures of one locale and group are shown together. */
  group: string;
  /** 1-based position once applied (a removed one: its live position). */
  position: number;
  mark: "new" | "replaced" | "removed" | "moved";
  /** For `moved`: the live position it leaves. */
  movedFrom?: number;
  /** The live picture (replaced, removed, moved), when App Store Connect has a rendition of it. */
  live?: LiveImage & { name: string };
  /** The repository's file (new, replaced, moved): its path from the repository's root, as plan changes name files. */
  next?: { file: string; name: string };
}

/** What a change is in structured form, for renderers that draw rather than print (the HTML report). */
export type ChangeDetail =
  | { type: "values"; rows: { label: string; before: string | null; after: string | null }[] }
  | { type: "diff"; label: string; lines: string[] }
  | { type: "keywords"; label: string; added: string[]; removed: string[]; used: number; limit: number };

export interface ResourceDescribe<C, L = object> {
  /** The change in a few words: "upload 01-home.png to iphone-6.9". Blocked changes and apply steps come by what identifies them. */
  what(change: ChangeIdentity, app?: Versions): string;
  /** How many changes of one kind, in words: "3 screenshots to upload"; `changes`: all the plan's changes of that kind. */
  count(kind: string, changes: readonly C[]): string;
  /** Its lines in the terminal plan. */
  text(change: C, pen: TextPen): string[];
  /** Its part of the locale's section in the PR comment and the job summary. */
  markdown(change: C, pen: MarkdownPen): MarkdownPart;
  /** Its structured parts for the HTML report; without it, the report shows its terminal lines. */
  detail?(change: C, app?: Versions): ChangeDetail[];
  /** The pictures it shows, from the plan's change and the live state it was planned against (renditions need ReadOptions.withImages). */
  media?(change: C, live: L): ChangeMedia[];
  /** A version's review state that the change moves, once applied (a submission, a release): notifications tell it. */
  stateChange?(change: C): VersionStateChange | undefined;
}

/** A version's App Store state before and after a change: "2.5.0 PREPARE_FOR_SUBMISSION → WAITING_FOR_REVIEW". */
export interface VersionStateChange {
  version: string;
  from?: string;
  to: string;
}

/** A value pull writes into a YAML file: null removes the key. */
export type PulledValue = string | boolean | readonly string[] | { readonly [key: string]: PulledValue } | null;

/** A resource's part of an app-level file in metadata/ (app.yml, age-rating.yml, review.yml), as pull writes it from live. */
export interface PulledFilePart {
  /** The file's name in the metadata folder. */
  file: string;
  /** Top-level keys and their values, merged into the file in place (nested mappings key by key). */
  values: Record<string, PulledValue>;
  /** Top-level keys whose mapping the value states exactly: entries it lacks are removed. */
  exact?: readonly string[];
  /** JSON pointers written only when the file lacks them (a reference the user chose, such as the password's variable). */
  onlyNew?: readonly string[];
  /** Comment lines a new file starts with (without `# `). */
  header?: readonly string[];
  /** Said to the user when pulled (what to set, what was left out). */
  notes?: readonly string[];
}

export interface Resource<D extends object, L extends object, C extends PlanChange, SeenD extends object = D, SeenL extends object = L> {
  /** Names the resource; a change whose kind another resource shares carries it as `resource`. */
  name: string;
  /**
   * Resources before it in the registry whose read and apply it waits for (it
   * builds on their slices); the others go at the same time.
   */
  needs?: readonly string[];
  /**
   * Applied once every other resource's changes and removals are done, and only
   * to act on the whole (the submission for review): it sees their results in the run's steps.
   */
  last?: boolean;
  /** The kinds of change it owns, each with what it does (its place in apply order). */
  kinds: Readonly<Record<string, ChangeAction>>;
  /**
   * Kinds applied alone, before anything else, after which apply reads live state and plans again: the rest of the
   * plan was made against a stand-in (a version to create is planned against the one it is copied from).
   */
  first?: readonly string[];
  /** Its own rules over the loaded files, beyond the schemas (which its schema part brings). */
  validate?(files: LoadedFiles): Diagnostic[];
  /** Its slice of the DesiredState, from files that validated clean. */
  desired(files: LoadedFiles): D;
  /** Locales its desired slice manages (all resources' together decide which live locales prune may delete). */
  locales(desired: D): readonly string[];
  read: ResourceRead<SeenD, SeenL, L>;
  /** Pure. */
  diff(desired: SeenD & SharedDesired, live: SeenL & SharedLive, context: DiffContext): DiffResult<C>;
  /**
   * A change the calendar made, not a hand edit in App Store Connect: live shows
   * a value the repository itself sets on some day (a dated rotation). Drift reports it apart.
   */
  scheduled?(change: C, desired: SeenD): boolean;
  /** Comparable keys that order its changes (and blocked changes) of one locale and kind, after apply order: the plan's order stays deterministic. */
  order(change: C | BlockedChange): (string | number)[];
  /** Its changes but the removals, once what it `needs` is applied; called on every apply, with none too (there may be work an earlier run left). */
  apply(changes: C[], run: ApplyRun<SeenD & SharedDesired, SeenL & SharedLive>): Promise<void>;
  /** Its removals (isRemoval), when there are any: after every resource's `apply`, and after the removals of those that need it. */
  remove?(changes: C[], run: ApplyRun<SeenD & SharedDesired, SeenL & SharedLive>): Promise<void>;
  /** What verifying should add to live read back: what this run knows that Apple has not published yet. */
  known?(live: SeenL & SharedLive, run: ApplyRun<SeenD & SharedDesired, SeenL & SharedLive>): SeenL & SharedLive;
  /** Changes still found when verifying that it repairs at once (another apply's second copies); verify looks again after. */
  repair?(remaining: readonly C[], run: ApplyRun<SeenD & SharedDesired, SeenL & SharedLive>): Promise<boolean>;
  /**
   * What `pull` writes for it into app-level files, from its live slice (optional: a resource without it is not pulled
   * this way). Never a secret: a password is written as the variable that holds it.
   */
  pull?(live: SeenL & SharedLive): PulledFilePart[];
  /** Live items App Store Connect failed to process, for the report. */
  failedAssets?(live: SeenL): FailedAsset[];
  describe: ResourceDescribe<C, SeenL & SharedLive>;
}

export interface FailedAsset {
  locale: string;
  displayType: string;
  fileName: string;
  errors: string[];
}

/** Any resource, as the stages hold them in the registry's list (each one's own types are checked where it is written). */
export type AnyResource = Resource<any, any, any, any, any>;
