/**
 * The apply run (DESIGN.md §12): what the resources' apply steps share — the
 * client, the state read before applying, what each resource keeps for the run
 * (ids of what it created), the step results, and progress.
 */
import type { AscClient } from "../asc/client.js";
import { AscAmbiguousWriteError, AscApiError, AscError, AscNetworkError } from "../asc/errors.js";
import type { ChangeSource, PlanChange } from "./plan.js";

/** Apple's answer to a failed request, as much as it said. */
export interface ApiFailure {
  message: string;
  status?: number;
  code?: string;
  detail?: string;
  pointer?: string;
  /** The request that failed: `PATCH /v1/appStoreVersionLocalizations/…`. */
  request?: string;
}

export type StepStatus = "done" | "failed" | "skipped";

/** What became of one change of the plan. */
export interface StepResult {
  kind: string;
  /** Which resource the change is of, where its kind does not say (app info or version localizations). */
  resource?: string;
  /** "live": the version on sale (promotionalText), else the managed version. */
  target?: "editable" | "live";
  locale: string;
  field?: string;
  displayType?: string;
  fileName?: string;
  source?: ChangeSource;
  status: StepStatus;
  /** Why it failed or was skipped. */
  error?: ApiFailure;
}

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

/** `D` and `L`: the DesiredState and the LiveState read before applying (each resource reads its own slice of them). */
export class ApplyRun<D extends object = object, L extends object = object> {
  readonly steps: StepResult[] = [];
  /** What resources keep for the run (see `kept`). */
  private readonly store = new Map<string, unknown>();

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
    readonly live: L,
    readonly desired: D,
    readonly options: ApplyOptions,
    readonly progress: (line: string) => void,
    /** The apply was narrowed to some changes (the scheduled run's rotations): nothing else is touched. */
    readonly partial = false,
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
  }

  /**
   * What a resource keeps for this run under `key` (say, locale -> id of the
   * localizations live or created), made by `make` on first use. Another
   * resource may read it: screenshots find their version localization's id here.
   */
  kept<T>(key: string, make: () => T): T {
    if (!this.store.has(key)) this.store.set(key, make());
    return this.store.get(key) as T;
  }

  record(change: PlanChange, status: StepResult["status"], error?: ApiFailure): void {
    this.steps.push({
      kind: change.kind,
      ...("resource" in change ? { resource: change.resource } : {}),
      ...("target" in change ? { target: change.target as StepResult["target"] } : {}),
      locale: change.locale,
      ...("field" in change ? { field: change.field as string } : {}),
      ...("displayType" in change ? { displayType: change.displayType as string } : {}),
      ...("fileName" in change ? { fileName: change.fileName as string } : {}),
      ...(change.source ? { source: change.source } : {}),
      status,
      ...(error ? { error } : {}),
    });
  }

  /** Records a failure and prints it with the locale and file it concerns (Apple's message often names neither). */
  fail(change: PlanChange, error: unknown, what: string): void {
    const failure = describeFailure(error);
    this.record(change, "failed", failure);
    const where = change.source ? ` (${change.source.file}${change.source.line ? `:${change.source.line}` : ""})` : "";
    this.progress(`✗ ${change.locale || "app"}${"displayType" in change ? ` ${String(change.displayType)}` : ""}: ${what} failed: ${failure.message}${where}`);
  }

  skip(change: PlanChange, reason: string): void {
    this.record(change, "skipped", { message: reason });
  }
}

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
