/**
 * The JSON Schemas of app.yml, the locale files and age-rating.yml, built from the field table
 * in src/model/fields.ts so that a limit is written once. `npm run schemas`
 * writes them to schema/ (published for editors); a test keeps that copy equal.
 */
import { FIELDS, FIELD_NAMES, ROTATING_FIELDS, type FieldName } from "../../model/fields.js";
import { AGE_RATING_ATTRIBUTE_NAMES, AGE_RATING_ATTRIBUTES, DEPRECATED_AGE_RATING_ATTRIBUTES, type AgeRatingAnswer } from "../../model/age-rating.js";
import { ALL_SUBCATEGORY_IDS, CATEGORY_IDS, MAX_SUBCATEGORIES } from "../../model/categories.js";
import { PLATFORMS } from "../../model/platforms.js";
import { REPLY_PLACEHOLDERS } from "../../model/review-replies.js";
import { VERSION_PATTERN } from "../../model/version-string.js";

const DRAFT = "https://json-schema.org/draft/2020-12/schema";

/** URLs that may be cleared with "" and those the App Store requires. */
export const REQUIRED_URLS: readonly FieldName[] = ["privacyPolicyUrl", "supportUrl"];
/** http or https in any case, a host, no whitespace; url-rules.ts judges the host and port. */
export const URL_PATTERN = "^[Hh][Tt][Tt][Pp][Ss]?://[^\\s/?#]+[^\\s]*$";
export const CLEARABLE_URL_PATTERN = `^$|${URL_PATTERN}`;
export { VERSION_PATTERN };
export const BUNDLE_ID_PATTERN = "^[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+$";

function fieldSchema(name: FieldName): Record<string, unknown> {
  const spec = FIELDS[name];
  if ("list" in spec) {
    return {
      title: spec.title,
      description: spec.description,
      type: ["array", "string"],
      items: { type: "string" },
      examples: [["fitness", "workout", "gym"], "fitness,workout,gym"],
    };
  }
  const schema: Record<string, unknown> = { title: spec.title, description: spec.description, type: "string" };
  if ("minLength" in spec) schema.minLength = spec.minLength;
  schema.maxLength = spec.maxLength;
  if ("url" in spec && spec.url) {
    schema.pattern = REQUIRED_URLS.includes(name) ? URL_PATTERN : CLEARABLE_URL_PATTERN;
    schema.examples = ["https://example.com/"];
  }
  return schema;
}

export function localeSchema(): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const name of FIELD_NAMES) properties[name] = fieldSchema(name);
  const rotationProperties: Record<string, unknown> = {
    from: { title: "First day", description: "First day of the window, inclusive, UTC (YYYY-MM-DD).", type: "string", format: "date" },
    until: { title: "Last day", description: "Last day of the window, inclusive, UTC (YYYY-MM-DD).", type: "string", format: "date" },
  };
  for (const name of ROTATING_FIELDS) rotationProperties[name] = fieldSchema(name);
  properties.rotations = {
    title: "Dated rotations",
    description:
      "Windows in which keywords and/or promotionalText take other values. " +
      "The scheduled run applies the value in force today (UTC); outside every window the base value holds. Windows of one field never overlap.",
    type: "array",
    items: {
      type: "object",
      additionalProperties: false,
      required: ["from", "until"],
      anyOf: ROTATING_FIELDS.map((name) => ({ required: [name] })),
      properties: rotationProperties,
    },
  };
  return {
    $schema: DRAFT,
    title: "asc-gitops locale file (metadata/<locale>.yml)",
    description:
      "The App Store text of one locale. A field that is absent is unmanaged: its live value is left alone. An empty string clears an optional field.",
    type: "object",
    additionalProperties: false,
    properties,
  };
}

