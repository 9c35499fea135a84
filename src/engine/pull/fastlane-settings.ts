/**
 * fastlane deliver settings that have no file in this repository yet, each
 * with where it will live (DESIGN.md §13–§15) or why it has no place, so an
 * import lists every one of them instead of dropping it. Deliverfile options
 * and the non-localized files of fastlane's metadata/ folder share one table
 * (a file is named after its option: copyright.txt is `copyright`).
 */
const PLANNED = "not supported yet";
const CATEGORIES =
  "categories are app.yml categories: (metadata/primary_category.txt and the other category files are converted; a Deliverfile value is not read)";
const REVIEW =
  "App Review information is metadata/review.yml (metadata/review_information/*.txt is converted; a Deliverfile value is not read); " +
  "a demo account's password goes in a secret (ASC_DEMO_PASSWORD), never in the repository";
const RUN = "how fastlane runs: asc-gitops always validates, plans, then applies exactly the plan";
const CREDENTIALS = "credentials and teams: asc-gitops signs in with ASC_ISSUER_ID, ASC_KEY_ID and ASC_PRIVATE_KEY";
const BINARY = "binaries are uploaded by Xcode or fastlane pilot; asc-gitops manages the listing";
const VALUE = "values written in the Deliverfile are not read: put them in metadata/<locale>/*.txt before importing, or in the locale files";
const PREVIEWS = "a poster frame per video goes in previews/<locale>/<type>/posters.yml";
const APP_CLIP = "App Clips are not managed by asc-gitops";

export const FASTLANE_SETTINGS: Readonly<Record<string, string>> = {
  submit_for_review: "converted to app.yml submit: true only when written as true or false",
  submission_information: `export compliance and advertising identifier answers belong to the submission (${PLANNED})`,
  run_precheck_before_submit: "validate is asc-gitops' precheck: it runs on every plan",
  automatic_release: "converted to app.yml release: { type: after-approval | manual } only when written as true or false",
  auto_release_date: `a scheduled release will be app.yml release: { type: scheduled, date: … } (${PLANNED})`,
  phased_release: "converted to app.yml release: { phased: … } only when written as true or false",
  reset_ratings: "no equivalent: reset the summary of ratings in App Store Connect when you release",
  price_tier: "prices are not managed by asc-gitops: set them in App Store Connect",
  app_rating_config_path:
    "the rating config JSON becomes metadata/age-rating.yml when the path is written as a plain string (or given with --rating-config FILE)",
  copyright: "the copyright is app.yml copyright: (metadata/copyright.txt is converted; a Deliverfile value is not read)",
  primary_category: CATEGORIES,
  secondary_category: CATEGORIES,
  primary_first_sub_category: CATEGORIES,
  primary_second_sub_category: CATEGORIES,
  secondary_first_sub_category: CATEGORIES,
  secondary_second_sub_category: CATEGORIES,
  app_review_information: REVIEW,
  review_information: REVIEW,
  app_review_attachment_file: `an App Review attachment will be part of metadata/review.yml (${PLANNED})`,
  trade_representative_contact_information: "the trade representative's contact (South Korea) has no place in asc-gitops yet: set it in App Store Connect",
  app_clip_review_information: APP_CLIP,
  app_clip_header_images_path: APP_CLIP,
  app_clip_default_experience_metadata_path: APP_CLIP,
  app_clip_default_experience_subtitle: APP_CLIP,
  app_clip_default_experience_action: APP_CLIP,
  build_number: `the build will be app.yml build: (${PLANNED})`,
  app_version: "app.yml version: names the version to manage: set it there to manage this one",
  app: "the app's Apple ID: app.yml app.id",
  languages: "the locales managed are the locale files in metadata/",
  app_icon: "icons come from the build",
  apple_watch_app_icon: "icons come from the build",
  app_previews_path: PREVIEWS,
  preview_frame_time_code: PREVIEWS,
  overwrite_preview_videos: "each previews/<locale>/<type>/ folder is its preview set exactly: nothing to overwrite",
  metadata_path: "asc-gitops reads metadata/ (--metadata DIR)",
  screenshots_path: "asc-gitops reads screenshots/ (--screenshots DIR)",
  ipa: BINARY,
  pkg: BINARY,
  skip_binary_upload: BINARY,
  api_key_path: CREDENTIALS,
  api_key: CREDENTIALS,
  username: CREDENTIALS,
  team_id: CREDENTIALS,
  team_name: CREDENTIALS,
  dev_portal_team_id: CREDENTIALS,
  dev_portal_team_name: CREDENTIALS,
  itc_provider: CREDENTIALS,
  provider_public_id: CREDENTIALS,
  name: VALUE,
  subtitle: VALUE,
  description: VALUE,
  keywords: VALUE,
  promotional_text: VALUE,
  release_notes: VALUE,
  privacy_url: VALUE,
  apple_tv_privacy_policy: VALUE,
  support_url: VALUE,
  marketing_url: VALUE,
  edit_live: RUN,
  use_live_version: RUN,
  skip_screenshots: RUN,
  skip_metadata: RUN,
  skip_app_version_update: RUN,
  force: RUN,
  overwrite_screenshots: RUN,
  screenshot_processing_timeout: RUN,
  sync_screenshots: RUN,
  verify_only: RUN,
  reject_if_possible: RUN,
  version_check_wait_retry_limit: RUN,
  precheck_default_rule_level: RUN,
  precheck_include_in_app_purchases: RUN,
  individual_metadata_items: RUN,
  ignore_language_directory_validation: RUN,
};

