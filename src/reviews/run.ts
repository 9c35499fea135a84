/**
 * `reviews`: validate the repository, read the customer reviews newer than the
 * cursor, and return them with the alerts to send, the drafts written and the
 * automatic replies posted. It prints nothing: the command and the action do.
 */
import path from "node:path";
import { access } from "node:fs/promises";
import type { AscClient } from "../asc/client.js";
import { hasErrors } from "../contracts/diagnostics.js";
import type { LoadedFiles } from "../contracts/files.js";
import { buildDesiredState } from "../engine/desired-state.js";
import { validateRepository, type ValidationResult } from "../engine/validate/index.js";
import { replyFilePath, type CustomerReviewQuote } from "../model/review-replies.js";
import { isTerritoryCode } from "../model/territories.js";
import { connect } from "../pipeline/connection.js";
import { atStage, type RunFailure } from "../pipeline/failure.js";
import { repositoryOf, type RunOptions } from "../pipeline/options.js";
import { writeFileAtomic } from "../util/atomic-file.js";
import { displayPath } from "../util/paths.js";
import { alertOf, type ReviewAlert } from "./alerts.js";
import { toReviewsConfig, type ReviewsConfig } from "./config.js";
import { renderDraft } from "./drafts.js";
import { fetchNewReviews } from "./fetch.js";
import { readCursor, STATE_FILE, writeCursor, type ReviewsCursor } from "./state.js";
import { fillTemplate, templateFor, wantsDraft, type TemplateContext } from "./templates.js";

export interface ReviewsOptions extends RunOptions {
  reviewsDir: string;
  writeDrafts: boolean;
  autoReply: boolean;
  /** --territory: overrides config.yml's territories. */
  territories?: string[];
}

export interface AutoReplyResult {
  reviewId: string;
  territory: string;
  status: "posted" | "failed";
  state?: string;
  error?: string;
}

export interface ReviewsResult {
  app: { id: string; bundleId?: string; name?: string };
  /** The new reviews, newest first. */
  reviews: CustomerReviewQuote[];
  /** New reviews at or below alertAtOrBelow not alerted before: send each once. */
  alerts: ReviewAlert[];
  alertAtOrBelow?: number;
  /** Reply drafts written (display paths). */
  drafts: string[];
  autoReplies: AutoReplyResult[];
  /** The cursor file (display path) and the newest review it now names. */
  cursor: { file: string; newest?: ReviewsCursor["newest"] };
  requests: number;
}

export interface ReviewsRun {
  result?: ReviewsResult;
  validation?: ValidationResult;
  failure?: RunFailure;
}

/** A review id from App Store Connect becomes a file name: only ids that are safe as one. */
const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

interface AppsDocument {
  data: Array<{ id: string; attributes?: { bundleId?: string | null; name?: string | null } }>;
}

async function findApp(client: AscClient, files: LoadedFiles): Promise<ReviewsResult["app"]> {
  const { id, bundleId } = files.app.app;
  if (id) {
    const found = await client.get<{ data: AppsDocument["data"][number] }>(`/v1/apps/${encodeURIComponent(id)}`, { "fields[apps]": "bundleId,name" });
    return { id, bundleId: found.data.attributes?.bundleId ?? undefined, name: found.data.attributes?.name ?? undefined } as ReviewsResult["app"];
  }
  const found = await client.get<AppsDocument>("/v1/apps", { "filter[bundleId]": bundleId!, "fields[apps]": "bundleId,name", limit: 200 });
  const app = found.data.find((item) => item.attributes?.bundleId === bundleId);
  if (!app) throw new Error(`no app with bundle id ${bundleId} in this App Store Connect account (check app.bundleId in app.yml, or the API key's team)`);
  return { id: app.id, ...(bundleId ? { bundleId } : {}), ...(app.attributes?.name ? { name: app.attributes.name } : {}) };
}

function templateContext(files: LoadedFiles, appName: string): TemplateContext {
  const locales = new Map(files.locales.map((file) => [file.locale, { name: file.fields.name, supportUrl: file.fields.supportUrl }]));
  return { appName, locales, primaryLocale: files.locales[0]?.locale };
}

