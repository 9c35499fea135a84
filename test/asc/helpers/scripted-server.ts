/**
 * A small HTTP server on 127.0.0.1 (port 0) that answers as scripted: any
 * status, headers and body, after a delay, or by dropping the connection.
 * It records every request it saw and how many were in flight at once.
 */
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface SeenRequest {
  method: string;
  /** Path and query exactly as sent. */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export type Reply =
  | { status: number; body?: unknown; headers?: Record<string, string>; delayMs?: number }
  /** Close the socket without answering (after reading the request). */
  | { drop: true; delayMs?: number };

export type Handler = (request: SeenRequest, index: number, server: ScriptedServer) => Reply | Promise<Reply>;

export interface ScriptedServer {
  /** http://127.0.0.1:PORT */
  url: string;
  requests: SeenRequest[];
  maxInFlight: number;
  close(): Promise<void>;
}

export async function startServer(handler: Handler): Promise<ScriptedServer> {
  let inFlight = 0;
  const state: ScriptedServer = { url: "", requests: [], maxInFlight: 0, close: async () => {} };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", async () => {
      const seen: SeenRequest = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks) };
      const index = state.requests.push(seen) - 1;
      inFlight += 1;
      state.maxInFlight = Math.max(state.maxInFlight, inFlight);
      try {
        const reply = await handler(seen, index, state);
        if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
        if ("drop" in reply) {
          req.socket.destroy();
          return;
        }
        if (res.destroyed) return;
        const text = reply.body === undefined ? "" : typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body);
        res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
        res.end(text);
      } finally {
        inFlight -= 1;
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}

/** Answers in turn, then `rest` for every later request. */
export function sequence(replies: Reply[], rest: Reply = { status: 200, body: { data: [] } }): Handler {
  return (_request, index) => replies[index] ?? rest;
}

/** Apple's error document. */
export function appleError(status: number, code: string, detail: string, source?: { pointer?: string; parameter?: string }) {
  return { errors: [{ id: "e1", status: String(status), code, title: "Error", detail, ...(source ? { source } : {}) }] };
}

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
