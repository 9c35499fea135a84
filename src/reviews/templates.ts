/**
 * Which reviews get a draft, which template answers them, and the template
 * filled in. A placeholder's value (the reviewer's nickname above all) is
 * inserted as text: the reply is YAML data and is never interpreted.
 */
import type { CustomerReviewQuote } from "../model/review-replies.js";
import type { ReplyTemplate, ReviewsConfig } from "./config.js";

/** What the placeholders other than the review's own come from: the locale file of the template's locale, else the app. */
export interface TemplateContext {
  appName: string;
  /** locale -> { name, supportUrl } from metadata/<locale>.yml. */
  locales: ReadonlyMap<string, { name?: string; supportUrl?: string }>;
  primaryLocale?: string;
}

export function wantsDraft(config: ReviewsConfig, review: CustomerReviewQuote): boolean {
  if (config.drafts.ratings.includes(review.rating)) return true;
  const text = `${review.title}\n${review.body}`.toLocaleLowerCase();
  return config.drafts.mentioning.some((term) => text.includes(term.toLocaleLowerCase()));
}

export function templateFor(config: ReviewsConfig, review: CustomerReviewQuote): ReplyTemplate | undefined {
  return config.templates.find(
    (template) => (!template.territories || template.territories.includes(review.territory)) && (!template.ratings || template.ratings.includes(review.rating)),
  );
}

export function fillTemplate(text: string, review: CustomerReviewQuote, context: TemplateContext, locale?: string): string {
  const localeFile = context.locales.get(locale ?? context.primaryLocale ?? "") ?? {};
  const values: Record<string, string> = {
    nickname: review.nickname,
    appName: localeFile.name ?? context.appName,
    supportUrl: localeFile.supportUrl ?? "",
    rating: String(review.rating),
    territory: review.territory,
    title: review.title,
  };
  // One pass, so a value holding "{nickname}" is never expanded again.
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole).trim();
}
