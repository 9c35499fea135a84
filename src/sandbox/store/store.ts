/**
 * The sandbox's memory: one table per resource type, loaded from and flushed
 * to the state file. Handlers change records in place, then `await commit()`
 * before they answer (see persistence.ts for how writes are grouped).
 */
import { createHash } from "node:crypto";
import { GroupCommitter, readStateFile } from "./persistence.js";
import { TABLES, type RecordOf, type SandboxState, type TableName } from "./records.js";

export class Table<T extends { id: string }> {
  private readonly rows = new Map<string, T>();

  constructor(rows: readonly T[]) {
    for (const row of rows) this.rows.set(row.id, row);
  }

  get(id: string): T | undefined {
    return this.rows.get(id);
  }

  insert(row: T): T {
    this.rows.set(row.id, row);
    return row;
  }

  delete(id: string): boolean {
    return this.rows.delete(id);
  }

  all(): T[] {
    return [...this.rows.values()];
  }

  where(predicate: (row: T) => boolean): T[] {
    return this.all().filter(predicate);
  }

  find(predicate: (row: T) => boolean): T | undefined {
    for (const row of this.rows.values()) if (predicate(row)) return row;
    return undefined;
  }
}

/** The tables of the state file's first format; every table added since starts empty when a file lacks it. */
const FIRST_FORMAT_TABLES: readonly TableName[] = [
  "apps",
  "appStoreVersions",
  "appInfos",
  "appInfoLocalizations",
  "appStoreVersionLocalizations",
  "appScreenshotSets",
  "appScreenshots",
];
const LATER_TABLES = TABLES.filter((name) => !FIRST_FORMAT_TABLES.includes(name));

type Tables = { [K in TableName]: Table<RecordOf<K>> };

/** A new, empty state; the same seed gives the same ids, so two fresh sandboxes answer alike. */
export function emptyState(seed: number): SandboxState {
  return {
    schemaVersion: 1,
    createdAt: new Date().toISOString(),
    salt: createHash("sha256").update(`asc-gitops sandbox ${seed}`).digest("hex").slice(0, 16),
    serial: 0,
    ...(Object.fromEntries(TABLES.map((name) => [name, []])) as unknown as { [K in TableName]: RecordOf<K>[] }),
  };
}

export class Store {
  readonly tables: Tables;
  private readonly meta: Pick<SandboxState, "schemaVersion" | "createdAt" | "salt" | "serial">;
  private readonly committer: GroupCommitter;

  private constructor(
    readonly file: string,
    state: SandboxState,
  ) {
    this.meta = { schemaVersion: state.schemaVersion, createdAt: state.createdAt, salt: state.salt, serial: state.serial };
    this.tables = Object.fromEntries(TABLES.map((name) => [name, new Table(state[name] as Array<{ id: string }>)])) as unknown as Tables;
    this.committer = new GroupCommitter(file, () => JSON.stringify(this.snapshot()));
  }

  /** The stored state, or undefined when the file does not exist yet. */
  static async open(file: string): Promise<Store | undefined> {
    const state = await readStateFile<SandboxState>(file);
    if (!state) return undefined;
    if (state.schemaVersion !== 1) throw new Error(`the sandbox state file ${file} has schemaVersion ${String(state.schemaVersion)}; this sandbox reads 1`);
    // A state file older than a table starts it empty (the age rating declarations came later).
    for (const name of LATER_TABLES) (state as unknown as Record<string, unknown>)[name] ??= [];
    for (const name of TABLES) if (!Array.isArray(state[name])) throw new Error(`the sandbox state file ${file} has no ${name} table`);
    return new Store(file, state);
  }

  /** A new state, in memory until the first commit (so a start killed while seeding leaves no half-seeded file). */
  static fresh(file: string, state: SandboxState): Store {
    return new Store(file, state);
  }

  snapshot(): SandboxState {
    const state = { ...this.meta } as SandboxState;
    for (const name of TABLES) (state as unknown as Record<string, unknown>)[name] = this.tables[name].all();
    return state;
  }

  /** A new id in the form Apple uses for this resource type: UUIDs, numeric strings for apps. */
  newId(kind: "uuid" | "numeric" = "uuid"): string {
    this.meta.serial += 1;
    const digest = createHash("sha256").update(`${this.meta.salt}:${this.meta.serial}`).digest("hex");
    if (kind === "numeric") return String(6_400_000_000 + (parseInt(digest.slice(0, 8), 16) % 99_999_999));
    const variant = ((parseInt(digest[16]!, 16) & 0x3) | 0x8).toString(16);
    return `${digest.slice(0, 8)}-${digest.slice(8, 12)}-4${digest.slice(13, 16)}-${variant}${digest.slice(17, 20)}-${digest.slice(20, 32)}`;
  }

  /** Resolves once every change made so far is on disk. */
  commit(): Promise<void> {
    return this.committer.flush();
  }

  get writes(): number {
    return this.committer.writes;
  }
}
