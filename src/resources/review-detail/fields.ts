/**
 * metadata/review.yml's keys and the appStoreReviewDetails attributes they set
 * (the spec's names). The password is apart: it is never in the repository,
 * the plan or any output, only in the variable the file names.
 */
export const REVIEW_ATTRIBUTES = [
  "contactFirstName",
  "contactLastName",
  "contactEmail",
  "contactPhone",
  "notes",
  "demoAccountRequired",
  "demoAccountName",
] as const;
export type ReviewAttribute = (typeof REVIEW_ATTRIBUTES)[number];
export type ReviewValue = string | boolean;

/** Where each attribute is written in the file (a JSON pointer), and how the plan names it. */
export const REVIEW_KEYS: Readonly<Record<ReviewAttribute, { pointer: string; label: string }>> = {
  contactFirstName: { pointer: "/contact/firstName", label: "contact first name" },
  contactLastName: { pointer: "/contact/lastName", label: "contact last name" },
  contactEmail: { pointer: "/contact/email", label: "contact email" },
  contactPhone: { pointer: "/contact/phone", label: "contact phone" },
  notes: { pointer: "/notes", label: "notes" },
  demoAccountRequired: { pointer: "/demoAccount/required", label: "demo account required" },
  demoAccountName: { pointer: "/demoAccount/name", label: "demo account name" },
};
export const PASSWORD_POINTER = "/demoAccount/password";
export const PASSWORD_ATTRIBUTE = "demoAccountPassword";
