/**
 * ageRatingDeclarations: the age rating questionnaire, one per app info, made
 * with it and never created or deleted by a request (capabilities.md §2d).
 * Attributes the spec does not have (gamblingAndContests, seventeenPlus) are
 * refused before this handler by the request schema check (409 ENTITY_ERROR.ATTRIBUTE.UNKNOWN).
 */
import { errors } from "../errors.js";
import { assertAppInfoEditable } from "../rules/states.js";
import { mustFind, ok, pathId, resourceBody, type Handler } from "./context.js";

export const ageRatingDeclarationsHandlers = {
  appInfos_ageRatingDeclaration_getToOneRelated: (context) => {
    const info = mustFind(context, "appInfos", pathId(context));
    const declaration = context.store.tables.ageRatingDeclarations.find((item) => item.appInfoId === info.id);
    if (!declaration) throw errors.notFound("ageRatingDeclarations", `of appInfo ${info.id}`);
    return ok(context, "ageRatingDeclarations", declaration);
  },
  ageRatingDeclarations_updateInstance: async (context) => {
    const declaration = mustFind(context, "ageRatingDeclarations", pathId(context));
    const info = mustFind(context, "appInfos", declaration.appInfoId);
    const { attributes } = resourceBody(context);
    assertAppInfoEditable(info, "The age rating", Object.keys(attributes));
    for (const [name, value] of Object.entries(attributes)) {
      if (typeof value === "string" || typeof value === "boolean") declaration.answers[name] = value;
      else delete declaration.answers[name];
    }
    await context.store.commit();
    return ok(context, "ageRatingDeclarations", declaration);
  },
} satisfies Record<string, Handler>;
