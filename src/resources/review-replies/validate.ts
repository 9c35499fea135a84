/**
 * The reviews folder's own rules, beyond the schemas: a reply file's path
 * names its review, its quoted review is read-only (the digest), its reply
 * fits the limit; a template names only known placeholders.
 */
import type { Diagnostic } from "../../contracts/diagnostics.js";
import type { AppLevelFile, LoadedFiles } from "../../contracts/files.js";
import { characterCount } from "../../model/fields.js";
import { quoteDigest, REPLY_PLACEHOLDERS, REVIEW_RESPONSE_MAX, type CustomerReviewQuote } from "../../model/review-replies.js";

import { closestMatch } from "../../util/suggest.js";

function at(file: AppLevelFile, pointer: string, key = true) {
  const location = file.document.locations.get(pointer);
  const position = key ? (location?.key ?? location?.value) : location?.value;
  return { file: file.file, ...(position ? { line: position.line, column: position.column } : {}) };
}

/** Unknown {placeholders} in a template, each with where it is. */
function checkTemplate(file: AppLevelFile, pointer: string, text: unknown): Diagnostic[] {
  if (typeof text !== "string") return [];
  return [...text.matchAll(/\{([^{}\s]*)\}/g)]
    .map((match) => match[1]!)
    .filter((name) => !(REPLY_PLACEHOLDERS as readonly string[]).includes(name))
    .map((name) => {
      const suggestion = closestMatch(name, REPLY_PLACEHOLDERS);
      return {
        severity: "error" as const,
        rule: "reviews.placeholder",
        ...at(file, pointer, false),
        field: pointer.slice(1).replaceAll("/", "."),
        message:
          `{${name}} is not a placeholder` +
          (suggestion ? `; did you mean {${suggestion}}?` : `; the placeholders are ${REPLY_PLACEHOLDERS.map((item) => `{${item}}`).join(", ")}`),
      };
    });
}

export function validateReviews(files: LoadedFiles): Diagnostic[] {
  const reviews = files.reviews;
  if (!reviews) return [];
  const found: Diagnostic[] = [];
  const config = reviews.config?.value as { templates?: Array<{ text?: unknown }>; autoReply?: { template?: unknown } } | null | undefined;
  if (reviews.config && config && typeof config === "object") {
    (Array.isArray(config.templates) ? config.templates : []).forEach((template, index) =>
      found.push(...checkTemplate(reviews.config!, `/templates/${index}/text`, template?.text)),
    );
    found.push(...checkTemplate(reviews.config, "/autoReply/template", config.autoReply?.template));
  }
  for (const file of reviews.replies) {
    const value = file.value as { review?: Partial<CustomerReviewQuote> & { digest?: unknown }; reply?: unknown } | null;
    const quoted = value?.review;
    if (!quoted || typeof quoted !== "object" || typeof quoted.id !== "string") continue;
    if (quoted.id !== file.reviewId || quoted.territory !== file.territory)
      found.push({
        severity: "error",
        rule: "reviews.reply-path",
        ...at(file, "/review/id"),
        message:
          `is review ${String(quoted.id)} of ${String(quoted.territory)}, but its path says ${file.reviewId} of ${file.territory}: ` +
          `keep the file at replies/${String(quoted.territory)}/${String(quoted.id)}.yml`,
      });
    const quote: CustomerReviewQuote = {
      id: quoted.id,
      territory: String(quoted.territory ?? ""),
      rating: Number(quoted.rating),
      title: String(quoted.title ?? ""),
      body: String(quoted.body ?? ""),
      nickname: String(quoted.nickname ?? ""),
      date: String(quoted.date ?? ""),
    };
    if (quoted.digest !== quoteDigest(quote))
      found.push({
        severity: "error",
        rule: "reviews.read-only",
        ...at(file, "/review"),
        field: "review",
        message: "the quoted review is read-only (it is the customer's text as App Store Connect holds it): undo the edit and change only reply:",
      });
    if (typeof value?.reply === "string" && characterCount(value.reply.trim()) > REVIEW_RESPONSE_MAX)
      found.push({
        severity: "error",
        rule: "reviews.reply-length",
        ...at(file, "/reply", false),
        field: "reply",
        message:
          `reply is ${characterCount(value.reply.trim())} characters; App Store Connect allows ${REVIEW_RESPONSE_MAX} ` +
          "(a limit reported by other tools, not confirmed by Apple)",
      });
  }
  return found;
}
