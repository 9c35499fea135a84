/**
 * Text as the App Store should hold it, the one normalization that loading
 * and comparing share: the newline a YAML block scalar (`|`) ends with is not
 * part of the listing, Windows line ends become \n, and keywords are compared
 * item by item, trimmed. So a pulled listing plans no change, and a value that
 * differs only in such form is never rewritten.
 */
import { joinKeywords, keywordItems } from "./keywords.js";

export function normalizeText(text: string): string {
  return text.replace(/\r\n?/g, "\n").replace(/\n+$/, "");
}

export function comparableValue(field: string, value: string | null | undefined): string {
  const text = normalizeText(value ?? "");
  return field === "keywords" ? joinKeywords(keywordItems(text)) : text;
}
