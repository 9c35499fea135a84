/** "1 screenshot", "2 screenshots", "3 files and folders": a count with its noun. */
export const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;
