/**
 * Keywords as App Store Connect stores them: one string, items separated by
 * commas. Files may hold a list or a string; spaces around items are trimmed so
 * they never spend the 100-character budget.
 */
export function keywordItems(value: string | readonly string[]): string[] {
  const raw = typeof value === "string" ? value.split(",") : [...value];
  return raw.map((item) => item.trim());
}

export function joinKeywords(items: readonly string[]): string {
  return items.join(",");
}
