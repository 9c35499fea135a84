/**
 * The analytics database: SQLite compiled to WebAssembly (sql.js, so it runs
 * on every runner and Node version with no native build), held in memory and
 * saved as one file, written atomically. The schema is versioned
 * (`schema_version`) and migrated forward on open.
 *
 * Supersession: rows are kept per report, granularity and date, with the
 * instance they came from and its processing date. A later instance replaces
 * every row of a date it restates; an earlier one arriving late changes
 * nothing; an instance already stored is skipped. So re-running, or
 * overlapping instances, never count a day twice (Apple: "do not sum").
 */
import { readFile } from "node:fs/promises";
import type { Database } from "sql.js";
import { writeFileAtomic } from "../util/atomic-file.js";
import { addDays } from "../util/utc-dates.js";
import { type Metric, type ReportDefinition, type ReportKey, metricOf, sourceGroup, type SourceGroup } from "./catalogue.js";

export class DatabaseFileError extends Error {}

/** Each entry moves the schema one version up; never edit one that has shipped, add the next. */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
   CREATE TABLE instances (id TEXT PRIMARY KEY, report TEXT NOT NULL, granularity TEXT NOT NULL, processing_date TEXT NOT NULL,
     rows INTEGER NOT NULL, ingested_at TEXT NOT NULL);
   CREATE TABLE facts (report TEXT NOT NULL, granularity TEXT NOT NULL, date TEXT NOT NULL, metric TEXT NOT NULL, source TEXT NOT NULL,
     territory TEXT NOT NULL, count INTEGER NOT NULL, provisional INTEGER NOT NULL, instance_id TEXT NOT NULL, processing_date TEXT NOT NULL,
     PRIMARY KEY (report, granularity, date, metric, source, territory));
   CREATE INDEX facts_by_date ON facts (granularity, date);`,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export interface InstanceInfo {
  id: string;
  report: ReportDefinition;
  granularity: "DAILY" | "WEEKLY" | "MONTHLY";
  processingDate: string;
}

export interface IngestResult {
  rows: number;
  /** Dates whose rows this instance wrote (new, or restated over an earlier instance). */
  datesWritten: string[];
  /** Dates a later instance had already restated, left as they are. */
  datesKept: string[];
}

/** Apple writes dates YYYY-MM-DD ([unconfirmed]: M/D/YYYY is accepted too). */
function isoDate(text: string, where: string): string {
  const iso = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (iso) return `${iso[1]}-${iso[2]}-${iso[3]}`;
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  if (us) return `${us[3]}-${us[1]!.padStart(2, "0")}-${us[2]!.padStart(2, "0")}`;
  throw new DatabaseFileError(`${where}: "${text.slice(0, 40)}" in the Date column is not a date`);
}

function countOf(text: string, where: string): number {
  const value = Number(text.replace(/,/g, ""));
  if (!Number.isFinite(value) || value < 0) throw new DatabaseFileError(`${where}: "${text.slice(0, 40)}" in the Counts column is not a count`);
  return Math.round(value);
}

async function loadSqlJs() {
  const { default: init } = await import("sql.js/dist/sql-wasm-inline.js");
  return init();
}

export class AnalyticsDatabase {
  private constructor(
    readonly file: string,
    private readonly db: Database,
  ) {}

  /** The database in `file`, migrated to the current schema; a new one when the file does not exist. */
  static async open(file: string): Promise<AnalyticsDatabase> {
    let bytes: Uint8Array | undefined;
    try {
      bytes = await readFile(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw new DatabaseFileError(`${file}: cannot read it (${(error as Error).message})`);
    }
    const SQL = await loadSqlJs();
    let db: Database;
    try {
      db = bytes ? new SQL.Database(bytes) : new SQL.Database();
      db.exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
    } catch (error) {
      throw new DatabaseFileError(`${file} is not an asc-gitops analytics database (${(error as Error).message}); point --db at another file or delete it`);
    }
    const database = new AnalyticsDatabase(file, db);
    database.migrate();
    return database;
  }

  get schemaVersion(): number {
    return Number(this.db.exec("SELECT version FROM schema_version")[0]?.values[0]?.[0] ?? 0);
  }

  private migrate(): void {
    const current = this.schemaVersion;
    if (current > SCHEMA_VERSION)
      throw new DatabaseFileError(`${this.file} has schema version ${current}, newer than this asc-gitops reads (${SCHEMA_VERSION}); update asc-gitops`);
    if (current === SCHEMA_VERSION) return;
    this.db.exec("BEGIN");
    for (let version = current; version < SCHEMA_VERSION; version++) this.db.exec(MIGRATIONS[version]!);
    this.db.exec("DELETE FROM schema_version");
    this.db.run("INSERT INTO schema_version (version) VALUES (?)", [SCHEMA_VERSION]);
    this.db.exec("COMMIT");
  }

  meta(key: string): string | undefined {
    const value = this.db.exec("SELECT value FROM meta WHERE key = ?", [key])[0]?.values[0]?.[0];
    return value === undefined || value === null ? undefined : String(value);
  }

  setMeta(key: string, value: string): void {
    this.db.run("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", [key, value]);
  }

  hasInstance(id: string): boolean {
    return this.db.exec("SELECT 1 FROM instances WHERE id = ?", [id]).length > 0;
  }

  /**
   * Stores one instance's rows (every segment's, together): summed per date,
   * metric, source group and territory; each date replaces what an earlier
   * instance said of it, unless a later one already did.
   */
  ingest(instance: InstanceInfo, rows: ReadonlyArray<Readonly<Record<string, string>>>, now = new Date()): IngestResult {
    const where = `instance ${instance.id} (${instance.processingDate})`;
    const sums = new Map<string, Map<string, number>>();
    for (const row of rows) {
      const date = isoDate(row.Date ?? "", `${where} of "${instance.report.name}"`);
      const metric = metricOf(instance.report.key, row);
      const perDate = sums.get(date) ?? new Map<string, number>();
      sums.set(date, perDate);
      if (!metric) continue;
      const key = `${metric}\t${sourceGroup(row["Source Type"] ?? "")}\t${(row.Territory ?? "").trim().toUpperCase() || "??"}`;
      perDate.set(key, (perDate.get(key) ?? 0) + countOf(row.Counts ?? "", `${where} of "${instance.report.name}"`));
    }
    const result: IngestResult = { rows: rows.length, datesWritten: [], datesKept: [] };
    const report = instance.report.key;
    const final = addDays(instance.processingDate, -instance.report.completenessDays);
    this.db.exec("BEGIN");
    try {
      const insert = this.db.prepare(
        "INSERT INTO facts (report, granularity, date, metric, source, territory, count, provisional, instance_id, processing_date) " +
          "VALUES (?,?,?,?,?,?,?,?,?,?)",
      );
      for (const [date, perDate] of [...sums].sort(([a], [b]) => a.localeCompare(b))) {
        const newest = this.db.exec("SELECT MAX(processing_date) FROM facts WHERE report = ? AND granularity = ? AND date = ?", [
          report,
          instance.granularity,
          date,
        ])[0]?.values[0]?.[0];
        if (typeof newest === "string" && newest > instance.processingDate) {
          result.datesKept.push(date);
          continue;
        }
        this.db.run("DELETE FROM facts WHERE report = ? AND granularity = ? AND date = ?", [report, instance.granularity, date]);
        // Inside the completeness window a day's figures may still change: provisional (weekly and monthly files are complete).
        const provisional = instance.granularity === "DAILY" && date > final ? 1 : 0;
        for (const [key, count] of perDate) {
          const [metric, source, territory] = key.split("\t");
          insert.run([report, instance.granularity, date, metric!, source!, territory!, count, provisional, instance.id, instance.processingDate]);
        }
        result.datesWritten.push(date);
      }
      insert.free();
      this.db.run("INSERT OR REPLACE INTO instances (id, report, granularity, processing_date, rows, ingested_at) VALUES (?,?,?,?,?,?)", [
        instance.id,
        report,
        instance.granularity,
        instance.processingDate,
        rows.length,
        now.toISOString(),
      ]);
      this.db.exec("COMMIT");
    } catch (error) {
      this.db.exec("ROLLBACK");
      throw error;
    }
    return result;
  }

  /** Daily sums per date and metric between two dates (inclusive), and whether any of the day's rows is provisional. */
  daily(from: string, to: string, filter?: { source?: SourceGroup; territory?: string }): DailyRow[] {
    const clauses = ["granularity = 'DAILY'", "date >= ?", "date <= ?"];
    const values: string[] = [from, to];
    if (filter?.source) clauses.push("source = ?"), values.push(filter.source);
    if (filter?.territory) clauses.push("territory = ?"), values.push(filter.territory);
    const answer = this.db.exec(
      `SELECT date, metric, SUM(count), MAX(provisional) FROM facts WHERE ${clauses.join(" AND ")} GROUP BY date, metric ORDER BY date`,
      values,
    );
    return (answer[0]?.values ?? []).map(([date, metric, count, provisional]) => ({
      date: String(date),
      metric: String(metric) as Metric,
      count: Number(count),
      provisional: Number(provisional) === 1,
    }));
  }

  /** Sums per metric and one dimension (source group or territory) between two dates. */
  totalsBy(dimension: "source" | "territory", from: string, to: string): Array<{ key: string; metric: Metric; count: number }> {
    const answer = this.db.exec(
      `SELECT ${dimension}, metric, SUM(count) FROM facts WHERE granularity = 'DAILY' AND date >= ? AND date <= ? GROUP BY ${dimension}, metric`,
      [from, to],
    );
    return (answer[0]?.values ?? []).map(([key, metric, count]) => ({ key: String(key), metric: String(metric) as Metric, count: Number(count) }));
  }

  /** The newest date holding daily rows of a report, or undefined. */
  lastDate(report?: ReportKey): string | undefined {
    const answer = this.db.exec(`SELECT MAX(date) FROM facts WHERE granularity = 'DAILY'${report ? " AND report = ?" : ""}`, report ? [report] : []);
    const value = answer[0]?.values[0]?.[0];
    return typeof value === "string" ? value : undefined;
  }

  instanceCount(): number {
    return Number(this.db.exec("SELECT COUNT(*) FROM instances")[0]?.values[0]?.[0] ?? 0);
  }

  /** Writes the whole database to its file, atomically (a run killed mid-write leaves the previous file). */
  async save(): Promise<void> {
    await writeFileAtomic(this.file, this.db.export());
  }

  close(): void {
    this.db.close();
  }
}

export interface DailyRow {
  date: string;
  metric: Metric;
  count: number;
  provisional: boolean;
}