export function appSchema(): Record<string, unknown> {
  return {
    $schema: DRAFT,
    title: "asc-gitops app file (metadata/app.yml)",
    description: "Which app this repository manages, and how.",
    type: "object",
    additionalProperties: false,
    required: ["app"],
    properties: {
      app: {
        title: "App",
        description: "The app, by App Store Connect id or by bundle id (one of the two).",
        type: "object",
        additionalProperties: false,
        oneOf: [{ required: ["id"] }, { required: ["bundleId"] }],
        properties: {
          id: {
            title: "App Store Connect app id",
            description: 'The numeric Apple ID of the app, e.g. "1234567890".',
            type: ["string", "integer"],
            pattern: "^[0-9]+$",
          },
          bundleId: {
            title: "Bundle id",
            description: "The app's bundle identifier, e.g. com.acme.fitness.",
            type: "string",
            pattern: BUNDLE_ID_PATTERN,
          },
          platform: {
            title: "Platform",
            description: "The platform whose App Store version is managed. Default: IOS.",
            enum: [...PLATFORMS],
            default: "IOS",
          },
        },
      },
      version: {
        title: "Version",
        description: 'The version string to manage, e.g. "2.4.0" (quote it). Default: the version in an editable state.',
        type: "string",
        pattern: VERSION_PATTERN,
      },
      prune: {
        title: "Prune",
        description: "true: delete live localizations and screenshot sets that the repository lacks. Default: false.",
        type: "boolean",
        default: false,
      },
      copyright: {
        title: "Copyright",
        description: 'The managed version\'s copyright line, e.g. "2026 Acme Inc.". Absent: unmanaged.',
        type: "string",
        minLength: 1,
      },
      build: {
        title: "Build",
        description:
          'The build attached to the version: "latest" (the newest VALID, unexpired build of this version) or a build number such as "123". Absent: unmanaged.',
        type: ["string", "integer"],
        pattern: "^(latest|[0-9]+(\\.[0-9]+){0,3})$",
        examples: ["latest", "123"],
      },
      release: {
        title: "Release",
        description: "How the version is released once approved. Absent: unmanaged.",
        type: "object",
        additionalProperties: false,
        properties: {
          type: {
            title: "Release type",
            description: "manual: you release it; after-approval: as soon as App Review approves it; scheduled: not before `date`.",
            enum: ["manual", "after-approval", "scheduled"],
          },
          phased: {
            title: "Phased release",
            description:
              "true: release to automatic updates over 7 days (not on an app's first version); false: to everyone at once; " +
              "{ state: paused } or { state: active }: pause or resume a released rollout.",
            oneOf: [
              { type: "boolean" },
              { type: "object", additionalProperties: false, required: ["state"], properties: { state: { enum: ["active", "paused"] } } },
            ],
          },
          date: {
            title: "Earliest release date",
            description: "With type scheduled: a whole hour in UTC, in the future, e.g. 2027-01-15T17:00:00Z.",
            type: "string",
            examples: ["2027-01-15T17:00:00Z"],
          },
          now: {
            title: "Release now",
            description: "true: a version approved and waiting in PENDING_DEVELOPER_RELEASE is released (appStoreVersionReleaseRequests; irreversible).",
            type: "boolean",
          },
        },
      },
      contentRights: {
        title: "Content rights",
        description: "The app's content rights declaration. Absent: unmanaged.",
        type: "object",
        additionalProperties: false,
        required: ["usesThirdPartyContent"],
        properties: {
          usesThirdPartyContent: {
            title: "Uses third-party content",
            description: "true: the app contains, shows or accesses third-party content (and you hold the rights to it).",
            type: "boolean",
          },
        },
      },
      submit: {
        title: "Submit for review",
        description:
          "true: once everything else is applied, the managed version is submitted for review (after a pre-flight that lists every blocker). " +
          "Submitted once; a version in review or past it is left alone. Absent or false: never submitted by asc-gitops.",
        type: "boolean",
      },
      categories: categoriesSchema(),
    },
  };
}

/** app.yml's `categories`: the block states the categories exactly (a secondary or subcategory left out is none). */
function categoriesSchema(): Record<string, unknown> {
  const category = (title: string, description: string) => ({ title, description, enum: [...CATEGORY_IDS] });
  const subcategories = (title: string) => ({
    title,
    description: `Up to ${MAX_SUBCATEGORIES} subcategories of the category; only GAMES (GAMES_…) and STICKERS (STICKERS_…) take them.`,
    type: "array",
    maxItems: MAX_SUBCATEGORIES,
    uniqueItems: true,
    items: { enum: [...ALL_SUBCATEGORY_IDS] },
  });
  return {
    title: "Categories",
    description:
      "The app's App Store categories (the app info's), by App Store Connect id. The block is exact: a secondary or subcategories left out are none. " +
      "Absent: unmanaged.",
    type: "object",
    additionalProperties: false,
    required: ["primary"],
    properties: {
      primary: category("Primary category", "The primary category, e.g. HEALTH_AND_FITNESS or GAMES."),
      primarySubcategories: subcategories("Primary subcategories"),
      secondary: category("Secondary category", "The secondary category, e.g. LIFESTYLE; left out: none."),
      secondarySubcategories: subcategories("Secondary subcategories"),
    },
    examples: [
      { primary: "HEALTH_AND_FITNESS", secondary: "LIFESTYLE" },
      { primary: "GAMES", primarySubcategories: ["GAMES_PUZZLE", "GAMES_WORD"] },
    ],
  };
}

