/** "1 change", "3 changes". */
export const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;
