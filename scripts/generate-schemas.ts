/** Writes the JSON Schemas in schema/ (app, locale, age-rating, review) from src/engine/validate/schemas.ts. */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ageRatingSchema, appSchema, localeSchema, reviewReplySchema, reviewSchema, reviewsConfigSchema } from "../src/engine/validate/schemas.js";

export const schemaFiles = {
  "app.schema.json": appSchema,
  "locale.schema.json": localeSchema,
  "age-rating.schema.json": ageRatingSchema,
  "reviews-config.schema.json": reviewsConfigSchema,
  "review-reply.schema.json": reviewReplySchema,
  "review.schema.json": reviewSchema,
};
export const renderSchema = (schema: object): string => `${JSON.stringify(schema, null, 2)}\n`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const folder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "schema");
  for (const [file, build] of Object.entries(schemaFiles)) {
    await writeFile(path.join(folder, file), renderSchema(build()));
    console.log(`schema/${file}`);
  }
}
