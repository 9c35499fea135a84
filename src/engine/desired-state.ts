/**
 * The DesiredState (DESIGN.md §5): the app config and each resource's slice,
 * taken by the registered resources from the loaded files.
 */
import type { LoadedFiles } from "../contracts/files.js";
import type { AnyResource } from "../contracts/resource.js";
import { RESOURCES, type DesiredState } from "../resources/index.js";

export type { DesiredState };

export function buildDesiredState(files: LoadedFiles, resources: readonly AnyResource[] = RESOURCES): DesiredState {
  const desired: Record<string, unknown> = { app: files.app };
  for (const resource of resources) Object.assign(desired, resource.desired(files));
  return desired as unknown as DesiredState;
}
