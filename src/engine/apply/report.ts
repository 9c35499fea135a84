/**
 * The ApplyReport (DESIGN.md §7): every write request with its time and
 * result, what each change came to, and the final verification. JSON for the
 * artifact and the job summary; the text form is the progress printed as it goes.
 */
import type { ApiFailure, StepResult, StepStatus } from "../../contracts/apply-run.js";
import type { BlockedChange, Change, PlanApp, PlanSummary } from "../plan/plan.js";

export type { ApiFailure, StepResult, StepStatus };

export const APPLY_REPORT_SCHEMA_VERSION = 1;

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
  /** Live equals the repository: nothing remains, nothing is blocked, nothing is still processing (for a partial apply: of its own changes). */
  converged: boolean;
  /** The apply was narrowed to some changes (the scheduled run's rotations): converged speaks for those alone. */
  partial: boolean;
  /** Changes a fresh plan still finds. */
  remaining: Change[];
  /** Changes a fresh plan finds blocked: differences apply cannot remove now (empty for a narrowed apply). */
  blocked: BlockedChange[];
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

/** What is still blocked after an apply: the fresh plan's blocked changes, or the plan's when live could not be read back. */
export const blockedAfter = (report: Pick<ApplyReport, "blocked" | "verification">): BlockedChange[] =>
  report.verification ? report.verification.blocked : report.blocked;
