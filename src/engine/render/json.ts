import type { Plan } from "../plan/plan.js";

/** The plan artifact: versioned, and byte-identical for identical inputs (the plan's order is deterministic). */
export function renderJson(plan: Plan): string {
  return `${JSON.stringify(plan, null, 2)}\n`;
}