async function postReply(client: AscClient, review: CustomerReviewQuote, text: string): Promise<AutoReplyResult> {
  try {
    const answer = await client.post<{ data?: { attributes?: { state?: string | null } } }>("/v1/customerReviewResponses", {
      data: {
        type: "customerReviewResponses",
        attributes: { responseBody: text },
        relationships: { review: { data: { type: "customerReviews", id: review.id } } },
      },
    });
    return { reviewId: review.id, territory: review.territory, status: "posted", state: answer?.data?.attributes?.state ?? "PENDING_PUBLISH" };
  } catch (error) {
    return { reviewId: review.id, territory: review.territory, status: "failed", error: error instanceof Error ? error.message : String(error) };
  }
}

export async function runReviews(options: ReviewsOptions): Promise<ReviewsRun> {
  const validation = await atStage("validate", () => validateRepository({ ...repositoryOf(options), reviewsDir: options.reviewsDir }));
  if (hasErrors(validation.diagnostics)) return { validation, failure: { stage: "validate", messages: [], validation } };
  const files = validation.files;
  const config: ReviewsConfig = toReviewsConfig(files.reviews?.config?.value);
  const reviewsDir = path.resolve(options.reviewsDir);
  const cursor = await atStage("read", () => readCursor(reviewsDir));
  const connection = await atStage("connect", () => connect(options.connection), options.connection.keyNames);
  try {
    await connection.prepare?.(buildDesiredState(files));
    const { client } = connection;
    const app = await atStage("read", () => findApp(client, files), options.connection.keyNames);
    const territories = options.territories ?? config.territories;
    const fetched = await atStage("read", () => fetchNewReviews(client, app.id, cursor, territories), options.connection.keyNames);
    const reviews = fetched.reviews.filter((review) => SAFE_ID.test(review.id) && isTerritoryCode(review.territory));
    const context = templateContext(files, app.name ?? "");

    const alerted = new Set(cursor.alerted);
    const threshold = config.alertAtOrBelow;
    const alerts = threshold === undefined ? [] : reviews.filter((review) => review.rating <= threshold && !alerted.has(review.id)).map(alertOf);

    const autoReplies: AutoReplyResult[] = [];
    const auto = config.autoReply;
    if (options.autoReply && auto)
      for (const review of reviews.filter((candidate) => candidate.rating >= auto.atOrAbove))
        autoReplies.push(await postReply(client, review, fillTemplate(auto.template, review, context, auto.locale)));
    const posted = new Set(autoReplies.filter((reply) => reply.status === "posted").map((reply) => reply.reviewId));

    const drafts: string[] = [];
    if (options.writeDrafts)
      for (const review of reviews) {
        if (posted.has(review.id)) continue;
        const failedAuto = autoReplies.some((reply) => reply.reviewId === review.id);
        if (!failedAuto && !wantsDraft(config, review)) continue;
        const file = path.join(reviewsDir, replyFilePath(review));
        // A draft a person may be editing already is never overwritten.
        if (await exists(file)) continue;
        const template = failedAuto && auto ? { text: auto.template, locale: auto.locale } : templateFor(config, review);
        const reply = template ? fillTemplate(template.text, review, context, template.locale) : "";
        await atStage("output", () => writeFileAtomic(file, renderDraft(review, reply)));
        drafts.push(displayPath(file));
      }

    const newest = reviews[0] ? { id: reviews[0].id, date: reviews[0].date } : cursor.newest;
    const next: ReviewsCursor = { ...(newest ? { newest } : {}), alerted: [...alerts.map((alert) => alert.id), ...cursor.alerted] };
    await atStage("output", () => writeCursor(reviewsDir, next));
    return {
      validation,
      result: {
        app,
        reviews,
        alerts,
        ...(threshold !== undefined ? { alertAtOrBelow: threshold } : {}),
        drafts,
        autoReplies,
        cursor: { file: displayPath(path.join(reviewsDir, STATE_FILE)), ...(newest ? { newest } : {}) },
        requests: connection.client.stats().requests,
      },
    };
  } finally {
    await connection.close();
  }
}