/** Options the import reads itself. */
const CONVERTED = new Set(["app_identifier", "platform", "app_previews_path"]);
/** Options whose literal value the import converts (a Ruby expression stays listed). */
const BOOLEAN_OPTIONS = new Set(["automatic_release", "phased_release", "submit_for_review"]);

export interface DeliverfileOptions {
  /** `platform("osx")` and the like, when written as a plain string. */
  platform?: string;
  /** automatic_release, phased_release and submit_for_review, when written as `true` or `false`. */
  booleans: Record<string, boolean>;
  /** app_rating_config_path, when written as a plain string. */
  ratingConfigPath?: string;
  /** `app_previews_path("…")`, when written as a plain string. */
  appPreviewsPath?: string;
  /** Every other deliver option set, with where it will live. */
  notConverted: string[];
}

/**
 * The deliver options a Deliverfile sets: lines that call an option, as
 * `submit_for_review(true)` or `price_tier 0`. Other Ruby is not run, and
 * no value is printed (a Deliverfile may hold a password).
 */
export function deliverfileOptions(text: string, shownName: string): DeliverfileOptions {
  const seen = new Set<string>();
  let platform: string | undefined;
  let ratingConfigPath: string | undefined;
  const booleans: Record<string, boolean> = {};
  let appPreviewsPath: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*([a-z_][a-z0-9_]*)(?=\s*\(|\s+\S|\s*$)/.exec(line);
    const option = match?.[1];
    if (!option || seen.has(option) || !(option in FASTLANE_SETTINGS || CONVERTED.has(option))) continue;
    seen.add(option);
    if (option === "platform") platform = /^\s*platform\s*\(?\s*["']([a-z]+)["']/.exec(line)?.[1];
    const literal = new RegExp(`^\\s*${option}\\s*(?:\\(\\s*(true|false)\\s*\\)|\\s(true|false))\\s*(?:#.*)?$`).exec(line);
    if (BOOLEAN_OPTIONS.has(option) && literal) booleans[option] = (literal[1] ?? literal[2]) === "true";
    // A plain string only: an interpolated or computed path is Ruby this import does not run.
    const pathLiteral = /^\s*app_rating_config_path\s*\(?\s*(["'])([^"'#{}\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]+)\1\s*\)?\s*(?:#.*)?$/.exec(
      line,
    );
    if (option === "app_rating_config_path" && pathLiteral) ratingConfigPath = pathLiteral[2];
    if (option === "app_previews_path") appPreviewsPath = /^\s*app_previews_path\s*\(?\s*["']([^"'#{}]+)["']/.exec(line)?.[1];
  }
  const converted = (option: string) => CONVERTED.has(option) || option in booleans || (option === "app_rating_config_path" && ratingConfigPath !== undefined);
  const notConverted = [...seen].filter((option) => !converted(option)).map((option) => `${shownName} ${option} (${FASTLANE_SETTINGS[option]})`);
  return {
    ...(platform ? { platform } : {}),
    booleans,
    ...(ratingConfigPath ? { ratingConfigPath } : {}),
    ...(appPreviewsPath ? { appPreviewsPath } : {}),
    notConverted,
  };
}

/** fastlane's platform names (deliver's `platform` option) as App Store Connect's. */
export const FASTLANE_PLATFORMS: Readonly<Record<string, string>> = { ios: "IOS", osx: "MAC_OS", appletvos: "TV_OS", xros: "VISION_OS", visionos: "VISION_OS" };
