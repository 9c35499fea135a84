/** reviews/config.yml after validation (its schema: engine/validate/schemas.ts), with the defaults of what it leaves out. */

export interface ReplyTemplate {
  locale?: string;
  territories?: string[];
  ratings?: number[];
  text: string;
}

export interface ReviewsConfig {
  /** Absent: every territory. */
  territories?: string[];
  alertAtOrBelow?: number;
  drafts: { ratings: number[]; mentioning: string[] };
  templates: ReplyTemplate[];
  autoReply?: { atOrAbove: number; template: string; locale?: string };
}

/** A repository without config.yml: no alerts, no drafts, no automatic replies. */
export const NO_CONFIG: ReviewsConfig = { drafts: { ratings: [], mentioning: [] }, templates: [] };

export function toReviewsConfig(value: unknown): ReviewsConfig {
  if (!value || typeof value !== "object") return NO_CONFIG;
  const config = value as Partial<ReviewsConfig> & { drafts?: Partial<ReviewsConfig["drafts"]> };
  return {
    ...(config.territories ? { territories: config.territories } : {}),
    ...(config.alertAtOrBelow !== undefined ? { alertAtOrBelow: config.alertAtOrBelow } : {}),
    drafts: { ratings: config.drafts?.ratings ?? [], mentioning: config.drafts?.mentioning ?? [] },
    templates: config.templates ?? [],
    ...(config.autoReply ? { autoReply: config.autoReply } : {}),
  };
}
