/**
 * A notification as a Standard Webhooks message (standardwebhooks.com, spec
 * 1.0): the body `{"type","timestamp","data"}` and the headers `webhook-id`,
 * `webhook-timestamp` (Unix seconds) and `webhook-signature`
 * (`v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">`, keyed with the
 * `whsec_` secret's bytes), signed by the specification's own library. The id
 * is made once per event and kept on every retry, so a receiver can drop a
 * repeat; each attempt is signed afresh with its own timestamp, since
 * receivers refuse timestamps older than a few minutes.
 */
import { createHash, randomUUID } from "node:crypto";
import { Webhook } from "standardwebhooks";
import type { NotificationEvent } from "./events.js";

/** The body: the same bytes on every attempt. */
export function webhookBody(event: NotificationEvent, at: Date): string {
  const { type, ...data } = event;
  return JSON.stringify({ type, timestamp: at.toISOString(), data });
}

/**
 * The message id: a review's alert keeps one id across runs (a receiver that
 * saw it drops it), every other event gets a new one.
 */
export function webhookId(event: NotificationEvent): string {
  if (event.type === "review.low_rating")
    return `msg_${createHash("sha256")
      .update(`${event.type}:${event.app.id ?? ""}:${event.review.id}`)
      .digest("hex")
      .slice(0, 32)}`;
  return `msg_${randomUUID().replace(/-/g, "")}`;
}

/** The headers of one attempt. */
export function signedHeaders(secret: string, id: string, body: string, now: Date): Record<string, string> {
  const timestamp = new Date(Math.floor(now.getTime() / 1000) * 1000);
  return {
    "content-type": "application/json",
    "webhook-id": id,
    "webhook-timestamp": String(timestamp.getTime() / 1000),
    "webhook-signature": new Webhook(secret).sign(id, timestamp, body),
  };
}

/** A `whsec_` secret whose rest is base64 of at least 16 bytes (the specification asks for 24 to 64), or why not. */
export function secretProblem(secret: string): string | undefined {
  const match = /^whsec_([A-Za-z0-9+/]+={0,2})$/.exec(secret);
  if (!match) return "must be whsec_ followed by the key in base64 (as Standard Webhooks receivers expect)";
  const bytes = Buffer.from(match[1]!, "base64");
  if (bytes.length < 16) return `is ${bytes.length} bytes long; use a key of 24 to 64 random bytes`;
  return undefined;
}
