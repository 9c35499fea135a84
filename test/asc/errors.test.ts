import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { AscAmbiguousWriteError, AscApiError, AscNetworkError, formatErrorItem } from "../../src/asc/errors.js";
import { redact } from "../../src/asc/redact.js";

const request = { method: "PATCH", path: "/v1/appStoreVersionLocalizations/abc" };

describe("Apple's errors read as one line", () => {
  test("status, code, detail and pointer", () => {
    const body = JSON.stringify({
      errors: [
        {
          id: "1",
          status: "409",
          code: "ENTITY_ERROR.ATTRIBUTE.INVALID",
          title: "An attribute value is invalid.",
          detail: "keywords is too long",
          source: { pointer: "/data/attributes/keywords" },
        },
      ],
    });
    const error = new AscApiError(request, 409, "Conflict", body);
    assert.equal(error.message, "409 ENTITY_ERROR.ATTRIBUTE.INVALID: keywords is too long (at /data/attributes/keywords)");
    assert.equal(
      error.describe(),
      "PATCH /v1/appStoreVersionLocalizations/abc: 409 ENTITY_ERROR.ATTRIBUTE.INVALID: keywords is too long (at /data/attributes/keywords)",
    );
    assert.equal(error.code, "ENTITY_ERROR.ATTRIBUTE.INVALID");
    assert.ok(error.hasCode("ENTITY_ERROR"));
    assert.ok(!error.hasCode("ENTITY"));
  });

  test("a parameter error names the parameter; the title stands in for a missing detail", () => {
    assert.equal(
      formatErrorItem({ status: "400", code: "PARAMETER_ERROR.INVALID", title: "A parameter has an invalid value", source: { parameter: "filter[platform]" } }),
      "400 PARAMETER_ERROR.INVALID: A parameter has an invalid value (parameter filter[platform])",
    );
  });

  test("several errors are joined on the same line, and multi-line details are folded", () => {
    const body = JSON.stringify({
      errors: [
        { status: "409", code: "STATE_ERROR", title: "t", detail: "The version is not\nin an editable state" },
        { status: "409", code: "ENTITY_ERROR", title: "t", detail: "second" },
      ],
    });
    const error = new AscApiError(request, 409, "", body);
    assert.equal(error.message, "409 STATE_ERROR: The version is not in an editable state; 409 ENTITY_ERROR: second");
    assert.ok(!error.message.includes("\n"));
  });

  test("STATE_ERROR.ENTITY_STATE_INVALID shows each sub-error (meta.associatedErrors) with its resource, code, detail and pointer", () => {
    // The shape fastlane reads from App Store Connect's answers.
    const body = JSON.stringify({
      errors: [
        {
          id: "1",
          status: "409",
          code: "STATE_ERROR.ENTITY_STATE_INVALID",
          title: "appStoreVersions with id '123' is not in valid state.",
          detail: "This resource cannot be reviewed, please check associated errors to see why.",
          meta: {
            associatedErrors: {
              "/v1/appStoreVersions/123": [
                {
                  id: "2",
                  status: "409",
                  code: "ENTITY_ERROR.ATTRIBUTE.REQUIRED",
                  title: "The provided entity is missing a required attribute",
                  detail: "You must provide a value for the attribute 'supportUrl' with this request",
                  source: { pointer: "/data/attributes/supportUrl" },
                },
              ],
              "/v1/appScreenshotSets/": [
                {
                  id: "3",
                  status: "409",
                  code: "ENTITY_ERROR.RELATIONSHIP.REQUIRED",
                  title: "t",
                  detail: 'You must provide a screenshot for iPhone 6.9" Display',
                },
              ],
            },
          },
        },
      ],
    });
    const error = new AscApiError({ method: "POST", path: "/v1/reviewSubmissionItems" }, 409, "Conflict", body);
    assert.equal(
      error.message,
      "409 STATE_ERROR.ENTITY_STATE_INVALID: This resource cannot be reviewed, please check associated errors to see why. " +
        "[/v1/appStoreVersions/123: ENTITY_ERROR.ATTRIBUTE.REQUIRED: " +
        "You must provide a value for the attribute 'supportUrl' with this request (at /data/attributes/supportUrl); " +
        '/v1/appScreenshotSets/: ENTITY_ERROR.RELATIONSHIP.REQUIRED: You must provide a screenshot for iPhone 6.9" Display]',
    );
  });

  test("many sub-errors: the first ten are shown and the rest counted", () => {
    const sub = (index: number) => ({ status: "409", code: "ENTITY_ERROR.ATTRIBUTE.REQUIRED", title: "t", detail: `missing ${index}` });
    const associatedErrors = { "/v1/x": Array.from({ length: 13 }, (_, index) => sub(index)) };
    const body = JSON.stringify({
      errors: [{ status: "409", code: "STATE_ERROR.ENTITY_STATE_INVALID", title: "t", detail: "invalid", meta: { associatedErrors } }],
    });
    const message = new AscApiError(request, 409, "", body).message;
    assert.match(message, /missing 9; and 3 more\]$/);
    assert.doesNotMatch(message, /missing 10/);
  });

  test("an answer that is not Apple's document shows the status and a short text, or the status text for HTML", () => {
    assert.equal(new AscApiError(request, 502, "Bad Gateway", "<html><body>bad gateway</body></html>").message, "502 Bad Gateway");
    assert.equal(new AscApiError(request, 500, "Internal Server Error", "upstream timed out").message, "500 upstream timed out");
    assert.equal(new AscApiError(request, 503, "Service Unavailable", "").message, "503 Service Unavailable");
  });

  test("a token or key echoed by a server never reaches the message", () => {
    const jwt = "eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJ4In0.c2lnbmF0dXJl";
    const body = JSON.stringify({
      errors: [{ status: "401", code: "NOT_AUTHORIZED", title: "t", detail: `Bearer ${jwt} and -----BEGIN PRIVATE KEY-----\nMIGH\n-----END PRIVATE KEY-----` }],
    });
    const error = new AscApiError({ method: "GET", path: `/v1/apps?token=${jwt}` }, 401, "", body);
    for (const text of [error.message, error.describe()]) {
      assert.ok(!text.includes("eyJ"), text);
      assert.ok(!text.includes("-----BEGIN"), text);
    }
    assert.equal(redact(`x ${jwt} y`), "x [redacted token] y");
  });

  test("an unknown write outcome says to look before repeating", () => {
    const error = new AscAmbiguousWriteError(new AscNetworkError({ method: "POST", path: "/v1/appScreenshots" }, "dropped", "other side closed"));
    assert.equal(
      error.message,
      "outcome unknown after the connection dropped (other side closed); App Store Connect may have made the change, so look before repeating it",
    );
    assert.equal(error.request.method, "POST");
    assert.ok(error.cause instanceof AscNetworkError);
  });
});
