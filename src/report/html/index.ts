/** Writes the HTML report of a plan (plan --html FILE, apply --html FILE, the action's report-html): pictures fetched and embedded, then the page. */
import type { Plan } from "../../contracts/plan.js";
import type { AnyResource } from "../../contracts/resource.js";
import type { Renditions } from "../../pipeline/renditions.js";
import { writeFileAtomic } from "../../util/atomic-file.js";
import { planMedia } from "../media.js";
import { embedImages } from "./images.js";
import { renderHtml } from "./render.js";

export interface HtmlReportOptions {
  plan: Plan;
  title: "plan" | "apply";
  /** The live state the plan was made against: without it, no pictures. */
  live?: object;
  renditions?: Renditions;
  problems?: readonly string[];
  outcome?: readonly string[];
  /** What the plan's file paths are relative to (default: the working directory). */
  cwd?: string;
  resources?: readonly AnyResource[];
}

export async function htmlReport(options: HtmlReportOptions): Promise<string> {
  const media = planMedia(options.plan, options.live, options.resources);
  const images = await embedImages([...media.values()].flat(), options.renditions ?? new Map(), options.cwd ? { cwd: options.cwd } : {});
  return renderHtml({
    plan: options.plan,
    title: options.title,
    media,
    images,
    ...(options.problems ? { problems: options.problems } : {}),
    ...(options.outcome ? { outcome: options.outcome } : {}),
    ...(options.resources ? { resources: options.resources } : {}),
  });
}

export async function writeHtmlReport(file: string, options: HtmlReportOptions): Promise<void> {
  await writeFileAtomic(file, await htmlReport(options));
}
