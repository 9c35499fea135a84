/**
 * What the resources' apply steps share: the client, the state read before
 * applying, ids of what this run created, the step results, and progress.
 */
import type { AscClient } from "../../asc/client.js";
import { AscAmbiguousWriteError, AscApiError, AscError, AscNetworkError } from "../../asc/errors.js";
import type { DesiredState } from "../desired-state.js";
import type { LiveState } from "../live-state.js";
import type { Change } from "../plan/plan.js";
import type { ApiFailure, StepResult } from "./report.js";

export interface ApplyOptions {
  /** Changes worked on at once (the client bounds requests in flight as well). */
  concurrency: number;
  /**
   * How long to wait for uploads to finish processing. A screenshot still
   * UPLOAD_COMPLETE when this wait ends (this run's, or one an earlier run
   * left processing) is taken for stuck and uploaded again, once per run.
   */
  processingTimeoutMs: number;
  /** First wait between processing polls; it doubles up to 8 s. */
  pollIntervalMs: number;
  sleep: (ms: number) => Promise<void>;
}

export const DEFAULT_APPLY_OPTIONS: ApplyOptions = {
  concurrency: 8,
  processingTimeoutMs: 10 * 60_000,
  pollIntervalMs: 500,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export type ApplyClient = Pick<AscClient, "get" | "getAll" | "post" | "patch" | "delete" | "upload">;

export class ApplyRun {
  readonly steps: StepResult[] = [];
  /** locale -> id of version localizations and app info localizations, live or created by this run. */
  readonly versionLocalizationIds = new Map<string, string>();
  readonly appInfoLocalizationIds = new Map<string, string>();
  /** `${locale}/${displayType}` -> screenshot set id. */
  readonly setIds = new Map<string, string>();
  /**
   * Screenshots this run committed: id -> the MD5 it sent. Apple may mark a
   * screenshot COMPLETE before it publishes sourceFileChecksum; one of these
   * is the file this run sent, so it is known by that checksum.
   */
  readonly committedScreenshots = new Map<string, string>();

  /** The client, failing at once after App Store Connect could not be reached at all (see `unreachable`). */
  readonly client: ApplyClient;
  /**
   * Set when an API request could not connect even after every retry (App Store
   * Connect down, or the network gone): every later request fails at once with
   * the same error, so an outage ends the run in seconds instead of waiting out
   * the retries of each remaining change. A re-run completes the work.
   */
  unreachable: AscNetworkError | undefined;

  constructor(
    client: ApplyClient,
    readonly live: LiveState,
    readonly desired: DesiredState,
    readonly options: ApplyOptions,
    readonly progress: (line: string) => void,
  ) {
    const guard =
      <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
      async (...args: A): Promise<R> => {
        if (this.unreachable) throw this.unreachable;
        try {
          return await call(...args);
        } catch (error) {
          if (error instanceof AscNetworkError && (error.failure === "connect" || error.failure === "tls")) this.unreachable ??= error;
          throw error;
        }
      };
    this.client = {
      get: guard(client.get.bind(client)) as ApplyClient["get"],
      getAll: guard(client.getAll.bind(client)) as ApplyClient["getAll"],
      post: guard(client.post.bind(client)) as ApplyClient["post"],
      patch: guard(client.patch.bind(client)) as ApplyClient["patch"],
      delete: guard(client.delete.bind(client)),
      // Upload operations go to Apple's asset hosts, not the API: they neither trip nor wait on this.
      upload: client.upload.bind(client),
    };
    for (const localization of live.versionLocalizations) this.versionLocalizationIds.set(localization.locale, localization.id);
    for (const localization of live.appInfoLocalizations) this.appInfoLocalizationIds.set(localization.locale, localization.id);
    for (const set of live.screenshotSets) this.setIds.set(setKey(set.locale, set.displayType), set.id);
  }

  record(change: Change, status: StepResult["status"], error?: ApiFailure): void {
    this.steps.push({
      kind: change.kind,
      ...("resource" in change ? { resource: change.resource } : {}),
      ...("target" in change ? { target: change.target } : {}),
      locale: change.locale,
      ...("field" in change ? { field: change.field } : {}),
      ...("displayType" in change ? { displayType: change.displayType } : {}),
      ...("fileName" in change ? { fileName: change.fileName } : {}),
      ...(change.source ? { source: change.source } : {}),
      status,
      ...(error ? { error } : {}),
    });
  }

  /** Records a failure and prints it with the locale and file it concerns (Apple's message often names neither). */
  fail(change: Change, error: unknown, what: string): void {
    const failure = describeFailure(error);
    this.record(change, "failed", failure);
    const where = change.source ? ` (${change.source.file}${change.source.line ? `:${change.source.line}` : ""})` : "";
    this.progress(`✗ ${change.locale}${"displayType" in change ? ` ${change.displayType}` : ""}: ${what} failed: ${failure.message}${where}`);
  }

  skip(change: Change, reason: string): void {
    this.record(change, "skipped", { message: reason });
  }
}

export const setKey = (locale: string, displayType: string) => `${locale}/${displayType}`;

export function describeFailure(error: unknown): ApiFailure {
  if (error instanceof AscApiError) {
    const item = error.errors[0];
    const pointer = (item?.source as { pointer?: string } | undefined)?.pointer;
    return {
      message: error.message,
      status: error.status,
      ...(item?.code ? { code: item.code } : {}),
      ...(item?.detail ? { detail: item.detail } : {}),
      ...(pointer ? { pointer } : {}),
      request: `${error.request.method} ${error.request.path}`,
    };
  }
  if (error instanceof AscAmbiguousWriteError && error.cause instanceof AscApiError) return { ...describeFailure(error.cause), message: error.message };
  if (error instanceof AscError) return { message: error.message, request: `${error.request.method} ${error.request.path}` };
  return { message: error instanceof Error ? error.message : String(error) };
}

/** A create answered 409 or with an unknown outcome: it may exist already, so look before failing or repeating it. */
export function mayAlreadyExist(error: unknown): boolean {
  return error instanceof AscAmbiguousWriteError || (error instanceof AscApiError && error.status === 409);
}

/** Sends of one create, the first included, while its outcome stays unknown (as many as the client's attempts of a request it may repeat). */
export const CREATE_ATTEMPTS = 5;

/**
 * After a create failed with `error` (one that mayAlreadyExist): look for what
 * it would have made, and send it again only when nothing is there and the
 * outcome was unknown (a 409 with nothing found stands). A repeat whose outcome
 * is unknown again is looked for and repeated again, up to CREATE_ATTEMPTS
 * sends in all, so that one lost answer in a row does not fail the change.
 */
export async function lookThenRepeat<T>(error: unknown, look: () => Promise<T | undefined>, send: () => Promise<T>): Promise<T> {
  let last = error;
  for (let sent = 1; ; sent++) {
    const found = await look();
    if (found !== undefined) return found;
    if (!(last instanceof AscAmbiguousWriteError) || sent >= CREATE_ATTEMPTS) throw last;
    try {
      return await send();
    } catch (next) {
      if (!mayAlreadyExist(next)) throw next;
      last = next;
    }
  }
}
