/**
 * From App Store Connect into the database: keeps one ONGOING analytics
 * report request per app (the active one reused; one made when there is
 * none, or when Apple stopped the last for inactivity), lists the three
 * reports the dashboard reads, their DAILY and WEEKLY instances, and stores
 * each instance not stored yet: every segment downloaded (no token on the
 * segment URL), read by column name, ingested together. An expired instance
 * (404 after 35 days) is skipped with a note.
 */
import { AscApiError } from "../asc/errors.js";
import type { AscClient } from "../asc/client.js";
import { mapWithConcurrency } from "../util/concurrency.js";
import { REPORTS, reportByName, type ReportDefinition } from "./catalogue.js";
import type { AnalyticsDatabase, InstanceInfo } from "./database.js";
import { readSegment } from "./tsv.js";

/** Refused for the key's role: said once, clearly, with what to do. */
export class AnalyticsAccessError extends Error {}

interface Resource<A> {
  id: string;
  attributes?: A;
}
interface Collection<A> {
  data: Array<Resource<A>>;
}
type RequestAttributes = { accessType?: string; stoppedDueToInactivity?: boolean };
type InstanceAttributes = { granularity?: InstanceInfo["granularity"]; processingDate?: string };
type SegmentAttributes = { url?: string; sizeInBytes?: number; checksum?: string };

export interface FetchResult {
  requestId: string;
  /** A request was made by this run (none active before, or the last was stopped for inactivity). */
  createdRequest: boolean;
  instancesStored: number;
  instancesAlreadyStored: number;
  segments: number;
  rows: number;
  notes: string[];
}

export const GRANULARITIES = ["DAILY", "WEEKLY"] as const;

async function ongoingRequest(client: AscClient, appId: string, db: AnalyticsDatabase, notes: string[]): Promise<{ id: string; created: boolean }> {
  const found = await client.getAll<Collection<RequestAttributes>>(`/v1/apps/${encodeURIComponent(appId)}/analyticsReportRequests`, {
    "filter[accessType]": "ONGOING",
    limit: 200,
  });
  const active = found.data.filter((request) => request.attributes?.stoppedDueToInactivity !== true);
  const known = db.meta("requestId");
  const reuse = active.find((request) => request.id === known) ?? active[0];
  if (reuse) return { id: reuse.id, created: false };
  if (found.data.length > 0)
    notes.push("Apple stopped the analytics report request for inactivity; a new one was made (its first reports come 24 to 48 hours later)");
  try {
    const created = await client.post<{ data: Resource<RequestAttributes> }>("/v1/analyticsReportRequests", {
      data: { type: "analyticsReportRequests", attributes: { accessType: "ONGOING" }, relationships: { app: { data: { type: "apps", id: appId } } } },
    });
    if (found.data.length === 0) notes.push("made the app's ONGOING analytics report request; Apple makes its first reports 24 to 48 hours later");
    return { id: created.data.id, created: true };
  } catch (error) {
    if (error instanceof AscApiError && error.status === 403)
      throw new AnalyticsAccessError(
        "App Store Connect refused to make the app's analytics report request (403): making it needs an Admin API key, once. " +
          "Run `asc-gitops analytics` once with an Admin key; after that a Sales and Reports or Finance key can download the reports.",
      );
    throw error;
  }
}

/** All segments of one instance, read into rows; undefined when the instance has expired (404). */
async function instanceRows(
  client: AscClient,
  report: ReportDefinition,
  instanceId: string,
): Promise<{ rows: Array<Record<string, string>>; segments: number } | undefined> {
  let segments: Collection<SegmentAttributes>;
  try {
    segments = await client.getAll<Collection<SegmentAttributes>>(`/v1/analyticsReportInstances/${encodeURIComponent(instanceId)}/segments`, { limit: 200 });
  } catch (error) {
    if (error instanceof AscApiError && error.status === 404) return undefined;
    throw error;
  }
  const files = await mapWithConcurrency(segments.data, 4, async (segment, index) => {
    const url = segment.attributes?.url;
    const where = `segment ${index + 1} of instance ${instanceId}`;
    if (!url) throw new Error(`${where} of "${report.name}" has no download url`);
    let bytes: Uint8Array;
    try {
      bytes = await client.download(url);
    } catch (error) {
      if (/^404 /.test((error as Error).message)) return undefined;
      throw error;
    }
    const size = segment.attributes?.sizeInBytes;
    if (typeof size === "number" && size !== bytes.byteLength)
      throw new Error(`${where} of "${report.name}" is ${bytes.byteLength} bytes; App Store Connect said ${size}; run again`);
    return readSegment(bytes, report, where);
  });
  if (files.some((file) => file === undefined)) return undefined;
  return { rows: files.flatMap((file) => file!), segments: files.length };
}

export async function fetchAnalytics(client: AscClient, appId: string, db: AnalyticsDatabase, progress?: (line: string) => void): Promise<FetchResult> {
  const notes: string[] = [];
  const request = await ongoingRequest(client, appId, db, notes);
  db.setMeta("appId", appId);
  db.setMeta("requestId", request.id);
  const result: FetchResult = {
    requestId: request.id,
    createdRequest: request.created,
    instancesStored: 0,
    instancesAlreadyStored: 0,
    segments: 0,
    rows: 0,
    notes,
  };
  const reports = await client.getAll<Collection<{ name?: string }>>(`/v1/analyticsReportRequests/${encodeURIComponent(request.id)}/reports`, {
    "filter[name]": REPORTS.map((report) => report.name),
    limit: 200,
  });
  for (const wanted of REPORTS)
    if (!reports.data.some((report) => report.attributes?.name === wanted.name) && !request.created)
      notes.push(`App Store Connect lists no "${wanted.name}" report yet`);
  await mapWithConcurrency(reports.data, 3, async (report) => {
    const definition = reportByName(report.attributes?.name ?? "");
    if (!definition) return;
    for (const granularity of GRANULARITIES) {
      const instances = await client.getAll<Collection<InstanceAttributes>>(`/v1/analyticsReports/${encodeURIComponent(report.id)}/instances`, {
        "filter[granularity]": granularity,
        limit: 200,
      });
      const ordered = [...instances.data].sort((a, b) => (a.attributes?.processingDate ?? "").localeCompare(b.attributes?.processingDate ?? ""));
      for (const instance of ordered) {
        if (db.hasInstance(instance.id)) {
          result.instancesAlreadyStored++;
          continue;
        }
        const processingDate = instance.attributes?.processingDate ?? "";
        const read = await instanceRows(client, definition, instance.id);
        if (!read) {
          notes.push(
            `the ${granularity.toLowerCase()} "${definition.name}" instance of ${processingDate} expired before it was read (Apple keeps them 35 days)`,
          );
          continue;
        }
        db.ingest({ id: instance.id, report: definition, granularity: instance.attributes?.granularity ?? granularity, processingDate }, read.rows);
        result.instancesStored++;
        result.segments += read.segments;
        result.rows += read.rows.length;
        progress?.(`stored the ${granularity.toLowerCase()} "${definition.name}" of ${processingDate} (${read.rows.length} rows in ${read.segments} segments)`);
      }
    }
  });
  return result;
}
