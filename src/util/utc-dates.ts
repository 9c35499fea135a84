/** Calendar days in UTC, written YYYY-MM-DD: the dates rotations and `--today` speak in. */

/** A real calendar date written YYYY-MM-DD (2027-02-30 is not one). */
export function isUtcDate(text: string): boolean {
  const date = new Date(`${text}T00:00:00Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/** The UTC date `days` after `date` (YYYY-MM-DD). */
export function addDays(date: string, days: number): string {
  const moved = new Date(`${date}T00:00:00Z`);
  moved.setUTCDate(moved.getUTCDate() + days);
  return moved.toISOString().slice(0, 10);
}

export const nextDay = (date: string): string => addDays(date, 1);

export const previousDay = (date: string): string => addDays(date, -1);

export function todayUtc(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** The instant a plan judges "in the future" against: now, or the start of the day `--today` names when that is another day. */
export function planClock(today: string, now = new Date()): string {
  return todayUtc(now) === today ? now.toISOString() : `${today}T00:00:00.000Z`;
}
