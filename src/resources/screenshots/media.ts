/**
 * The pictures of screenshot changes (DESIGN.md §16): each upload beside the
 * live screenshot it replaces, each removed one, each one moved, at its
 * position in App Store order. Live pictures come from the renditions the
 * plan's read asked for (ReadOptions.withImages); a replaced screenshot is
 * shown once, by its upload.
 */
import type { ChangeMedia } from "../../contracts/resource.js";
import { displayName } from "../../model/display-types.js";
import type { ScreenshotChange } from "./changes.js";
import type { LiveScreenshot, LiveScreenshots, LiveScreenshotSet } from "./live.js";

const groupOf = (displayType: string) => `${displayName(displayType)} screenshots`;

function liveSet(live: Partial<LiveScreenshots>, change: ScreenshotChange): LiveScreenshotSet | undefined {
  if (change.kind === "screenshot-set-delete") return live.screenshotSets?.find((set) => set.id === change.setId);
  return live.screenshotSets?.find((set) => set.locale === change.locale && set.displayType === change.displayType);
}

const livePicture = (shot: LiveScreenshot | undefined): ChangeMedia["live"] => (shot?.image ? { ...shot.image, name: shot.fileName } : undefined);

const withLive = (media: ChangeMedia, shot: LiveScreenshot | undefined): ChangeMedia => {
  const picture = livePicture(shot);
  return picture ? { ...media, live: picture } : media;
};

export function screenshotMedia(change: ScreenshotChange, live: Partial<LiveScreenshots>): ChangeMedia[] {
  const set = liveSet(live, change);
  const shots = set?.screenshots ?? [];
  const group = groupOf(change.displayType);
  switch (change.kind) {
    case "screenshot-set-create":
      return [];
    case "screenshot-upload": {
      const replaced = change.replaces ? shots.find((shot) => shot.id === change.replaces) : undefined;
      const media: ChangeMedia = {
        group,
        position: change.position,
        mark: change.replaces ? "replaced" : "new",
        next: { file: change.file, name: change.fileName },
      };
      return [withLive(media, replaced)];
    }
    case "screenshot-delete": {
      if (change.reason === "replaced") return [];
      const index = shots.findIndex((shot) => shot.id === change.screenshotId);
      return [withLive({ group, position: index + 1, mark: "removed" }, shots[index])];
    }
    case "screenshot-set-delete":
      return shots.map((shot, index) => withLive({ group, position: index + 1, mark: "removed" }, shot));
    case "screenshot-reorder": {
      const folder = change.source?.file;
      return change.after.flatMap((name, index): ChangeMedia[] => {
        const from = change.before.indexOf(name);
        if (from < 0 || from === index) return [];
        const shot = shots.find((item) => item.checksum !== null && item.checksum === change.checksums[index]);
        // From where it stands live, when it is live already (else where App Store Connect puts it once the uploads are in).
        const media: ChangeMedia = { group, position: index + 1, mark: "moved", movedFrom: shot ? shots.indexOf(shot) + 1 : from + 1 };
        return [withLive(folder ? { ...media, next: { file: `${folder}/${name}`, name } } : media, shot)];
      });
    }
  }
}
