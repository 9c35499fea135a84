/**
 * The Plan of the registered resources: the contract's generic plan
 * (contracts/plan.ts) with the changes the registry's resources own.
 */
export * from "../../contracts/plan.js";
export type {
  Change,
  ChangeKind,
  FieldUpdate,
  LocalizationCreate,
  LocalizationDelete,
  LocalizationResource,
  Plan,
  ScreenshotDelete,
  ScreenshotDeleteReason,
  ScreenshotReorder,
  ScreenshotSetCreate,
  ScreenshotSetDelete,
  ScreenshotUpload,
} from "../../resources/index.js";
