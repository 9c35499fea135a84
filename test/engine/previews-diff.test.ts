import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { DiffContext } from "../../src/contracts/resource.js";
import type { AppStoreLocale } from "../../src/model/locales.js";
import type { DesiredPreview } from "../../src/resources/previews/desired.js";
import { diffPreviews } from "../../src/resources/previews/diff.js";
import type { LivePreview } from "../../src/resources/previews/live.js";

const CONTEXT: DiffContext = { today: "2026-11-24", prune: false, managedLocales: new Set(["en-US"]) };

const file = (name: string, checksum: string, posterFrame = "00:00:05:00"): DesiredPreview => ({
  fileName: name,
  file: `previews/en-US/iphone-6.9/${name}`,
  absolutePath: `/repo/previews/en-US/iphone-6.9/${name}`,
  fileSize: 1000,
  checksum,
  mimeType: "video/mp4",
  duration: 16,
  width: 886,
  height: 1920,
  posterFrame,
});

const live = (id: string, name: string, checksum: string | null, overrides: Partial<LivePreview> = {}): LivePreview => ({
  id,
  fileName: name,
  fileSize: 1000,
  checksum,
  state: "COMPLETE",
  frameState: "COMPLETE",
  posterFrame: "00:00:05:00",
  ...overrides,
});

function plan(files: DesiredPreview[], previews: LivePreview[]) {
  const desired = {
    app: { app: { bundleId: "com.acme.fitness", platform: "IOS" as const }, prune: false },
    previewSets: [{ locale: "en-US" as AppStoreLocale, previewType: "IPHONE_67", folder: "previews/en-US/iphone-6.9", previews: files }],
    versionLocalizations: [],
  };
  const state = {
    version: { id: "v", versionString: "2.4.0", state: "PREPARE_FOR_SUBMISSION", editable: true },
    versionLocalizations: [{ id: "vl", locale: "en-US", fields: {} }],
    previewSets: [{ id: "set", locale: "en-US", localizationId: "vl", previewType: "IPHONE_67", previews }],
  };
  return diffPreviews(desired as never, state as never, CONTEXT);
}

describe("the preview plan", () => {
  test("an unchanged set has nothing to do; a processed video whose poster frame differs gets it set", () => {
    assert.deepEqual(plan([file("01.mp4", "a")], [live("p1", "01.mp4", "a")]).changes, []);
    const poster = plan([file("01.mp4", "a", "00:00:03:00")], [live("p1", "01.mp4", "a")]).changes;
    assert.deepEqual(
      poster.map((change) => [change.kind, "before" in change ? change.before : "", "after" in change ? change.after : ""]),
      [["preview-poster", "00:00:05:00", "00:00:03:00"]],
    );
  });

  test("a video still processing (no checksum, or the poster frame not drawn) is pending, never uploaded again", () => {
    const processing = plan([file("01.mp4", "a")], [live("p1", "01.mp4", null, { state: "PROCESSING", frameState: "PROCESSING" })]);
    assert.deepEqual(processing.changes, []);
    assert.deepEqual(processing.pending, [{ locale: "en-US", displayType: "IPHONE_67", fileName: "01.mp4" }]);
    const frame = plan([file("01.mp4", "a")], [live("p1", "01.mp4", "a", { frameState: "PROCESSING" })]);
    assert.deepEqual(frame.changes, []);
    assert.equal(frame.pending?.length, 1);
  });

  test("a renamed video is a reorder; an abandoned reservation and a failed video go; a new file is uploaded at its place", () => {
    const result = plan(
      [file("01-new.mp4", "c"), file("02.mp4", "b"), file("03.mp4", "a")],
      [
        live("p1", "01.mp4", "a"),
        live("p2", "02.mp4", "b"),
        live("p3", "x.mp4", null, { state: "AWAITING_UPLOAD", frameState: null }),
        live("p4", "y.mp4", null, { state: "FAILED", errors: ["VIDEO_DURATION_INVALID: too short"] }),
      ],
    );
    assert.deepEqual(
      result.changes.map((change) => [change.kind, "fileName" in change ? change.fileName : "", "reason" in change ? change.reason : ""]),
      [
        ["preview-upload", "01-new.mp4", ""],
        ["preview-reorder", "", ""],
        ["preview-delete", "x.mp4", "stale-reservation"],
        ["preview-delete", "y.mp4", "failed-processing"],
      ],
    );
  });
});
