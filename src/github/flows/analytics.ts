/**
 * command: analytics: the app's analytics reports fetched into the database
 * file (analytics-db; the workflow keeps it between runs), the dashboard
 * written to the run's temporary folder (the dashboard output, for an
 * artifact or GitHub Pages), and the Markdown summary as the job summary.
 * It only reads App Store Connect, and makes the report request once.
 */
import path from "node:path";
import { runAnalytics } from "../../analytics/run.js";
import { failureMarkdown } from "../../report/markdown/validation.js";
import { footerLine } from "../../report/markdown/parts.js";
import { log } from "../log.js";
import { artifactPath, NO_PLAN_OUTPUTS, runOptions, type Outcome, type Run } from "../run.js";

export async function analyticsFlow(current: Run): Promise<Outcome> {
  const { config, environment, route } = current;
  const outputs = { ...NO_PLAN_OUTPUTS, dashboard: "" };
  if (route.withoutCredentials) {
    const message = `analytics is not run: ${route.withoutCredentials}`;
    return { summary: failureMarkdown("asc-gitops analytics", message, current.footer), failure: message, outputs };
  }
  try {
    const options = await runOptions(current);
    const outDir = artifactPath(current, "dashboard");
    const result = await runAnalytics({
      metadataDir: config.metadataPath,
      metadataChoice: config.folders.metadata,
      screenshotsDir: config.screenshotsPath,
      dbFile: path.resolve(environment.workspace, config.analyticsDb),
      days: config.analyticsDays,
      outDir,
      connection: options.connection,
      repositoryDir: environment.workspace,
      progress: (line) => log.info(line),
    });
    for (const note of result.fetch.notes) log.notice(note);
    log.info(
      `Stored ${result.fetch.instancesStored} new report instances (${result.fetch.rows} rows); ${result.fetch.instancesAlreadyStored} were stored before.`,
    );
    return { summary: `${result.markdown}\n${footerLine(current.footer)}\n`, outputs: { ...outputs, dashboard: outDir } };
  } catch (error) {
    const message = `analytics failed: ${error instanceof Error ? error.message : String(error)}`;
    return { summary: failureMarkdown("asc-gitops analytics", message, current.footer), failure: message, outputs };
  }
}