/** metadata/age-rating.yml: every attribute of the spec's ageRatingDeclarations (model/age-rating.ts), each optional. */
export function ageRatingSchema(): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const name of AGE_RATING_ATTRIBUTE_NAMES) {
    const answer: AgeRatingAnswer = AGE_RATING_ATTRIBUTES[name];
    const deprecated = DEPRECATED_AGE_RATING_ATTRIBUTES[name];
    const description = `App Store Connect's ageRatingDeclarations.${name}.${deprecated ? ` Deprecated by Apple: use ${deprecated}.` : ""}`;
    properties[name] =
      answer.type === "boolean"
        ? { title: name, description, type: "boolean" }
        : answer.type === "uri"
          ? { title: name, description, type: "string", pattern: URL_PATTERN, examples: ["https://example.com/age-rating"] }
          : { title: name, description, enum: [...answer.values] };
    if (deprecated) (properties[name] as Record<string, unknown>).deprecated = true;
  }
  return {
    $schema: DRAFT,
    title: "asc-gitops age rating file (metadata/age-rating.yml)",
    description:
      "The age rating questionnaire of the app info being prepared, named as App Store Connect's ageRatingDeclarations. " +
      "An answer that is absent is unmanaged; a file that is absent leaves the age rating alone.",
    type: "object",
    additionalProperties: false,
    properties,
  };
}

/** App Review information (metadata/review.yml): the limits and patterns App Store Connect and App Review hold to. */
export const REVIEW_NOTES_MAX = 4000;
export const EMAIL_PATTERN = "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$";
/** A + and the country code, then digits with spaces, dashes, dots or parentheses between. */
export const PHONE_PATTERN = "^\\+[1-9][0-9 ().-]{5,24}[0-9]$";
export const ENV_NAME_PATTERN = "^[A-Za-z_][A-Za-z0-9_]*$";

export function reviewSchema(): Record<string, unknown> {
  const text = (title: string, description: string, extra: Record<string, unknown> = {}) => ({ title, description, type: "string", ...extra });
  return {
    $schema: DRAFT,
    title: "asc-gitops App Review information (metadata/review.yml)",
    description:
      "Who App Review contacts, notes for the reviewer and the demo account, for the version being prepared. " +
      "A key that is absent is unmanaged: its live value is left alone.",
    type: "object",
    additionalProperties: false,
    properties: {
      contact: {
        title: "Contact",
        description: "The person App Review contacts about this version.",
        type: "object",
        additionalProperties: false,
        properties: {
          firstName: text("First name", "The contact's first name."),
          lastName: text("Last name", "The contact's last name."),
          email: text("Email", "The contact's email address.", { pattern: EMAIL_PATTERN, examples: ["app-review@example.com"] }),
          phone: text("Phone", 'The contact\'s phone number with + and the country code, e.g. "+1 408 555 0123".', {
            pattern: PHONE_PATTERN,
            examples: ["+1 408 555 0123"],
          }),
        },
      },
      notes: text("Notes", `Notes for the reviewer: how to reach features, extra accounts, 2FA codes. Up to ${REVIEW_NOTES_MAX} characters.`, {
        maxLength: REVIEW_NOTES_MAX,
      }),
      demoAccount: {
        title: "Demo account",
        description: "The account App Review signs in with. Its password is never written here: name the environment variable (a secret) that holds it.",
        type: "object",
        additionalProperties: false,
        properties: {
          required: { title: "Sign-in required", description: "true: App Review needs the account to use the app.", type: "boolean" },
          name: text("User name", "The demo account's user name."),
          password: {
            title: "Password",
            description: "Where the password comes from at plan and apply time: { env: ASC_DEMO_PASSWORD }. Never the password itself.",
            type: "object",
            additionalProperties: false,
            required: ["env"],
            properties: { env: text("Environment variable", "The variable that holds the password.", { pattern: ENV_NAME_PATTERN }) },
            examples: [{ env: "ASC_DEMO_PASSWORD" }],
          },
        },
      },
      attachment: text("Attachment", "A file for App Review (a video of a hardware feature, say). Not supported yet."),
    },
  };
}

