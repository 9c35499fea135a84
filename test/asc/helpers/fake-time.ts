/** A clock that moves only when told to (or when the code under test sleeps), and a record of every sleep. */
export interface FakeTime {
  clock: { now(): number };
  sleep: (ms: number) => Promise<void>;
  sleeps: number[];
  advance(ms: number): void;
}

export function fakeTime(start = Date.UTC(2026, 10, 24, 12, 0, 0)): FakeTime {
  let now = start;
  const sleeps: number[] = [];
  return {
    clock: { now: () => now },
    sleeps,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
    advance: (ms) => {
      now += ms;
    },
  };
}
