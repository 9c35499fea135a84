/** A client for tests: fake time (sleeps recorded, not waited), fixed jitter, every event kept. */
import { AscClient, type AscClientOptions } from "../../../src/asc/client.js";
import type { RequestEvent } from "../../../src/asc/http.js";
import { fakeTime, type FakeTime } from "./fake-time.js";
import { testKey } from "./keys.js";

export interface TestClient {
  client: AscClient;
  events: RequestEvent[];
  time: FakeTime;
}

export async function testClient(baseUrl: string, options: AscClientOptions = {}, time: FakeTime = fakeTime()): Promise<TestClient> {
  const events: RequestEvent[] = [];
  const { credentials } = await testKey();
  const client = new AscClient({
    baseUrl,
    credentials,
    clock: time.clock,
    sleep: time.sleep,
    random: () => 0.5,
    timeoutMs: 2000,
    listener: (event) => events.push(event),
    ...options,
  });
  return { client, events, time };
}

/** The error a promise rejects with. */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the promise to reject");
}
