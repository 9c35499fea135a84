/**
 * metadata/review.yml: validation at file:line:column before any request, and
 * the diff of App Review information as a table of cases (pure: desired and
 * live in, changes and blocked changes out). The password never enters a
 * change: only the variable's name does.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { SharedLive } from "../../src/contracts/live-state.js";
import type { DesiredReviewDetail } from "../../src/resources/review-detail/desired.js";
import { reviewDesired } from "../../src/resources/review-detail/desired.js";
import { diffReviewDetail } from "../../src/resources/review-detail/diff.js";
import type { LiveReviewDetail } from "../../src/resources/review-detail/live.js";
import { fingerprint } from "../../src/resources/review-detail/secret.js";
import { makeRepo } from "../helpers/fixture-repo.js";

async function reviewLines(text: string): Promise<string[]> {
  const repo = await makeRepo({ metadata: { "review.yml": text } });
  try {
    return await repo.lines();
  } finally {
    await repo.cleanup();
  }
}

describe("metadata/review.yml is validated at file:line:column, with what to do", () => {
  test("a clean file has no finding, and is no locale file", async () => {
    const text = [
      "contact:",
      "  firstName: Jane",
      "  lastName: Appleseed",
      "  email: app-review@acme.example",
      '  phone: "+1 408 555 0123"',
      "notes: Open the app twice.",
      "demoAccount:",
      "  required: true",
      "  name: review@acme.example",
      "  password: { env: ASC_DEMO_PASSWORD }",
      "",
    ].join("\n");
    assert.deepEqual(await reviewLines(text), []);
  });

  const cases: { name: string; text: string; expected: RegExp }[] = [
    {
      name: "an email that is none",
      text: "contact:\n  email: jane.acme.example\n",
      expected: /^metadata\/review\.yml:2:10: contact\.email must be an email address such as app-review@example\.com, not "jane\.acme\.example"/,
    },
    {
      name: "a phone without + and the country code",
      text: 'contact:\n  phone: "408 555 0123"\n',
      expected: /^metadata\/review\.yml:2:10: contact\.phone must be a phone number with \+ and the country code, such as "\+1 408 555 0123"/,
    },
    {
      name: "a literal password",
      text: "demoAccount:\n  name: review\n  password: hunter22\n",
      expected: /^metadata\/review\.yml:3:13: demoAccount\.password must not be written in the repository; write password: \{ env: ASC_DEMO_PASSWORD \}/,
    },
    {
      name: "notes over 4,000 characters",
      text: `notes: ${"a".repeat(4001)}\n`,
      expected: /^metadata\/review\.yml:1:8: notes is 4,?001 characters; the App Store allows 4000/,
    },
    {
      name: "an unknown key, with did-you-mean",
      text: "contact:\n  e_mail: jane@acme.example\n",
      expected: /^metadata\/review\.yml:2:3: unknown key "e_mail" in contact; did you mean "email"\?/,
    },
    {
      name: "an unknown top-level key",
      text: "demoAcount:\n  required: false\n",
      expected: /^metadata\/review\.yml:1:1: unknown key "demoAcount"; did you mean "demoAccount"\?/,
    },
    {
      name: "an attachment, not supported yet",
      text: "attachment: review/demo.mov\n",
      expected: /^metadata\/review\.yml:1:1: attachment is not supported yet: upload the file in App Store Connect and remove the key/,
    },
    {
      name: "a required demo account without its password",
      text: "demoAccount:\n  required: true\n  name: review@acme.example\n",
      expected: /^metadata\/review\.yml:2:3: demoAccount\.required is true but demoAccount\.password is missing/,
    },
  ];
  for (const { name, text, expected } of cases)
    test(name, async () => {
      const lines = await reviewLines(text);
      assert.ok(
        lines.some((line) => expected.test(line)),
        lines.join("\n"),
      );
    });
});

const SOURCES = { file: "metadata/review.yml", positions: { notes: { line: 6, column: 1 }, demoAccountPassword: { line: 10, column: 3 } } };
const editable: SharedLive = {
  app: { id: "1", bundleId: "com.acme.fitness", platform: "IOS" },
  version: { id: "v-2.4.0", versionString: "2.4.0", state: "PREPARE_FOR_SUBMISSION", editable: true },
  isFirstVersion: false,
};
const inReview: SharedLive = { ...editable, version: { id: "v-2.4.0", versionString: "2.4.0", state: "WAITING_FOR_REVIEW", editable: false } };
const liveDetail = (values: LiveReviewDetail["values"], password: string | null = null): LiveReviewDetail => ({
  id: "rd-1",
  values,
  passwordFingerprint: password === null ? null : fingerprint(password),
});

describe("the diff of App Review information", () => {
  const rows: {
    name: string;
    desired: Partial<DesiredReviewDetail>;
    live: LiveReviewDetail | null;
    shared?: SharedLive;
    changes: string[];
    blocked: string[];
  }[] = [
    { name: "equal: no change", desired: { values: { notes: "Hi" } }, live: liveDetail({ notes: "Hi" }), changes: [], blocked: [] },
    {
      name: "one field differs: one update with it alone",
      desired: { values: { notes: "New", contactEmail: "a@b.example" } },
      live: liveDetail({ notes: "Old", contactEmail: "a@b.example" }),
      changes: ["review-detail-update notes:Old→New"],
      blocked: [],
    },
    {
      name: "none live: one create with every field",
      desired: { values: { notes: "New", demoAccountRequired: false } },
      live: null,
      changes: ["review-detail-create notes:null→New demoAccountRequired:null→false"],
      blocked: [],
    },
    { name: '"" where none is held: no change', desired: { values: { notes: "" } }, live: liveDetail({ notes: null }), changes: [], blocked: [] },
    {
      name: "the password equals live: no change",
      desired: { values: {}, password: { env: "ASC_DEMO_PASSWORD", fingerprint: fingerprint("s3cret!") } },
      live: liveDetail({}, "s3cret!"),
      changes: [],
      blocked: [],
    },
    {
      name: "the password differs: sent from its variable",
      desired: { values: {}, password: { env: "ASC_DEMO_PASSWORD", fingerprint: fingerprint("new-one") } },
      live: liveDetail({}, "s3cret!"),
      changes: ["review-detail-update password:ASC_DEMO_PASSWORD"],
      blocked: [],
    },
    {
      name: "no live password (App Store Connect returned none): sent",
      desired: { values: {}, password: { env: "ASC_DEMO_PASSWORD", fingerprint: fingerprint("new-one") } },
      live: liveDetail({}),
      changes: ["review-detail-update password:ASC_DEMO_PASSWORD"],
      blocked: [],
    },
    {
      name: "the variable is not set: the password alone is blocked, naming it",
      desired: { values: { notes: "New" }, password: { env: "ASC_DEMO_PASSWORD" } },
      live: liveDetail({ notes: "Old" }),
      changes: ["review-detail-update notes:Old→New"],
      blocked: ["demoAccountPassword metadata/review.yml:10 ASC_DEMO_PASSWORD is not set"],
    },
    {
      name: "the version is in review: every difference is blocked",
      desired: { values: { notes: "New" } },
      live: liveDetail({ notes: "Old" }),
      shared: inReview,
      changes: [],
      blocked: ["notes metadata/review.yml:6 version 2.4.0 is WAITING_FOR_REVIEW"],
    },
  ];
  for (const row of rows)
    test(row.name, () => {
      const desired: DesiredReviewDetail = { values: {}, sources: SOURCES, ...row.desired };
      const result = diffReviewDetail(desired, { ...(row.shared ?? editable), reviewDetail: row.live });
      assert.deepEqual(
        result.changes.map((change) =>
          [
            change.kind,
            ...change.fields.map((field) => `${field.attribute}:${String(field.before)}→${String(field.after)}`),
            ...(change.password ? [`password:${change.password.env}`] : []),
          ].join(" "),
        ),
        row.changes,
      );
      assert.deepEqual(
        result.blocked.map((item) => `${item.field} ${item.source?.file}:${item.source?.line} ${item.reason}`.slice(0, row.blocked[0]?.length ?? 0)),
        row.blocked.map((line) => line),
      );
      assert.doesNotMatch(JSON.stringify(result), /s3cret!|new-one/, "no password in a change");
    });

  test("the desired slice holds the variable's name and a fingerprint, never the value", async () => {
    const repo = await makeRepo({ metadata: { "review.yml": "demoAccount:\n  required: true\n  name: r\n  password: { env: TEST_REVIEW_PASSWORD }\n" } });
    process.env.TEST_REVIEW_PASSWORD = "very-secret-value";
    try {
      const { files } = await repo.validate();
      const desired = reviewDesired(files);
      assert.equal(desired.reviewDetail?.password?.env, "TEST_REVIEW_PASSWORD");
      assert.equal(desired.reviewDetail?.password?.fingerprint, fingerprint("very-secret-value"));
      assert.doesNotMatch(JSON.stringify(desired), /very-secret-value/);
      delete process.env.TEST_REVIEW_PASSWORD;
      assert.equal(reviewDesired(files).reviewDetail?.password?.fingerprint, undefined);
    } finally {
      delete process.env.TEST_REVIEW_PASSWORD;
      await repo.cleanup();
    }
  });
});
