/**
 * The sandbox's upload path, where `uploadOperations` send their bytes:
 * `PUT /upload/<screenshot id>/<part number>?key=<secret>`. Like Apple's
 * upload URLs it needs no bearer token: the secret in the URL is the
 * permission, and a request that carries an Authorization header anyway is
 * refused, so a client that leaks its token to the upload host finds out.
 * A part may carry at most its operation's length: a larger one is refused
 * with 413 as soon as that shows (its Content-Length, or the byte past the
 * length), and the connection is closed instead of reading the rest.
 */
import type { IncomingMessage } from "node:http";
import { Readable } from "node:stream";
import { ApiError } from "../errors.js";
import type { AssetFiles } from "../store/assets.js";
import type { Store } from "../store/store.js";

const UPLOAD_PATH = /^\/upload\/([^/]+)\/([0-9]+)$/;

function uploadError(status: number, code: string, title: string, detail: string): ApiError {
  return new ApiError(status, [{ status: String(status), code, title, detail }]);
}

function tooLarge(detail: string): ApiError {
  return new ApiError(413, [{ status: "413", code: "UPLOAD_ERROR.TOO_LARGE", title: "The upload operation carries too many bytes", detail }], {
    Connection: "close",
  });
}

/**
 * The request's bytes as they are read, failing at the first byte past `limit`
 * (nothing is held back). The request itself is left open when that happens,
 * so that the 413 can still be sent on its connection.
 */
async function* atMost(request: IncomingMessage, limit: number): AsyncGenerator<Buffer> {
  let seen = 0;
  for await (const chunk of request.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
    seen += chunk.length;
    if (seen > limit) throw tooLarge(`The upload operation takes ${limit} bytes; more arrived.`);
    yield chunk;
  }
}

export function isUploadPath(pathname: string): boolean {
  return UPLOAD_PATH.test(pathname);
}

export async function receiveUpload(request: IncomingMessage, url: URL, store: Store, assets: AssetFiles): Promise<{ status: number }> {
  const [, id, number] = UPLOAD_PATH.exec(url.pathname)!;
  if (request.method !== "PUT") throw uploadError(405, "UPLOAD_ERROR.METHOD", "Upload operations use PUT", `${request.method} is not an upload method`);
  if (request.headers.authorization !== undefined) {
    throw uploadError(
      400,
      "UPLOAD_ERROR.AUTHORIZATION_NOT_ALLOWED",
      "Upload operations take no Authorization header",
      "Send each part with the headers listed in its requestHeaders only; the upload URL carries its own permission.",
    );
  }
  // Screenshots and app previews take their bytes the same way.
  const screenshot = store.tables.appScreenshots.get(id!) ?? store.tables.appPreviews.get(id!);
  if (!screenshot) throw uploadError(404, "UPLOAD_ERROR.NOT_FOUND", "No such upload", `There is no reservation '${id}' (deleted, or never made).`);
  if (url.searchParams.get("key") !== screenshot.uploadKey) {
    throw uploadError(403, "UPLOAD_ERROR.FORBIDDEN", "The upload URL is not valid", "The key of this upload URL does not match its reservation.");
  }
  const index = Number(number);
  if (index < 1 || index > screenshot.parts.length) {
    throw uploadError(
      404,
      "UPLOAD_ERROR.NOT_FOUND",
      "No such upload operation",
      `The reservation has ${screenshot.parts.length} upload operations; there is no number ${index}.`,
    );
  }
  if (screenshot.state !== "AWAITING_UPLOAD") {
    throw uploadError(409, "UPLOAD_ERROR.STATE", "The upload is closed", `The reservation is ${screenshot.state}; it takes no more bytes.`);
  }
  const { length } = screenshot.parts[index - 1]!;
  const declared = Number(request.headers["content-length"]);
  if (Number.isFinite(declared) && declared > length) throw tooLarge(`The upload operation takes ${length} bytes; its Content-Length is ${declared}.`);
  await assets.receivePart(screenshot.id, index, Readable.from(atMost(request, length)));
  return { status: 200 };
}
