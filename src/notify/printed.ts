/** Notifications from the command line: sent after the result is printed; a failed delivery is a warning on stderr, never the exit code. */
import type { Output } from "../util/output.js";
import type { NotifyConfig } from "./config.js";
import type { NotificationEvent } from "./events.js";
import { notify, type NotifyOptions } from "./notify.js";

export async function notifyFromCommand(
  events: NotificationEvent[],
  config: NotifyConfig | undefined,
  output: Output,
  options: NotifyOptions = {},
): Promise<void> {
  await notify(events, config, { warning: (text) => output.stderr(`warning: ${text}`), info: (text) => output.stderr(text) }, options);
}
