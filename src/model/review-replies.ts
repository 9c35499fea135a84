/**
 * Customer review facts shared by the replies resource, the reviews command
 * and the sandbox (capabilities §4).
 */

/** The longest response, in characters. [unconfirmed: 5,970 comes from a third-party tool's schema, not from Apple] */
export const REVIEW_RESPONSE_MAX = 5970;
