/**
 * Analytics reports: requests per app (creating one needs an Admin key: 403
 * otherwise; a second active ONGOING request is refused, as is a second
 * ONE_TIME_SNAPSHOT within a month [both unconfirmed in shape]), their
 * reports, instances and segments, brought up to the sandbox's clock before
 * every answer (analytics/materialize.ts).
 */
import { deleteRequest, materializeAnalytics } from "../analytics/materialize.js";
import { entityProblems, errors } from "../errors.js";
import type { AnalyticsReportRequestRecord } from "../store/records.js";
import {
  applyFilters,
  linkages,
  list,
  matchesAny,
  mustFind,
  noContent,
  ok,
  pathId,
  relatedId,
  resourceBody,
  type Handler,
  type HandlerContext,
} from "./context.js";

const MONTH = 30 * 86_400_000;

/** Materializes first; a GET that made instances appear commits them too, so that ids stay the same across restarts. */
async function current(context: HandlerContext): Promise<void> {
  if (materializeAnalytics(context.store, context.settings.clock())) await context.store.commit();
}

const requestsOf = (context: HandlerContext, appId: string) => context.store.tables.analyticsReportRequests.where((request) => request.appId === appId);

export const analyticsHandlers = {
  apps_analyticsReportRequests_getToManyRelated: async (context) => {
    const app = mustFind(context, "apps", pathId(context));
    await current(context);
    const found = applyFilters(context, requestsOf(context, app.id), { accessType: (request, values) => matchesAny(request.accessType, values) });
    return list(context, "analyticsReportRequests", found);
  },
  apps_analyticsReportRequests_getToManyRelationship: async (context) => {
    const app = mustFind(context, "apps", pathId(context));
    await current(context);
    return linkages(
      context,
      "analyticsReportRequests",
      requestsOf(context, app.id).map((request) => request.id),
    );
  },
  analyticsReportRequests_createInstance: async (context) => {
    if (context.settings.keyRole !== "ADMIN") throw errors.forbidden();
    const body = resourceBody(context);
    const appId = relatedId(body, "app")!;
    if (!context.store.tables.apps.get(appId))
      throw errors.entity([entityProblems.relationshipInvalid("app", `'${appId}' is not a valid ID for this relationship.`)]);
    const accessType = body.attributes.accessType as AnalyticsReportRequestRecord["accessType"];
    const now = context.settings.clock();
    const existing = requestsOf(context, appId).filter((request) => request.accessType === accessType);
    if (accessType === "ONGOING" && existing.some((request) => !request.stoppedDueToInactivity))
      throw errors.entity([
        entityProblems.invalid("accessType", "You already have such an entity. An ONGOING analytics report request exists for this app; use it."),
      ]);
    if (accessType === "ONE_TIME_SNAPSHOT" && existing.some((request) => now - request.createdAt < MONTH))
      throw errors.entity([entityProblems.invalid("accessType", "A ONE_TIME_SNAPSHOT analytics report request can be made once a month.")]);
    const record: AnalyticsReportRequestRecord = { id: context.store.newId(), appId, accessType, stoppedDueToInactivity: false, createdAt: now };
    context.store.tables.analyticsReportRequests.insert(record);
    materializeAnalytics(context.store, now);
    await context.store.commit();
    return ok(context, "analyticsReportRequests", record, 201);
  },
  analyticsReportRequests_getInstance: async (context) => {
    await current(context);
    return ok(context, "analyticsReportRequests", mustFind(context, "analyticsReportRequests", pathId(context)));
  },
  analyticsReportRequests_deleteInstance: async (context) => {
    const request = mustFind(context, "analyticsReportRequests", pathId(context));
    deleteRequest(context.store, request.id);
    await context.store.commit();
    return noContent;
  },
  analyticsReportRequests_reports_getToManyRelated: async (context) => {
    await current(context);
    const request = mustFind(context, "analyticsReportRequests", pathId(context));
    const reports = context.store.tables.analyticsReports.where((report) => report.requestId === request.id);
    const found = applyFilters(context, reports, {
      name: (report, values) => matchesAny(report.name, values),
      category: (report, values) => matchesAny(report.category, values),
    });
    return list(context, "analyticsReports", found);
  },
  analyticsReportRequests_reports_getToManyRelationship: async (context) => {
    await current(context);
    const request = mustFind(context, "analyticsReportRequests", pathId(context));
    const ids = context.store.tables.analyticsReports.where((report) => report.requestId === request.id).map((report) => report.id);
    return linkages(context, "analyticsReports", ids);
  },
  analyticsReports_getInstance: async (context) => {
    await current(context);
    return ok(context, "analyticsReports", mustFind(context, "analyticsReports", pathId(context)));
  },
  analyticsReports_instances_getToManyRelated: async (context) => {
    await current(context);
    const report = mustFind(context, "analyticsReports", pathId(context));
    const instances = context.store.tables.analyticsReportInstances
      .where((instance) => instance.reportId === report.id)
      .sort((a, b) => a.processingDate.localeCompare(b.processingDate));
    const found = applyFilters(context, instances, {
      granularity: (instance, values) => matchesAny(instance.granularity, values),
      processingDate: (instance, values) => matchesAny(instance.processingDate, values),
    });
    return list(context, "analyticsReportInstances", found);
  },
  analyticsReports_instances_getToManyRelationship: async (context) => {
    await current(context);
    const report = mustFind(context, "analyticsReports", pathId(context));
    const ids = context.store.tables.analyticsReportInstances.where((instance) => instance.reportId === report.id).map((instance) => instance.id);
    return linkages(context, "analyticsReportInstances", ids);
  },
  analyticsReportInstances_getInstance: async (context) => {
    await current(context);
    return ok(context, "analyticsReportInstances", mustFind(context, "analyticsReportInstances", pathId(context)));
  },
  analyticsReportInstances_segments_getToManyRelated: async (context) => {
    await current(context);
    const instance = mustFind(context, "analyticsReportInstances", pathId(context));
    const segments = context.store.tables.analyticsReportSegments.where((segment) => segment.instanceId === instance.id).sort((a, b) => a.part - b.part);
    return list(context, "analyticsReportSegments", segments);
  },
  analyticsReportInstances_segments_getToManyRelationship: async (context) => {
    await current(context);
    const instance = mustFind(context, "analyticsReportInstances", pathId(context));
    const ids = context.store.tables.analyticsReportSegments.where((segment) => segment.instanceId === instance.id).map((segment) => segment.id);
    return linkages(context, "analyticsReportSegments", ids);
  },
  analyticsReportSegments_getInstance: async (context) => {
    await current(context);
    return ok(context, "analyticsReportSegments", mustFind(context, "analyticsReportSegments", pathId(context)));
  },
} satisfies Record<string, Handler>;
