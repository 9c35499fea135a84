/**
 * The ApplyReport (DESIGN.md §7): every write request with its time and
 * result, what each change came to, and the final verification. JSON for the
 * artifact and the job summary; the text form is the progress printed as it goes.
 */
import type { BlockedChange, Change, ChangeSource, PlanApp, PlanSummary } from "../plan/plan.js";

export const APPLY_REPORT_SCHEMA_VERSION = 1;

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
  kind: Change["kind"];
  locale: string;
  field?: string;
  displayType?: string;
  fileName?: string;
  source?: ChangeSource;
  status: StepStatus;
  /** Why it failed or was skipped. */
  error?: ApiFailure;
}

export interface WriteRecord {
  /** ISO time the request was sent. */
  at: string;
  method: string;
  path: string;
  /** null: no answer (dropped or timed out). */
  status: number | null;
  attempt: number;
  durationMs: number;
}

export interface Verification {
  converged: boolean;
  /** Changes a fresh plan still finds. */
  remaining: Change[];
  /** Screenshots still processing when waiting ran out. */
  stillProcessing: number;
  /** Assets App Store Connect failed to process, with its reasons. */
  failedAssets: { locale: string; displayType: string; fileName: string; errors: string[] }[];
}

export interface ApplyReport {
  schemaVersion: typeof APPLY_REPORT_SCHEMA_VERSION;
  app: PlanApp;
  today: string;
  startedAt: string;
  finishedAt: string;
  planned: PlanSummary;
  steps: StepResult[];
  blocked: BlockedChange[];
  requests: WriteRecord[];
  /** Every request of the run, reads and retries included (the client's counters). */
  totals?: { requests: number; writes: number; retries: number; uploads: number; bytesUploaded: number };
  verification: Verification | null;
  success: boolean;
}
