/**
 * What a client sends cannot take the sandbox down (an apply may run in the
 * same process): malformed paths get a JSON:API error, an upload part larger
 * than its operation is refused without being read, and stalled connections
 * are closed. Over real sockets.
 */
import assert from "node:assert/strict";
import { readdir, stat } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { signSandboxToken } from "../../src/sandbox/index.js";
import { demoIds, startTestSandbox, type TestSandbox } from "./helpers/sandbox.js";

interface RawAnswer {
  status: number;
  headers: string;
  body: string;
  /** The server closed the connection. */
  closed: boolean;
}

/** Sends raw bytes on a new connection and reads until the server closes it or one answer is complete. */
function raw(url: string, bytes: string | Buffer, options: { keepWriting?: Buffer } = {}): Promise<RawAnswer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname);
    let received = Buffer.alloc(0);
    let writing: NodeJS.Timeout | undefined;
    const finish = (closed: boolean) => {
      clearInterval(writing);
      const text = received.toString("latin1");
      const [head = "", body = ""] = text.split("\r\n\r\n", 2);
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0), headers: head, body, closed });
      socket.destroy();
    };
    socket.on("data", (chunk) => {
      received = Buffer.concat([received, chunk]);
      const text = received.toString("latin1");
      const length = /content-length: (\d+)/i.exec(text)?.[1];
      const split = text.indexOf("\r\n\r\n");
      if (length !== undefined && split >= 0 && Buffer.byteLength(text.slice(split + 4), "latin1") >= Number(length) && !/connection: close/i.test(text))
        finish(false);
    });
    socket.on("close", () => finish(true));
    socket.on("error", (error) =>
      (error as NodeJS.ErrnoException).code === "ECONNRESET" || (error as NodeJS.ErrnoException).code === "EPIPE" ? finish(true) : reject(error),
    );
    socket.write(bytes);
    if (options.keepWriting) writing = setInterval(() => socket.writable && socket.write(options.keepWriting!), 5);
  });
}

describe("the sandbox stays up whatever a client sends", () => {
  let run: TestSandbox;
  before(async () => {
    run = await startTestSandbox({ partSize: 1000, connectionTimeouts: { headersMs: 300, requestMs: 600, keepAliveMs: 300, checkIntervalMs: 50 } });
  });
  after(() => run.dispose());

  const stillServes = async () => assert.equal((await run.api.get("/v1/apps?filter[bundleId]=com.acme.fitness")).status, 200, "the sandbox still answers");

  test("GET // and other malformed paths answer a JSON:API error, and the sandbox keeps serving", async () => {
    const token = await signSandboxToken(run.sandbox);
    for (const target of ["//", "//v1/apps", "/v1//apps", "/v1/apps/%E0%A4%A", "http://elsewhere.example/v1/apps", "*"]) {
      const answer = await raw(run.sandbox.url, `GET ${target} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nConnection: close\r\n\r\n`);
      assert.ok(answer.status === 404 || answer.status === 400, `${target}: ${answer.status} ${answer.headers}`);
      if (answer.status === 404) {
        assert.match(answer.headers, /content-type: application\/json/i, target);
        assert.equal(JSON.parse(answer.body).errors[0].code, "NOT_FOUND", target);
      }
    }
    await stillServes();
  });

  test("an upload part larger than its operation is refused with 413, without reading or keeping its bytes", async () => {
    const ids = await demoIds(run.api);
    const sets = await run.api.get(`/v1/appStoreVersionLocalizations/${ids.localizationOf(ids.editableVersionId, "de-DE")}/appScreenshotSets`);
    const setId = sets.body.data[0].id as string;
    const reserve = async () => {
      const reservation = await run.api.post("/v1/appScreenshots", {
        data: {
          type: "appScreenshots",
          attributes: { fileName: "big.png", fileSize: 1500 },
          relationships: { appScreenshotSet: { data: { type: "appScreenshotSets", id: setId } } },
        },
      });
      assert.equal(reservation.status, 201, JSON.stringify(reservation.body));
      return reservation.body.data as { id: string; attributes: { uploadOperations: Array<{ url: string; length: number }> } };
    };
    const first = await reserve();
    const operation = first.attributes.uploadOperations[0]!;
    assert.equal(operation.length, 1000);
    const target = new URL(operation.url);
    const head = (extra: string) => `PUT ${target.pathname}${target.search} HTTP/1.1\r\nHost: x\r\nContent-Type: image/png\r\n${extra}\r\n`;

    // It says so in its Content-Length: refused before a byte is read.
    const declared = await raw(run.sandbox.url, head("Content-Length: 104857600\r\n"), { keepWriting: Buffer.alloc(64 * 1024) });
    // A client still writing may see the close (a reset) before it reads the 413: refused either way.
    assert.ok(declared.status === 413 || declared.status === 0, declared.headers);
    if (declared.status === 413) assert.equal(JSON.parse(declared.body).errors[0].code, "UPLOAD_ERROR.TOO_LARGE");
    assert.ok(declared.closed, "the connection is closed instead of reading the rest");

    // Chunked, with no length given: refused at the byte past the operation's length.
    const second = await reserve();
    const chunkedTarget = new URL(second.attributes.uploadOperations[0]!.url);
    const chunk = Buffer.alloc(4096, 1);
    const chunked = await raw(
      run.sandbox.url,
      Buffer.concat([
        Buffer.from(
          `PUT ${chunkedTarget.pathname}${chunkedTarget.search} HTTP/1.1\r\nHost: x\r\nContent-Type: image/png\r\nTransfer-Encoding: chunked\r\n\r\n`,
        ),
        Buffer.from(`${chunk.length.toString(16)}\r\n`),
        chunk,
        Buffer.from("\r\n"),
      ]),
      { keepWriting: Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from("\r\n")]) },
    );
    assert.ok(chunked.status === 413 || chunked.status === 0, chunked.headers);
    assert.ok(chunked.closed);

    // Nothing of either part was kept.
    const folder = path.join(run.folder, "state-assets");
    const kept = (await readdir(folder)).filter((name) => name.startsWith(first.id) || name.startsWith(second.id));
    for (const name of kept) assert.ok((await stat(path.join(folder, name))).size <= 1000, `${name} holds no more than the part's length`);
    assert.deepEqual(kept, []);
    await stillServes();
  });

  test("a half-open connection (headers never finished) and a body that never arrives are closed", async () => {
    const headers = await raw(run.sandbox.url, "GET /v1/apps HTTP/1.1\r\nHost: x\r\n");
    assert.ok(headers.closed);
    assert.ok(headers.status === 0 || headers.status === 408, headers.headers);
    const body = await raw(run.sandbox.url, "PATCH /v1/appScreenshots/x HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{");
    assert.ok(body.closed);
    await stillServes();
  });
});
