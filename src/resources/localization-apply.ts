/**
 * Applying localization changes, shared by app info and version
 * localizations: creates that look before they repeat (a create answered 409,
 * or whose answer was lost, may have worked), ONE PATCH per localization with
 * all its changed fields, and deletes.
 *
 * A cleared URL is sent as null: the spec's update requests declare the text
 * attributes nullable and the version URLs `format: uri`, which "" is not, and
 * whether App Store Connect takes "" is not known. A create leaves cleared
 * fields out (a new localization holds no value anyway). And when App Store
 * Connect refuses some attributes of a PATCH (each named by its pointer), the
 * PATCH is sent again without them: one refused field fails alone.
 */
import { AscApiError } from "../asc/errors.js";
import { lookThenRepeat, mayAlreadyExist, type ApplyRun } from "../contracts/apply-run.js";
import type { LiveLocalization, SharedLive } from "../contracts/live-state.js";
import { FIELDS } from "../model/fields.js";
import { mapWithConcurrency } from "../util/concurrency.js";
import type { FieldUpdate, LocalizationChange, LocalizationCreate, LocalizationDelete, LocalizationResource } from "./localization-changes.js";
import { localizationLabel } from "./localization-describe.js";

/** A run's view of the live state: the shared part and the localizations of each resource. */
type LocalizationRun = ApplyRun<object, SharedLive & Partial<Record<"appInfoLocalizations" | "versionLocalizations", LiveLocalization<string>[]>>>;

interface ResourceShape {
  parentType: "appStoreVersions" | "appInfos";
  parentRelationship: "appStoreVersion" | "appInfo";
  label: string;
  parentId(run: LocalizationRun): string | undefined;
  /** Its localizations live before applying. */
  live(run: LocalizationRun): readonly LiveLocalization<string>[];
}

const SHAPES: Record<LocalizationResource, ResourceShape> = {
  appStoreVersionLocalizations: {
    parentType: "appStoreVersions",
    parentRelationship: "appStoreVersion",
    label: "version localization",
    parentId: (run) => run.live.version?.id,
    live: (run) => run.live.versionLocalizations ?? [],
  },
  appInfoLocalizations: {
    parentType: "appInfos",
    parentRelationship: "appInfo",
    label: "app info localization",
    parentId: (run) => run.live.appInfo?.id,
    live: (run) => run.live.appInfoLocalizations ?? [],
  },
};

/** locale -> id of the resource's localizations, live or created by this run (screenshot sets hang on the version's). */
export function localizationIds(run: LocalizationRun, resource: LocalizationResource): Map<string, string> {
  return run.kept(`${resource}.ids`, () => new Map(SHAPES[resource].live(run).map((localization) => [localization.locale, localization.id])));
}

interface IdDocument {
  data: { id: string };
}

interface IdCollection {
  data: { id: string; attributes?: { locale?: string } }[];
}

/** A field's value as a request carries it: a cleared URL is null (see above). */
function requestValue(field: string, value: string): string | null {
  return value === "" && Object.hasOwn(FIELDS, field) && "url" in FIELDS[field as keyof typeof FIELDS] ? null : value;
}

function requestAttributes(fields: Readonly<Record<string, string>>): Record<string, string | null> {
  return Object.fromEntries(Object.entries(fields).map(([field, value]) => [field, requestValue(field, value)]));
}

/** The fields a create sends: cleared ones left out. */
const createAttributes = (fields: Readonly<Record<string, string>>) => Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== ""));

async function findExisting(run: LocalizationRun, resource: LocalizationResource, parentId: string, locale: string): Promise<string | undefined> {
  const shape = SHAPES[resource];
  const found = await run.client.getAll<IdCollection>(`/v1/${shape.parentType}/${encodeURIComponent(parentId)}/${resource}`, {
    "filter[locale]": locale,
    limit: 200,
  });
  return found.data.find((item) => item.attributes?.locale === locale)?.id;
}

async function create(run: LocalizationRun, change: LocalizationCreate): Promise<void> {
  const shape = SHAPES[change.resource];
  const parentId = shape.parentId(run);
  if (!parentId) return run.skip(change, `there is no ${shape.parentType === "appInfos" ? "app info" : "version"} to add a localization to`);
  const body = {
    data: {
      type: change.resource,
      attributes: { locale: change.locale, ...createAttributes(change.fields) },
      relationships: { [shape.parentRelationship]: { data: { type: shape.parentType, id: parentId } } },
    },
  };
  try {
    const created = await run.client.post<IdDocument>(`/v1/${change.resource}`, body);
    localizationIds(run, change.resource).set(change.locale, created.data.id);
  } catch (error) {
    if (!mayAlreadyExist(error)) return run.fail(change, error, `creating the ${shape.label}`);
    try {
      // Not there: a lost answer means the create did not happen, so it is sent again; a 409 stands.
      const { id, found } = await lookThenRepeat(
        error,
        async () => {
          const existing = await findExisting(run, change.resource, parentId, change.locale);
          return existing ? { id: existing, found: true } : undefined;
        },
        async () => ({ id: (await run.client.post<IdDocument>(`/v1/${change.resource}`, body)).data.id, found: false }),
      );
      localizationIds(run, change.resource).set(change.locale, id);
      // It exists (an earlier run, or a lost answer): make its fields what the create would have set.
      if (found && Object.keys(change.fields).length)
        await run.client.patch(`/v1/${change.resource}/${encodeURIComponent(id)}`, {
          data: { type: change.resource, id, attributes: requestAttributes(change.fields) },
        });
    } catch (second) {
      return run.fail(change, second, `creating the ${shape.label}`);
    }
  }
  run.record(change, "done");
  const label = localizationLabel(change, run.live);
  run.progress(
    `${change.locale}: created the ${label} localization${Object.keys(change.fields).length ? ` with ${Object.keys(change.fields).join(", ")}` : ""}`,
  );
}

