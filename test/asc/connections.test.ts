import assert from "node:assert/strict";
import diagnostics from "node:diagnostics_channel";
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import { tmpdir } from "node:os";
import path from "node:path";
import type { AddressInfo, Socket } from "node:net";
import { after, before, describe, test } from "node:test";
import { gzipSync } from "node:zlib";
import { Connections } from "../../src/asc/connections.js";
import { localhostCertificate } from "./helpers/certificate.js";

/** A local server that counts the connections it accepted and answers by path. */
function startServer() {
  const sockets: Socket[] = [];
  const requestsOn = new Map<Socket, number>();
  const server = http.createServer((request, response) => {
    requestsOn.set(request.socket, (requestsOn.get(request.socket) ?? 0) + 1);
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      if (request.url === "/gzip") {
        response.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" });
        response.end(gzipSync(JSON.stringify({ hello: "world" })));
      } else if (request.url === "/cut") {
        response.writeHead(200, { "content-length": "100" });
        response.write("only part");
        setTimeout(() => request.socket.destroy(), 5);
      } else {
        response.writeHead(200, { "content-type": "application/json", "x-echo": "yes" });
        response.end(JSON.stringify({ method: request.method, length: request.headers["content-length"] ?? null, body }));
      }
    });
  });
  server.on("connection", (socket) => sockets.push(socket));
  return {
    server,
    sockets,
    requestsOn,
    async listen(): Promise<URL> {
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      return new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    },
    async close(): Promise<void> {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const until = async (condition: () => boolean, what: string) => {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

const send = (connections: Connections, url: URL, init: Partial<Parameters<Connections["fetch"]>[1]> = {}) =>
  connections.fetch(url, { method: "GET", headers: {}, body: null, signal: new AbortController().signal, redirect: "manual", ...init });

describe("the client's connections", () => {
  const local = startServer();
  let base: URL;
  before(async () => {
    base = await local.listen();
  });
  after(() => local.close());

  test("preconnect opens the connections before any request, and requests sent together use them instead of opening more", async () => {
    const connections = new Connections();
    try {
      const before = local.sockets.length;
      connections.preconnect(base, 6);
      await until(() => local.sockets.length === before + 6, "6 connections");
      assert.equal([...local.requestsOn.keys()].filter((socket) => local.sockets.indexOf(socket) >= before).length, 0, "nothing was sent over them yet");

      const answers = await Promise.all(Array.from({ length: 6 }, () => send(connections, new URL("/read", base))));
      assert.deepEqual(
        answers.map((answer) => answer.status),
        Array(6).fill(200),
      );
      assert.equal(local.sockets.length, before + 6, "no seventh connection");
      const opened = local.sockets.slice(before);
      assert.ok(
        opened.every((socket) => local.requestsOn.get(socket) === 1),
        "each opened connection carried one request",
      );

      // Asking again for 6 opens nothing: they are open (idle, kept alive).
      connections.preconnect(base, 6);
      await new Promise((resolve) => setTimeout(resolve, 30));
      assert.equal(local.sockets.length, before + 6);
    } finally {
      connections.close();
    }
  });

  test("connections asked for while a request is leaving are opened only once its bytes are out", async () => {
    const connections = new Connections();
    const events: string[] = [];
    const onSocket = () => events.push("socket");
    // Published as the request's last bytes are handed to its socket.
    const onRequest = () => events.push("request written");
    diagnostics.subscribe("net.client.socket", onSocket);
    diagnostics.subscribe("http.client.request.start", onRequest);
    const accepted = local.sockets.length;
    try {
      const answered = send(connections, new URL("/first", base));
      events.push("preconnect asked");
      connections.preconnect(base, 4);
      await answered;
      await until(() => local.sockets.length === accepted + 4, "the connections opened ahead");
      // The request's own socket, then nothing until its bytes are out, then the three others.
      assert.deepEqual(events.slice(0, 3), ["socket", "preconnect asked", "request written"]);
      assert.deepEqual(events.slice(3, 6), ["socket", "socket", "socket"]);
    } finally {
      diagnostics.unsubscribe("net.client.socket", onSocket);
      diagnostics.unsubscribe("http.client.request.start", onRequest);
      connections.close();
    }
  });

  test("the warm-up talks only to its own throwaway server, then requests go out as usual", async () => {
    const connections = new Connections();
    try {
      const before = local.sockets.length;
      await connections.warmUp();
      assert.equal(local.sockets.length, before, "the warm-up opened nothing to the API's host");
      const answer = await send(connections, new URL("/read", base));
      assert.equal(JSON.parse(await answer.text()).method, "GET");
    } finally {
      connections.close();
    }
  });

  test("close ends the connections opened ahead that no request used", async () => {
    const connections = new Connections();
    const before = local.sockets.length;
    connections.preconnect(base, 3);
    await until(() => local.sockets.length === before + 3, "3 connections");
    connections.close();
    const opened = local.sockets.slice(before);
    await until(() => opened.every((socket) => socket.destroyed || socket.readableEnded), "the connections to close");
  });

  test("a body goes out with its length, headers are read case-insensitively, and a compressed answer is decoded", async () => {
    const connections = new Connections();
    try {
      const posted = await send(connections, new URL("/write", base), { method: "POST", headers: { "content-type": "application/json" }, body: '{"a":"é"}' });
      assert.deepEqual(JSON.parse(await posted.text()), { method: "POST", length: "10", body: '{"a":"é"}' });
      assert.equal(posted.headers.get("X-Echo"), "yes");
      assert.equal(posted.headers.get("x-missing"), null);
      const zipped = await send(connections, new URL("/gzip", base));
      assert.deepEqual(JSON.parse(await zipped.text()), { hello: "world" });
    } finally {
      connections.close();
    }
  });

  test("an answer cut off before its end is a connection reset, and an aborted request rejects", async () => {
    const connections = new Connections();
    try {
      await assert.rejects(send(connections, new URL("/cut", base)), (error: NodeJS.ErrnoException) => error.code === "ECONNRESET");
      const controller = new AbortController();
      controller.abort();
      await assert.rejects(send(connections, new URL("/read", base), { signal: controller.signal }), { name: "AbortError" });
    } finally {
      connections.close();
    }
  });

  test("over TLS too, the connections opened ahead (with the host name for SNI) carry the requests", async (t) => {
    const folder = mkdtempSync(path.join(tmpdir(), "asc-tls-"));
    try {
      const certificate = localhostCertificate(folder);
      if (!certificate) {
        t.skip("openssl is not installed");
        return;
      }
      let handshakes = 0;
      const names: (string | undefined)[] = [];
      const server = https.createServer(certificate, (request, response) => response.end(request.url));
      server.on("secureConnection", (socket) => {
        handshakes += 1;
        names.push((socket as unknown as { servername?: string }).servername);
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      // The throwaway certificate is trusted for this test only.
      const previous = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
      process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";
      const connections = new Connections();
      try {
        const url = new URL(`https://localhost:${(server.address() as AddressInfo).port}/secure`);
        connections.preconnect(url, 4);
        await until(() => handshakes === 4, "4 TLS handshakes");
        const bodies = await Promise.all(Array.from({ length: 4 }, async () => (await send(connections, url)).text()));
        assert.deepEqual(bodies, Array(4).fill("/secure"));
        assert.equal(handshakes, 4, "no fifth handshake");
        assert.deepEqual(names, Array(4).fill("localhost"));
      } finally {
        connections.close();
        if (previous === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
        else process.env.NODE_TLS_REJECT_UNAUTHORIZED = previous;
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
