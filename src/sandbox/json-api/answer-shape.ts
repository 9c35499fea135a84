/**
 * Where real App Store Connect answers depart from the spec's schemas, and
 * how the sandbox can do the same, so that clients are tested against what
 * Apple really sends (shared asc/README.md, last section):
 *
 *  - nulls: every empty attribute is `null` (`"subtitle": null`), not left out.
 *    Apple does this, so it is the default.
 *  - includes: "links-only" answers to-many relationships with `links` alone
 *    and nothing `included`, as when Apple does not honour an `include`.
 *  - relationshipPaging: false drops `meta.paging` from included relationships,
 *    so a list cut at `limit[…]` cannot be told from a whole one.
 *  - appStoreState: "disagreeing" answers the deprecated appStoreState of a
 *    version on sale as PREORDER_READY_FOR_SALE while appVersionState says
 *    READY_FOR_DISTRIBUTION, as a recorded live answer did.
 *  - deliveryState: "null" answers every screenshot's assetDeliveryState as null.
 */
export interface AnswerShape {
  nulls: boolean;
  includes: "honoured" | "links-only";
  relationshipPaging: boolean;
  appStoreState: "consistent" | "disagreeing";
  deliveryState: "answered" | "null";
}

export const DEFAULT_ANSWER_SHAPE: AnswerShape = {
  nulls: true,
  includes: "honoured",
  relationshipPaging: true,
  appStoreState: "consistent",
  deliveryState: "answered",
};

/** Attributes as the answer shape wants them: every named attribute, empty ones as null or left out. */
export function shapeAttributes(values: Record<string, unknown>, shape: AnswerShape): Record<string, unknown> {
  const attributes: Record<string, unknown> = {};
  for (const name in values) {
    const value = values[name];
    if (value !== undefined && value !== null) attributes[name] = value;
    else if (shape.nulls) attributes[name] = null;
  }
  return attributes;
}

/** The deprecated appStoreState a version answers with. */
export function answeredAppStoreState(version: { appStoreState: string; appVersionState: string }, shape: AnswerShape): string {
  return shape.appStoreState === "disagreeing" && version.appVersionState === "READY_FOR_DISTRIBUTION" ? "PREORDER_READY_FOR_SALE" : version.appStoreState;
}
