/**
 * The age rating questionnaire: ONE change holding every answer that differs,
 * sent as ONE PATCH of the appInfo's ageRatingDeclaration (it cannot be created).
 */
import type { SharedLive } from "../../contracts/live-state.js";
import { APP_GROUP, type PlanChange } from "../../contracts/plan.js";
import type { DiffResult } from "../../contracts/resource.js";
import { AGE_RATING_ATTRIBUTE_NAMES, type AgeRatingAttribute, type AgeRatingValue } from "../../model/age-rating.js";
import { appInfoStateAllows } from "../../model/version-states.js";
import type { DesiredAgeRating } from "./desired.js";

/** Where its changes are grouped in the plan: under "app", with every other app-level change (contracts/plan.ts). */
export const AGE_RATING_GROUP = APP_GROUP;

export interface LiveAgeRatingDeclaration {
  id: string;
  /** null: App Store Connect holds no answer. */
  answers: Partial<Record<AgeRatingAttribute, AgeRatingValue | null>>;
}

/** The age rating resource's slice of the LiveState: the declaration of the appInfo edited, if Apple returned one. */
export interface LiveAgeRatingSlice {
  ageRatingDeclaration?: LiveAgeRatingDeclaration;
}

export interface AgeRatingAnswerChange {
  attribute: AgeRatingAttribute;
  before: AgeRatingValue | null;
  after: AgeRatingValue;
}

export interface AgeRatingUpdate extends PlanChange {
  kind: "age-rating-update";
  resource: "ageRatingDeclarations";
  /** The declaration PATCHed. */
  id: string;
  answers: AgeRatingAnswerChange[];
}

export function diffAgeRating(desired: DesiredAgeRating | undefined, live: SharedLive & LiveAgeRatingSlice): DiffResult<AgeRatingUpdate> {
  if (!desired) return { changes: [], blocked: [] };
  const declaration = live.ageRatingDeclaration;
  const answers: AgeRatingAnswerChange[] = [];
  for (const attribute of AGE_RATING_ATTRIBUTE_NAMES) {
    const after = desired.answers[attribute];
    if (after === undefined) continue;
    const before = declaration?.answers[attribute] ?? null;
    if (before !== after) answers.push({ attribute, before, after });
  }
  if (answers.length === 0) return { changes: [], blocked: [] };
  // The plan points at the first changed answer in the file.
  const positions = answers.flatMap((answer) => desired.sources.positions[answer.attribute] ?? []);
  const first = positions.sort((a, b) => a.line - b.line || a.column - b.column)[0];
  const source = { file: desired.sources.file, ...(first ?? {}) };
  const reason = !live.appInfo
    ? "App Store Connect returned no appInfo for this app"
    : !declaration
      ? "App Store Connect returned no age rating declaration for the app info; " +
        "it cannot be created, only answered: open the app info in App Store Connect once"
      : appInfoStateAllows(live.appInfo.state).text
        ? undefined
        : `the app info is ${live.appInfo.state}; the age rating changes with a new version: create one in App Store Connect`;
  if (reason)
    return {
      changes: [],
      blocked: answers.map((answer) => ({
        kind: "age-rating-update",
        resource: "ageRatingDeclarations",
        locale: AGE_RATING_GROUP,
        field: answer.attribute,
        reason,
        source: { file: desired.sources.file, ...(desired.sources.positions[answer.attribute] ?? {}) },
      })),
    };
  return {
    changes: [{ kind: "age-rating-update", resource: "ageRatingDeclarations", locale: AGE_RATING_GROUP, id: declaration!.id, answers, source }],
    blocked: [],
  };
}
