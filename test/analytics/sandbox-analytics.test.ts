/**
 * The sandbox's analytics behave as App Store Connect's: a new request's
 * first instance comes 24 to 48 hours later on its clock, instances expire
 * after 35 days (then 404), several segments per instance, columns in
 * another order between instances, and a non-Admin key cannot make a request.
 */
import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { test } from "node:test";
import { gunzipSync } from "node:zlib";
import { AnalyticsDatabase } from "../../src/analytics/database.js";
import { AnalyticsAccessError, fetchAnalytics } from "../../src/analytics/fetch.js";
import { analyticsSandbox, DAY } from "./helpers.js";

const HOUR = 3_600_000;

test("a new request's first instance arrives 24 to 48 hours later; instances expire after 35 days and then answer 404", async () => {
  const run = await analyticsSandbox({ empty: true });
  try {
    const made = await run.api.post("/v1/analyticsReportRequests", {
      data: { type: "analyticsReportRequests", attributes: { accessType: "ONGOING" }, relationships: { app: { data: { type: "apps", id: run.appId } } } },
    });
    assert.equal(made.status, 201);
    const reports = await run.api.get(`/v1/analyticsReportRequests/${made.body.data.id}/reports?filter[name]=App Downloads Standard`);
    const reportId = reports.body.data[0].id;
    const daily = async () => (await run.api.get(`/v1/analyticsReports/${reportId}/instances?filter[granularity]=DAILY`)).body.data;
    run.advance(23 * HOUR);
    assert.deepEqual(await daily(), [], "nothing within 24 hours");
    run.advance(26 * HOUR);
    const first = await daily();
    assert.ok(first.length >= 1, "something within 48 hours");
    const segments = (await run.api.get(`/v1/analyticsReportInstances/${first[0].id}/segments`)).body.data;
    assert.ok(segments.length >= 2, "several segments");
    const header = async (url: string) =>
      gunzipSync(Buffer.from(await (await fetch(url)).arrayBuffer()))
        .toString("utf8")
        .split("\n")[0];
    run.advance(2 * DAY);
    const later = await daily();
    const laterSegments = (await run.api.get(`/v1/analyticsReportInstances/${later.at(-1).id}/segments`)).body.data;
    const [one, two] = [(await header(segments[0].attributes.url)) ?? "", (await header(laterSegments[0].attributes.url)) ?? ""];
    assert.deepEqual(one.split("\t").sort(), two.split("\t").sort(), "the same columns");
    assert.notEqual(one, two, "in another order");
    run.advance(36 * DAY);
    assert.equal((await run.api.get(`/v1/analyticsReportInstances/${first[0].id}/segments`)).status, 404);
    assert.equal((await fetch(segments[0].attributes.url)).status, 404);
    assert.ok(!(await daily()).some((instance: any) => instance.id === first[0].id));
  } finally {
    await run.dispose();
  }
});

test("a key that is not an Admin's cannot make the request: the command says an Admin key is needed once", async () => {
  const run = await analyticsSandbox({ empty: true, keyRole: "SALES" });
  try {
    // Seeded empty: the app has no request yet.
    const db = await AnalyticsDatabase.open(run.dbFile);
    await assert.rejects(fetchAnalytics(run.client, run.appId, db), (error: unknown) => {
      assert.ok(error instanceof AnalyticsAccessError);
      assert.match(error.message, /needs an Admin API key, once/);
      return true;
    });
  } finally {
    await run.dispose();
  }
});

test("a request Apple stopped for inactivity is replaced by a new one", async () => {
  const first = await analyticsSandbox();
  const statePath = first.sandbox.statePath;
  const folder = first.folder;
  await first.sandbox.close();
  const state = JSON.parse(await readFile(statePath, "utf8"));
  for (const request of state.analyticsReportRequests) request.stoppedDueToInactivity = true;
  await writeFile(statePath, JSON.stringify(state));
  const { startTestSandbox } = await import("../sandbox/helpers/sandbox.js");
  const again = await startTestSandbox({}, folder);
  const { loadCredentials } = await import("../../src/asc/credentials.js");
  const { AscClient } = await import("../../src/asc/client.js");
  const client = new AscClient({ baseUrl: again.sandbox.url, credentials: await loadCredentials(again.sandbox) });
  try {
    const db = await AnalyticsDatabase.open(path.join(folder, "db.sqlite"));
    const result = await fetchAnalytics(client, first.appId, db);
    assert.equal(result.createdRequest, true);
    assert.match(result.notes.join("\n"), /stopped the analytics report request for inactivity; a new one was made/);
    const active = (await again.api.get(`/v1/apps/${first.appId}/analyticsReportRequests?filter[accessType]=ONGOING`)).body.data.filter(
      (request: any) => !request.attributes.stoppedDueToInactivity,
    );
    assert.deepEqual(
      active.map((request: any) => request.id),
      [result.requestId],
    );
  } finally {
    client.close();
    await again.dispose();
    await first.dispose();
  }
});
