/** A pull that cannot go ahead, with what to do; printed as one line, nothing written. */
export class PullError extends Error {}
