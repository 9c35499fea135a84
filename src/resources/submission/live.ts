/**
 * What the submission needs to know of live: the managed version's build and
 * the app info's primary category (each from the shared reads' includes, read
 * defensively: `data: null` is none, `links` alone is unknown), and the app's
 * review submissions still open: ONE request, made only when app.yml says
 * `submit: true` and the version may still need submitting.
 */
import type { Build, ReviewSubmission, ReviewSubmissionItem, ReviewSubmissionsResponse } from "../../asc/types.js";
import type { ReadClient, SharedReads } from "../../contracts/resource.js";
import type { SharedLive } from "../../contracts/live-state.js";
import { versionStage } from "../../model/version-states.js";

export interface LiveBuild {
  id: string;
  /** The build number (CFBundleVersion). */
  version: string | null;
  processingState: string | null;
  usesNonExemptEncryption: boolean | null;
  expired: boolean;
}

export interface LiveReviewSubmission {
  id: string;
  state: string;
  /** The versions its items hold (items removed left out). */
  versionIds: string[];
  /** Its items of any kind, removed ones left out. */
  items: number;
}

export interface LiveSubmissionSlice {
  submission?: {
    /** undefined: App Store Connect did not say (links only); null: no build attached. */
    build?: LiveBuild | null;
    /** undefined: not known; null: none. */
    primaryCategory?: string | null;
    /** The app's open submissions on this platform; undefined: not read (nothing to submit). */
    submissions?: LiveReviewSubmission[];
  };
}

/** The states a submission is open or still settling in (COMPLETE ones are history). */
export const OPEN_STATES = ["READY_FOR_REVIEW", "WAITING_FOR_REVIEW", "IN_REVIEW", "UNRESOLVED_ISSUES", "CANCELING", "COMPLETING"] as const;

/** A version that may still need submitting: being prepared or rejected, or added to a submission not sent yet. */
export const mayNeedSubmitting = (state: string): boolean => versionStage(state) === "editable" || state === "READY_FOR_REVIEW";

interface Linkage {
  data?: { type: string; id: string } | null;
  links?: unknown;
}

/** A to-one relationship of an answer: the id, null for none, undefined when Apple did not say. */
function toOne(relationships: object | undefined, name: string, absentMeansNone: boolean): string | null | undefined {
  const linkage = (relationships as Record<string, Linkage | undefined> | undefined)?.[name];
  if (!linkage) return absentMeansNone ? null : undefined;
  if (!("data" in linkage)) return undefined;
  return linkage.data ? linkage.data.id : null;
}

function toLiveBuild(build: Build): LiveBuild {
  const attributes = build.attributes ?? {};
  return {
    id: build.id,
    version: attributes.version ?? null,
    processingState: attributes.processingState ?? null,
    usesNonExemptEncryption: typeof attributes.usesNonExemptEncryption === "boolean" ? attributes.usesNonExemptEncryption : null,
    expired: attributes.expired === true,
  };
}

function toLiveSubmission(submission: ReviewSubmission, included: readonly { type: string; id: string }[]): LiveReviewSubmission {
  const linked = ((submission.relationships?.items?.data ?? []) as { id: string }[]).map((item) => item.id);
  const items = included.filter((item): item is ReviewSubmissionItem => item.type === "reviewSubmissionItems" && linked.includes(item.id));
  const kept = items.filter((item) => item.attributes?.state !== "REMOVED");
  const versionIds = kept.map((item) => item.relationships?.appStoreVersion?.data?.id).filter((id): id is string => typeof id === "string");
  return { id: submission.id, state: submission.attributes?.state ?? "UNKNOWN", versionIds, items: kept.length };
}

export async function readSubmission(client: ReadClient, shared: SharedReads, live: SharedLive, submit: boolean): Promise<LiveSubmissionSlice> {
  const version = shared.managed;
  // The sandbox (and only it) leaves a to-one relationship out when it has none; Apple answers data: null, or links alone.
  const buildId = version ? toOne(version.relationships, "build", true) : undefined;
  const included = (shared.versions.included ?? []) as { type: string; id: string }[];
  const buildDocument = buildId ? (included.find((item) => item.type === "builds" && item.id === buildId) as Build | undefined) : undefined;
  const build = buildId === null ? null : buildDocument ? toLiveBuild(buildDocument) : undefined;
  // A category the answer leaves out is unknown: the sandbox may not keep categories.
  const primaryCategory = toOne(shared.appInfo?.relationships, "primaryCategory", false);
  const slice: NonNullable<LiveSubmissionSlice["submission"]> = {
    ...(build !== undefined ? { build } : {}),
    ...(primaryCategory !== undefined ? { primaryCategory } : {}),
  };
  if (submit && live.version && mayNeedSubmitting(live.version.state)) {
    const answer = await client.getAll<ReviewSubmissionsResponse>("/v1/reviewSubmissions", {
      "filter[app]": live.app.id,
      "filter[platform]": live.app.platform,
      "filter[state]": [...OPEN_STATES],
      include: ["items"],
      "limit[items]": 50,
      limit: 200,
    });
    slice.submissions = answer.data.map((submission) => toLiveSubmission(submission, (answer.included ?? []) as { type: string; id: string }[]));
  }
  return { submission: slice };
}