export async function applyLocalizationCreates(run: LocalizationRun, changes: readonly LocalizationCreate[]): Promise<void> {
  await mapWithConcurrency(changes, run.options.concurrency, (change) => create(run, change));
}

/**
 * The attributes an answer refuses one by one, each with its own error items;
 * undefined when it refuses the request as a whole (an item without a pointer
 * at one of the attributes sent, or not a refusal of what was sent).
 */
function refusedAttributes(error: unknown, sent: readonly string[]): Map<string, AscApiError> | undefined {
  if (!(error instanceof AscApiError) || (error.status !== 409 && error.status !== 422) || error.errors.length === 0) return undefined;
  const refused = new Map<string, typeof error.errors>();
  for (const item of error.errors) {
    const pointer = (item.source as { pointer?: unknown } | undefined)?.pointer;
    const field = typeof pointer === "string" ? /^\/data\/attributes\/([^/]+)$/.exec(pointer)?.[1] : undefined;
    if (!field || !sent.includes(field)) return undefined;
    refused.set(field, [...(refused.get(field) ?? []), item]);
  }
  return new Map([...refused].map(([field, items]) => [field, error.narrowedTo(items)]));
}

/** One PATCH per localization, with every changed field of it; fields App Store Connect refuses by name fail alone. */
export async function applyFieldUpdates(run: LocalizationRun, changes: readonly FieldUpdate[]): Promise<void> {
  const groups = new Map<string, FieldUpdate[]>();
  for (const change of changes) {
    const key = `${change.resource}/${change.localizationId}`;
    groups.set(key, [...(groups.get(key) ?? []), change]);
  }
  await mapWithConcurrency([...groups.values()], run.options.concurrency, async (group) => {
    const [first] = group as [FieldUpdate, ...FieldUpdate[]];
    const path = `/v1/${first.resource}/${encodeURIComponent(first.localizationId)}`;
    let pending = group;
    while (pending.length > 0) {
      const attributes = requestAttributes(Object.fromEntries(pending.map((change) => [change.field, change.after])));
      try {
        await run.client.patch(path, { data: { type: first.resource, id: first.localizationId, attributes } });
        break;
      } catch (error) {
        const refused = refusedAttributes(error, Object.keys(attributes));
        if (!refused) {
          for (const change of pending) run.fail(change, error, `updating ${change.field}`);
          return;
        }
        // Only the refused fields fail; the rest go again, in one PATCH.
        for (const change of pending) if (refused.has(change.field)) run.fail(change, refused.get(change.field), `updating ${change.field}`);
        pending = pending.filter((change) => !refused.has(change.field));
      }
    }
    if (pending.length === 0) return;
    for (const change of pending) run.record(change, "done");
    const on = first.resource === "appInfoLocalizations" ? "(app info)" : `on ${localizationLabel(first, run.live)}`;
    run.progress(`${first.locale}: updated ${pending.map((change) => change.field).join(", ")} ${on}`);
  });
}

/** Creates and field updates (deletes come last, with `removeLocalizations`). */
export async function applyLocalizations(run: LocalizationRun, changes: readonly LocalizationChange[]): Promise<void> {
  await applyLocalizationCreates(
    run,
    changes.filter((change) => change.kind === "localization-create"),
  );
  await applyFieldUpdates(
    run,
    changes.filter((change) => change.kind === "field-update"),
  );
}

export async function applyLocalizationDeletes(run: LocalizationRun, changes: readonly LocalizationDelete[]): Promise<void> {
  await mapWithConcurrency(changes, run.options.concurrency, async (change) => {
    try {
      await run.client.delete(`/v1/${change.resource}/${encodeURIComponent(change.localizationId)}`);
    } catch (error) {
      return run.fail(change, error, `deleting the ${SHAPES[change.resource].label}`);
    }
    run.record(change, "done");
    run.progress(`${change.locale}: deleted the ${SHAPES[change.resource].label} (prune)`);
  });
}
