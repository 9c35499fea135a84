/**
 * The pictures a plan shows (DESIGN.md §16), as each change's resource says
 * (describe.media): renderers draw them without knowing any kind. Live pictures
 * are Apple's renditions, asked for at the size shown.
 */
import type { Plan, PlanChange } from "../contracts/plan.js";
import type { AnyResource, ChangeMedia, LiveImage } from "../contracts/resource.js";
import { ownerOrThrow } from "../engine/owners.js";
import { RESOURCES } from "../resources/index.js";

/** Each change's pictures, for the changes that have any. */
export function planMedia(
  plan: Pick<Plan, "changes">,
  live: object | undefined,
  resources: readonly AnyResource[] = RESOURCES,
): Map<PlanChange, ChangeMedia[]> {
  const media = new Map<PlanChange, ChangeMedia[]>();
  if (!live) return media;
  for (const change of plan.changes) {
    const pictures = ownerOrThrow(change, resources).describe.media?.(change, live) ?? [];
    if (pictures.length) media.set(change, pictures);
  }
  return media;
}

/** A locale's pictures by group (a set), each group in App Store order. */
export function mediaGroups(changes: readonly PlanChange[], media: ReadonlyMap<PlanChange, ChangeMedia[]>): Map<string, ChangeMedia[]> {
  const groups = new Map<string, ChangeMedia[]>();
  for (const change of changes)
    for (const item of media.get(change) ?? []) {
      const group = groups.get(item.group);
      if (group) group.push(item);
      else groups.set(item.group, [item]);
    }
  // Removed pictures stand where they stood live, before what takes their place.
  for (const items of groups.values()) items.sort((a, b) => a.position - b.position || Number(b.mark === "removed") - Number(a.mark === "removed"));
  return groups;
}

/** The rendition `width` pixels wide (height kept in proportion), as `jpg` or `png`: the template's {w}x{h} and {f} filled. */
export function renditionUrl(image: LiveImage, width: number, format: "jpg" | "png" = "jpg"): string {
  const w = Math.min(width, image.width);
  const h = Math.max(1, Math.round((image.height * w) / image.width));
  return image.templateUrl.replace("{w}", String(w)).replace("{h}", String(h)).replace("{f}", format);
}

/** "new", "replaced", "removed", "moved from 3": what happens to a picture, in words. */
export function markWords(item: ChangeMedia): string {
  return item.mark === "moved" ? `moved from ${item.movedFrom ?? "?"}` : item.mark;
}
