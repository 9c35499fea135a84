/**
 * metadata/review.yml from the version's App Review information. The live
 * password never leaves App Store Connect (the live slice holds only its
 * fingerprint): the file names the variable, ASC_DEMO_PASSWORD, and a file that
 * names one already keeps its own.
 */
import type { PulledFilePart, PulledValue } from "../../contracts/resource.js";
import { PASSWORD_POINTER, REVIEW_ATTRIBUTES, REVIEW_KEYS } from "./fields.js";
import type { LiveReview } from "./live.js";

export const DEMO_PASSWORD_VARIABLE = "ASC_DEMO_PASSWORD";

type Tree = { [key: string]: PulledValue };

export function reviewPull(live: LiveReview): PulledFilePart[] {
  const detail = live.reviewDetail;
  if (!detail) return [];
  const values: Tree = {};
  const put = (pointer: string, value: PulledValue) => {
    const keys = pointer.slice(1).split("/");
    let node = values;
    for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Tree;
    node[keys.at(-1)!] = value;
  };
  for (const attribute of REVIEW_ATTRIBUTES) {
    const value = detail.values[attribute];
    if (value !== null && value !== undefined) put(REVIEW_KEYS[attribute].pointer, value);
  }
  if (detail.passwordFingerprint) put(PASSWORD_POINTER, { env: DEMO_PASSWORD_VARIABLE });
  if (!Object.keys(values).length) return [];
  return [
    {
      file: "review.yml",
      values,
      onlyNew: [PASSWORD_POINTER],
      header: ["yaml-language-server: $schema=../schema/review.schema.json", "App Review information (written by asc-gitops pull)."],
      ...(detail.passwordFingerprint
        ? { notes: [`review.yml: the demo account password is not pulled; set ${DEMO_PASSWORD_VARIABLE} (a secret) where plan and apply run`] }
        : {}),
    },
  ];
}
