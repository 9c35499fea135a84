/**
 * ageRatingDeclarations: the age rating questionnaire (metadata/age-rating.yml),
 * of the appInfo being edited. It rides on the engine's ONE appInfos read
 * (include=ageRatingDeclaration) and is written with ONE PATCH; it has no create.
 */
import type { AppInfo } from "../../asc/types.js";
import type { ReadClient, Resource } from "../../contracts/resource.js";
import { AGE_RATING_ATTRIBUTE_NAMES, ageRatingText, type AgeRatingValue } from "../../model/age-rating.js";
import { plural } from "../../util/plural.js";
import { ageRatingDesired, type DesiredAgeRatingSlice } from "./desired.js";
import { AGE_RATING_GROUP, diffAgeRating, type AgeRatingUpdate, type LiveAgeRatingDeclaration, type LiveAgeRatingSlice } from "./diff.js";

const RELATIONSHIP = "ageRatingDeclaration";
const TYPE = "ageRatingDeclarations";

interface DeclarationDocument {
  type: string;
  id: string;
  attributes?: Record<string, unknown> | null;
}

function toLive(document: DeclarationDocument): LiveAgeRatingDeclaration {
  const answers: LiveAgeRatingDeclaration["answers"] = {};
  for (const name of AGE_RATING_ATTRIBUTE_NAMES) {
    const value = document.attributes?.[name];
    answers[name] = typeof value === "string" || typeof value === "boolean" ? value : null;
  }
  return { id: document.id, answers };
}

/** The declaration from the shared read's include; read on its own only when Apple answered links without data. */
async function readDeclaration(
  client: ReadClient,
  info: AppInfo | undefined,
  included: readonly { type: string; id: string }[] | undefined,
  mayRequest: boolean,
): Promise<LiveAgeRatingDeclaration | undefined> {
  if (!info) return undefined;
  const linkage = (info.relationships as Record<string, { data?: { id: string } | null } | undefined> | undefined)?.[RELATIONSHIP];
  if (linkage && "data" in linkage) {
    if (!linkage.data) return undefined;
    const found = (included ?? []).find((item) => item.type === TYPE && item.id === linkage.data!.id) as DeclarationDocument | undefined;
    if (found) return toLive(found);
  }
  if (!mayRequest) return undefined;
  const answer = await client.get<{ data: DeclarationDocument | null }>(`/v1/appInfos/${encodeURIComponent(info.id)}/${RELATIONSHIP}`);
  return answer.data ? toLive(answer.data) : undefined;
}

const show = (value: AgeRatingValue | null) => ageRatingText(value);

export const ageRating: Resource<DesiredAgeRatingSlice, LiveAgeRatingSlice, AgeRatingUpdate> = {
  name: "ageRatingDeclarations",
  kinds: { "age-rating-update": "update" },
  desired: ageRatingDesired,
  locales: () => [],
  read: {
    includesOne: { appInfos: [RELATIONSHIP] },
    async read(client, { desired, shared }) {
      // Read from the include even without the file (pull writes it); a request of its own only for a managed age rating.
      const declaration = await readDeclaration(client, shared.appInfo, shared.appInfos.included, Boolean(desired.ageRating));
      return declaration ? { ageRatingDeclaration: declaration } : {};
    },
  },
  diff: (desired, live) => diffAgeRating(desired.ageRating, live),
  order: () => [],
  async apply(changes, run) {
    for (const change of changes) {
      const attributes = Object.fromEntries(change.answers.map((answer) => [answer.attribute, answer.after]));
      try {
        await run.client.patch(`/v1/${TYPE}/${encodeURIComponent(change.id)}`, { data: { type: TYPE, id: change.id, attributes } });
        run.record(change, "done");
        run.progress(`✓ age rating: ${plural(change.answers.length, "answer", "answers")} updated`);
      } catch (error) {
        run.fail(change, error, "updating the age rating");
      }
    }
  },
  describe: {
    what: (change) => (change.field ? `answer ${change.field} of the age rating` : "update the age rating"),
    count: (_kind, changes) =>
      plural(
        changes.reduce((sum, change) => sum + change.answers.length, 0),
        "age rating answer to change",
        "age rating answers to change",
      ),
    text: (change, pen) => [
      pen.style("yellow", "  ~ age rating") + pen.at(change),
      ...change.answers.map((answer) => `      ${answer.attribute}: ${pen.style("red", show(answer.before))} → ${pen.style("green", show(answer.after))}`),
    ],
    markdown: (change, pen) => ({
      section: { id: "age-rating", rank: 5, head: ["| age rating | App Store Connect | repository |", "|---|---|---|"] },
      lines: change.answers.map((answer) => `| ${pen.plain(answer.attribute)} | ${pen.cell(show(answer.before))} | ${pen.cell(show(answer.after))} |`),
    }),
  },
};

export { AGE_RATING_GROUP };