export { REPLY_PLACEHOLDERS };

/** reviews/config.yml: which reviews are alerted and drafted, and the reply templates (DESIGN.md §17). */
export function reviewsConfigSchema(): Record<string, unknown> {
  const territory = { type: "string", pattern: "^[A-Z]{3}$", examples: ["USA", "GBR", "DEU"] };
  const rating = { type: "integer", minimum: 1, maximum: 5 };
  const ratings = { type: "array", items: rating, minItems: 1, uniqueItems: true };
  const text = {
    type: "string",
    minLength: 1,
    description: `The reply, with placeholders ${REPLY_PLACEHOLDERS.map((name) => `{${name}}`).join(", ")}.`,
  };
  const locale = { type: "string", description: "The App Store locale whose metadata file gives {appName} and {supportUrl}, e.g. en-US." };
  return {
    $schema: DRAFT,
    title: "asc-gitops customer reviews (reviews/config.yml)",
    description: "Which customer reviews alert, which get a reply draft in a pull request, the templates of the drafts, and optional replies posted at once.",
    type: "object",
    additionalProperties: false,
    properties: {
      territories: {
        title: "Territories",
        description: "Read reviews of these territories only (Apple's three-letter codes); absent: every territory.",
        type: "array",
        items: territory,
        minItems: 1,
        uniqueItems: true,
      },
      alertAtOrBelow: { title: "Alert at or below", description: "A new review with this many stars or fewer is an alert.", ...rating },
      drafts: {
        title: "Drafts",
        description: "Which new reviews get a reply draft: any of these ratings, or a title or body mentioning any of these terms.",
        type: "object",
        additionalProperties: false,
        properties: {
          ratings: { ...ratings, description: "Ratings that get a draft, e.g. [1, 2, 3]." },
          mentioning: { type: "array", items: { type: "string", minLength: 1 }, minItems: 1, description: "Terms (any case) that get a draft." },
        },
      },
      templates: {
        title: "Templates",
        description: "Reply templates; a draft takes the first whose territories and ratings match the review (absent: any).",
        type: "array",
        items: {
          type: "object",
          additionalProperties: false,
          required: ["text"],
          properties: { locale, territories: { type: "array", items: territory, minItems: 1, uniqueItems: true }, ratings, text },
        },
      },
      autoReply: {
        title: "Automatic reply",
        description: "Post this reply at once (asc-gitops reviews --auto-reply), without a pull request, to new reviews at or above a rating.",
        type: "object",
        additionalProperties: false,
        required: ["atOrAbove", "template"],
        properties: { atOrAbove: rating, template: text, locale },
      },
    },
  };
}

/** reviews/replies/<territory>/<reviewId>.yml: the review quoted (read-only) and the reply. */
export function reviewReplySchema(): Record<string, unknown> {
  return {
    $schema: DRAFT,
    title: "asc-gitops reply to a customer review (reviews/replies/<territory>/<reviewId>.yml)",
    description:
      "review: is the review as App Store Connect holds it, read-only (its digest checks it). reply: is posted on merge; an empty reply is nothing to do; " +
      "a file without reply: deletes the live response.",
    type: "object",
    additionalProperties: false,
    required: ["review"],
    properties: {
      review: {
        title: "The review (read-only)",
        type: "object",
        additionalProperties: false,
        required: ["id", "territory", "rating", "date", "digest"],
        properties: {
          id: { type: "string", minLength: 1 },
          territory: { type: "string", pattern: "^[A-Z]{3}$" },
          rating: { type: "integer", minimum: 1, maximum: 5 },
          title: { type: "string" },
          body: { type: "string" },
          nickname: { type: "string" },
          date: { type: "string" },
          digest: { type: "string" },
        },
      },
      reply: { title: "Reply", description: "The response to post.", type: ["string", "null"] },
    },
  };
}
