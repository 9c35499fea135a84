const collator = new Intl.Collator("en", { numeric: true, sensitivity: "base" });

/** Plain code-unit order: the same on every machine and locale. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Natural order of file names: 2-b.png before 10-a.png; ties broken by code units so the order is total. */
export function compareNatural(a: string, b: string): number {
  return collator.compare(a, b) || compareCodeUnits(a, b);
}
