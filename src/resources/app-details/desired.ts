/**
 * app.yml's app-level keys this resource manages: `copyright` (the managed
 * version's) and `contentRights` (the app's). Each absent key is unmanaged.
 */
import type { LoadedFiles } from "../../contracts/files.js";
import type { FieldSources } from "../../contracts/resource.js";

export type ContentRightsDeclaration = "USES_THIRD_PARTY_CONTENT" | "DOES_NOT_USE_THIRD_PARTY_CONTENT";

export interface DesiredAppDetails {
  /** Absent: none of its keys is managed (a desired state made by hand, as pull makes one). */
  appDetails?: {
    copyright?: string;
    contentRights?: ContentRightsDeclaration;
    sources: FieldSources;
  };
}

export const contentRightsDeclaration = (usesThirdPartyContent: boolean): ContentRightsDeclaration =>
  usesThirdPartyContent ? "USES_THIRD_PARTY_CONTENT" : "DOES_NOT_USE_THIRD_PARTY_CONTENT";

const asRecord = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

export function appDetailsDesired(files: LoadedFiles): DesiredAppDetails {
  const root = asRecord(files.appDocument?.value);
  const positions: FieldSources["positions"] = {};
  const at = (pointer: string) => files.appDocument?.locations.get(pointer)?.value;
  const copyright = at("/copyright");
  if (copyright) positions.copyright = copyright;
  const rightsAt = at("/contentRights/usesThirdPartyContent") ?? at("/contentRights");
  if (rightsAt) positions.contentRights = rightsAt;
  const rights = asRecord(root.contentRights).usesThirdPartyContent;
  return {
    appDetails: {
      ...(typeof root.copyright === "string" ? { copyright: root.copyright } : {}),
      ...(typeof rights === "boolean" ? { contentRights: contentRightsDeclaration(rights) } : {}),
      sources: { file: files.appFile, positions },
    },
  };
}
