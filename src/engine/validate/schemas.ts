/**
 * The JSON Schemas of app.yml, the locale files and age-rating.yml, built from the field table
 * in src/model/fields.ts so that a limit is written once. `npm run schemas`
 * writes them to schema/ (published for editors); a test keeps that copy equal.
 */
import { FIELDS, FIELD_NAMES, ROTATING_FIELDS, type FieldName } from "../../model/fields.js";
import { AGE_RATING_ATTRIBUTE_NAMES, AGE_RATING_ATTRIBUTES, DEPRECATED_AGE_RATING_ATTRIBUTES, type AgeRatingAnswer } from "../../model/age-rating.js";
import { ALL_SUBCATEGORY_IDS, CATEGORY_IDS, MAX_SUBCATEGORIES } from "../../model/categories.js";
import { PLATFORMS } from "../../model/platforms.js";

const DRAFT = "https://json-schema.org/draft/2020-12/schema";

/** URLs that may be cleared with "" and those the App Store requires. */
export const REQUIRED_URLS: readonly FieldName[] = ["privacyPolicyUrl", "supportUrl"];
/** http or https in any case, a host, no whitespace; url-rules.ts judges the host and port. */
export const URL_PATTERN = "^[Hh][Tt][Tt][Pp][Ss]?://[^\\s/?#]+[^\\s]*$";
export const CLEARABLE_URL_PATTERN = `^$|${URL_PATTERN}`;
export const VERSION_PATTERN = "^[0-9]+(\\.[0-9]+){0,2}$";
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
