import assert from "node:assert/strict";
import path from "node:path";
import { describe, test } from "node:test";
import type { AnnotationProperties } from "@actions/core";
import {
  annotate,
  ANNOTATIONS_PER_TYPE,
  diagnosticFindings,
  runnerAnnotations,
  workspacePath,
  type AnnotationSink,
  type Finding,
} from "../../src/github/annotations.js";
import type { Diagnostic } from "../../src/contracts/diagnostics.js";

function recordingSink() {
  const calls: { level: string; message: string; properties?: AnnotationProperties }[] = [];
  const sink: AnnotationSink = {
    error: (message, properties) => calls.push({ level: "error", message, properties }),
    warning: (message, properties) => calls.push({ level: "warning", message, properties }),
    notice: (message, properties) => calls.push({ level: "notice", message, properties }),
    info: (message) => calls.push({ level: "info", message }),
  };
  return { calls, sink };
}

const finding = (level: Finding["level"], index: number): Finding => ({
  level,
  message: `${level} ${index}`,
  file: "metadata/en-US.yml",
  line: index + 1,
  column: 3,
});

describe("findings become annotations at the file and line", () => {
  test("a validation error is annotated at its file, line and column", () => {
    const workspace = path.resolve("/repo");
    const diagnostics: Diagnostic[] = [
      {
        severity: "error",
        rule: "keywords.length",
        file: "metadata/ja.yml",
        line: 4,
        column: 11,
        field: "keywords",
        message: "keywords is 112 characters; the App Store allows 100",
      },
      { severity: "warning", rule: "screenshot.extension", file: "screenshots/en-US/iphone-6.9/01.jpg", message: "is a PNG file named .jpg" },
      { severity: "notice", rule: "keywords.budget", file: "metadata/ja.yml", line: 4, column: 11, message: "30 characters unused" },
    ];
    const { calls, sink } = recordingSink();
    annotate(diagnosticFindings(diagnostics, workspace, workspace), sink);
    assert.deepEqual(calls, [
      {
        level: "error",
        message: "keywords is 112 characters; the App Store allows 100",
        properties: { title: "asc-gitops: keywords.length", file: "metadata/ja.yml", startLine: 4, startColumn: 11 },
      },
      {
        level: "warning",
        message: "is a PNG file named .jpg",
        properties: { title: "asc-gitops: screenshot.extension", file: "screenshots/en-US/iphone-6.9/01.jpg" },
      },
    ]);
  });

  test(`at most ${ANNOTATIONS_PER_TYPE} of each type; the log says how many more there are`, () => {
    const findings = [
      ...Array.from({ length: 25 }, (_, index) => finding("error", index)),
      ...Array.from({ length: 12 }, (_, index) => finding("warning", index)),
      finding("notice", 0),
    ];
    const { calls, sink } = recordingSink();
    const result = annotate(findings, sink);
    assert.equal(calls.filter((call) => call.level === "error").length, 10);
    assert.equal(calls.filter((call) => call.level === "warning").length, 10);
    assert.equal(calls.filter((call) => call.level === "notice").length, 1);
    assert.deepEqual(result.overflow, { error: 15, warning: 2, notice: 0 });
    const info = calls.filter((call) => call.level === "info").map((call) => call.message);
    assert.deepEqual(info, [
      "15 more errors are not annotated (GitHub shows 10 per type and step): every one is in the log above and in the job summary",
      "2 more warnings are not annotated (GitHub shows 10 per type and step): every one is in the log above and in the job summary",
    ]);
    assert.deepEqual(
      calls.filter((call) => call.level === "error").map((call) => call.message),
      Array.from({ length: 10 }, (_, index) => `error ${index}`),
      "the first ones, in order",
    );
  });

  test("paths are made relative to the workspace with forward slashes", () => {
    const workspace = path.resolve("/repo");
    assert.equal(workspacePath(path.join(workspace, "apps", "watch", "metadata", "en-US.yml"), workspace), "apps/watch/metadata/en-US.yml");
    assert.equal(workspacePath("metadata/en-US.yml", workspace, path.join(workspace, "apps")), "apps/metadata/en-US.yml");
  });

  test("the runner gets ::error commands with file, line and col", () => {
    const written: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => {
      written.push(String(chunk));
      return true;
    }) as typeof process.stdout.write;
    try {
      annotate(
        [{ level: "error", message: "keywords is 112 characters", title: "asc-gitops: keywords.length", file: "metadata/ja.yml", line: 4, column: 11 }],
        runnerAnnotations,
      );
    } finally {
      process.stdout.write = write;
    }
    assert.deepEqual(
      written.map((line) => line.trimEnd()),
      ["::error title=asc-gitops%3A keywords.length,file=metadata/ja.yml,line=4,col=11::keywords is 112 characters"],
    );
  });
});
