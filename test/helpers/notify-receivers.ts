/**
 * Local stand-ins for the notification targets, on 127.0.0.1: a Slack
 * incoming webhook (answers `ok`, or a scripted failure) and a Standard
 * Webhooks receiver that verifies every delivery's signature with the
 * specification's library. Each records what it was sent.
 */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** Receiver's verdict on the signature (webhook receivers only). */
  verified?: boolean;
}

/** One scripted answer: a status (with a body and headers), or "hang" (never answers: the sender's timeout). */
export type Answer = { status: number; body?: string; headers?: Record<string, string> } | "hang";

export interface Receiver {
  url: string;
  received: Received[];
  /** From now on: these answers in order, then `otherwise` (default: as it started). */
  script(answers: Answer[], otherwise?: Answer): void;
  close(): Promise<void>;
}

/** Answers the script in order, then `otherwise` for every later request. */
async function startReceiver(script: Answer[], otherwise: Answer, verify?: (body: string, headers: IncomingHttpHeaders) => boolean): Promise<Receiver> {
  const received: Received[] = [];
  const pending = [...script];
  let fallback = otherwise;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      received.push({ path: request.url ?? "", headers: request.headers, body, ...(verify ? { verified: verify(body, request.headers) } : {}) });
      const answer = pending.shift() ?? fallback;
      if (answer === "hang") return;
      response.writeHead(answer.status, { "content-type": "text/plain", ...answer.headers });
      response.end(answer.status === 204 ? undefined : (answer.body ?? (answer.status < 300 ? "ok" : "error")));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    script(answers, next = otherwise) {
      pending.splice(0, pending.length, ...answers);
      fallback = next;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Slack's incoming webhook, as far as a sender sees it: `200 ok`, or the scripted answers first. */
export const startSlackStandIn = (script: Answer[] = [], otherwise: Answer = { status: 200, body: "ok" }) => startReceiver(script, otherwise);

/** A generic webhook receiver that checks each delivery as Standard Webhooks receivers do (signature and timestamp). */
export function startWebhookReceiver(secret: string, script: Answer[] = []): Promise<Receiver> {
  const webhook = new Webhook(secret);
  const verify = (body: string, headers: IncomingHttpHeaders) => {
    try {
      webhook.verify(body, {
        "webhook-id": String(headers["webhook-id"] ?? ""),
        "webhook-timestamp": String(headers["webhook-timestamp"] ?? ""),
        "webhook-signature": String(headers["webhook-signature"] ?? ""),
      });
      return true;
    } catch {
      return false;
    }
  };
  return startReceiver(script, { status: 204 }, verify);
}

/** A secret as Standard Webhooks gives them out: whsec_ and 32 random-looking bytes in base64. */
export const TEST_SECRET = `whsec_${Buffer.from("asc-gitops-test-secret-32-bytes!").toString("base64")}`;
