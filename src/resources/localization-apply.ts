/**
 * Applying localization changes, shared by app info and version
 * localizations: creates that look before they repeat (a create answered 409,
 * or whose answer was lost, may have worked), ONE PATCH per localization with
 * all its changed fields, and deletes.
 */
import type { LocalizationCreate, LocalizationDelete, LocalizationResource, FieldUpdate } from "../engine/plan/plan.js";
import { lookThenRepeat, mayAlreadyExist, type ApplyRun } from "../engine/apply/run.js";
import { localizationLabel } from "../engine/render/describe.js";
import { mapWithConcurrency } from "../util/concurrency.js";

interface ResourceShape {
  parentType: "appStoreVersions" | "appInfos";
  parentRelationship: "appStoreVersion" | "appInfo";
  label: string;
  parentId(run: ApplyRun): string | undefined;
  ids(run: ApplyRun): Map<string, string>;
}

const SHAPES: Record<LocalizationResource, ResourceShape> = {
  appStoreVersionLocalizations: {
    parentType: "appStoreVersions",
    parentRelationship: "appStoreVersion",
    label: "version localization",
    parentId: (run) => run.live.version?.id,
    ids: (run) => run.versionLocalizationIds,
  },
  appInfoLocalizations: {
    parentType: "appInfos",
    parentRelationship: "appInfo",
    label: "app info localization",
    parentId: (run) => run.live.appInfo?.id,
    ids: (run) => run.appInfoLocalizationIds,
  },
};

interface IdDocument {
  data: { id: string };
}

interface IdCollection {
  data: { id: string; attributes?: { locale?: string } }[];
}

async function findExisting(run: ApplyRun, resource: LocalizationResource, parentId: string, locale: string): Promise<string | undefined> {
  const shape = SHAPES[resource];
  const found = await run.client.getAll<IdCollection>(`/v1/${shape.parentType}/${encodeURIComponent(parentId)}/${resource}`, { "filter[locale]": locale, limit: 200 });
  return found.data.find((item) => item.attributes?.locale === locale)?.id;
}

async function create(run: ApplyRun, change: LocalizationCreate): Promise<void> {
  const shape = SHAPES[change.resource];
  const parentId = shape.parentId(run);
  if (!parentId) return run.skip(change, `there is no ${shape.parentType === "appInfos" ? "app info" : "version"} to add a localization to`);
  const body = {
    data: {
      type: change.resource,
      attributes: { locale: change.locale, ...change.fields },
      relationships: { [shape.parentRelationship]: { data: { type: shape.parentType, id: parentId } } },
    },
  };
  try {
    const created = await run.client.post<IdDocument>(`/v1/${change.resource}`, body);
    shape.ids(run).set(change.locale, created.data.id);
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
      shape.ids(run).set(change.locale, id);
      // It exists (an earlier run, or a lost answer): make its fields what the create would have set.
      if (found && Object.keys(change.fields).length)
        await run.client.patch(`/v1/${change.resource}/${encodeURIComponent(id)}`, { data: { type: change.resource, id, attributes: change.fields } });
    } catch (second) {
      return run.fail(change, second, `creating the ${shape.label}`);
    }
  }
  run.record(change, "done");
  const label = localizationLabel(change, run.live);
  run.progress(`${change.locale}: created the ${label} localization${Object.keys(change.fields).length ? ` with ${Object.keys(change.fields).join(", ")}` : ""}`);
}

export async function applyLocalizationCreates(run: ApplyRun, changes: readonly LocalizationCreate[]): Promise<void> {
  await mapWithConcurrency(changes, run.options.concurrency, (change) => create(run, change));
}

/** One PATCH per localization, with every changed field of it. */
export async function applyFieldUpdates(run: ApplyRun, changes: readonly FieldUpdate[]): Promise<void> {
  const groups = new Map<string, FieldUpdate[]>();
  for (const change of changes) {
    const key = `${change.resource}/${change.localizationId}`;
    groups.set(key, [...(groups.get(key) ?? []), change]);
  }
  await mapWithConcurrency([...groups.values()], run.options.concurrency, async (group) => {
    const [first] = group as [FieldUpdate, ...FieldUpdate[]];
    const attributes = Object.fromEntries(group.map((change) => [change.field, change.after]));
    try {
      await run.client.patch(`/v1/${first.resource}/${encodeURIComponent(first.localizationId)}`, { data: { type: first.resource, id: first.localizationId, attributes } });
    } catch (error) {
      for (const change of group) run.fail(change, error, `updating ${change.field}`);
      return;
    }
    for (const change of group) run.record(change, "done");
    const on = first.resource === "appInfoLocalizations" ? "(app info)" : `on ${localizationLabel(first, run.live)}`;
    run.progress(`${first.locale}: updated ${group.map((change) => change.field).join(", ")} ${on}`);
  });
}

export async function applyLocalizationDeletes(run: ApplyRun, changes: readonly LocalizationDelete[]): Promise<void> {
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
