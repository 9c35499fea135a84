import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import net, { type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { Connections } from "../../src/asc/connections.js";
import { classifyNetworkError } from "../../src/asc/network-errors.js";
import { proxyFor, readProxySettings } from "../../src/asc/proxy.js";
import { localhostCertificate } from "./helpers/certificate.js";

describe("which connections go through HTTPS_PROXY", () => {
  const settings = (env: NodeJS.ProcessEnv) => readProxySettings(env);
  const via = (host: string, env: NodeJS.ProcessEnv, port = 443) => proxyFor(host, port, settings(env))?.host;

  test("https to App Store Connect goes through the proxy; this machine never does", () => {
    const env = { HTTPS_PROXY: "http://proxy.corp:3128" };
    assert.equal(via("api.appstoreconnect.apple.com", env), "proxy.corp:3128");
    for (const local of ["localhost", "127.0.0.1", "::1", "[::1]"]) assert.equal(via(local, env), undefined, local);
    assert.equal(via("api.appstoreconnect.apple.com", {}), undefined, "no proxy set");
  });

  test("the lower-case variable wins, and a proxy without a scheme is http", () => {
    assert.equal(via("api.appstoreconnect.apple.com", { https_proxy: "lower:1", HTTPS_PROXY: "http://upper:2" }), "lower:1");
  });

  test("NO_PROXY: a wildcard, hosts, domains with or without a leading dot, ports and IPs", () => {
    const proxy = { HTTPS_PROXY: "http://proxy.corp:3128" };
    assert.equal(via("api.appstoreconnect.apple.com", { ...proxy, NO_PROXY: "*" }), undefined);
    assert.equal(via("api.appstoreconnect.apple.com", { ...proxy, NO_PROXY: "example.com, apple.com" }), undefined);
    assert.equal(via("api.appstoreconnect.apple.com", { ...proxy, no_proxy: ".appstoreconnect.apple.com" }), undefined);
    assert.equal(via("notapple.com", { ...proxy, NO_PROXY: "apple.com" }), "proxy.corp:3128", "a suffix must end at a dot");
    assert.equal(via("api.appstoreconnect.apple.com", { ...proxy, NO_PROXY: "apple.com:8443" }), "proxy.corp:3128", "another port");
    assert.equal(via("api.appstoreconnect.apple.com", { ...proxy, NO_PROXY: "apple.com:8443" }, 8443), undefined);
    assert.equal(via("10.1.2.3", { ...proxy, NO_PROXY: "10.1.2.3" }), undefined);
    assert.equal(via("2001:db8::1", { ...proxy, NO_PROXY: "[2001:db8::1]:443" }), undefined);
    assert.equal(via("2001:db8::1", { ...proxy, NO_PROXY: "2001:db8::1" }), undefined);
  });

  test("a malformed or non-http proxy is an error that names the variable, before any request", () => {
    assert.throws(() => new Connections({ HTTPS_PROXY: "http://[broken" }), /^TypeError: HTTPS_PROXY is not a URL/);
    assert.throws(() => new Connections({ https_proxy: "socks5://proxy:1080" }), /^TypeError: https_proxy must be an http:\/\/ proxy/);
  });
});

/** A CONNECT proxy on 127.0.0.1 that tunnels every target to `127.0.0.1:<its port>` and remembers what it was asked. */
function startProxy(answer?: number) {
  const asked: { target: string; authorization: string | undefined }[] = [];
  const server = http.createServer((_request, response) => response.writeHead(405).end());
  server.on("connect", (request: http.IncomingMessage, client: net.Socket) => {
    asked.push({ target: request.url ?? "", authorization: request.headers["proxy-authorization"] });
    if (answer) {
      client.end(`HTTP/1.1 ${answer} Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    const port = Number((request.url ?? "").split(":").pop());
    const upstream = net.connect(port, "127.0.0.1", () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.pipe(client).pipe(upstream);
    });
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
  });
  return {
    asked,
    async listen(): Promise<number> {
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      return (server.address() as AddressInfo).port;
    },
    async close(): Promise<void> {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const get = (connections: Connections, url: URL) =>
  connections.fetch(url, { method: "GET", headers: {}, body: null, signal: new AbortController().signal, redirect: "manual" });

describe("https through a CONNECT proxy", () => {
  const folder = mkdtempSync(path.join(tmpdir(), "asc-proxy-"));
  let tls: https.Server | undefined;
  let tlsPort = 0;
  let previous: string | undefined;

  before(async () => {
    const certificate = localhostCertificate(folder);
    if (!certificate) return;
    tls = https.createServer(certificate, (request, response) => response.end(`tunnelled ${request.url}`));
    await new Promise<void>((resolve) => tls!.listen(0, "127.0.0.1", resolve));
    tlsPort = (tls.address() as AddressInfo).port;
    // The throwaway certificate is trusted for this file only.
    previous = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";
  });
  after(async () => {
    if (previous === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    else process.env.NODE_TLS_REJECT_UNAUTHORIZED = previous;
    if (tls) {
      tls.closeAllConnections();
      await new Promise((resolve) => tls!.close(resolve));
    }
    rmSync(folder, { recursive: true, force: true });
  });

  test("requests are tunnelled with the proxy's credentials, TLS end to end, and nothing is opened ahead", async (t) => {
    if (!tls) return t.skip("openssl is not installed");
    const proxy = startProxy();
    const proxyPort = await proxy.listen();
    const connections = new Connections({ HTTPS_PROXY: `http://build%40corp:p%3Ass@127.0.0.1:${proxyPort}` });
    try {
      const url = new URL(`https://api.example.test:${tlsPort}/v1/apps`);
      connections.preconnect(url, 5);
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(proxy.asked.length, 0, "no tunnel opened ahead");
      const answers = await Promise.all([get(connections, url), get(connections, url)]);
      assert.deepEqual(await Promise.all(answers.map((answer) => answer.text())), ["tunnelled /v1/apps", "tunnelled /v1/apps"]);
      assert.equal(proxy.asked.length, 2);
      for (const asked of proxy.asked) {
        assert.equal(asked.target, `api.example.test:${tlsPort}`);
        assert.equal(asked.authorization, `Basic ${Buffer.from("build@corp:p:ss").toString("base64")}`);
      }
      // Kept alive: a third request goes through an open tunnel.
      assert.equal(await (await get(connections, url)).text(), "tunnelled /v1/apps");
      assert.equal(proxy.asked.length, 2);
    } finally {
      connections.close();
      await proxy.close();
    }
  });

  test("a proxy that refuses is a connection failure (nothing reached Apple) whose message never holds the credentials", async () => {
    const proxy = startProxy(407);
    const proxyPort = await proxy.listen();
    const connections = new Connections({ HTTPS_PROXY: `http://build:secret-password@127.0.0.1:${proxyPort}` });
    try {
      const error = await get(connections, new URL("https://api.example.test/v1/apps")).then(
        () => assert.fail("the request went through"),
        (failure: Error) => failure,
      );
      assert.match(
        error.message,
        new RegExp(`^the proxy at 127\\.0\\.0\\.1:${proxyPort} answered 407 Proxy Authentication Required to CONNECT api\\.example\\.test:443$`),
      );
      assert.doesNotMatch(error.message, /secret-password|build/);
      assert.equal(classifyNetworkError(error, false).failure, "connect");
    } finally {
      connections.close();
      await proxy.close();
    }
  });
});
