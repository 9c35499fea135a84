/**
 * Works on the registered resources as their dependencies allow: a resource
 * starts once the resources it `needs` (ones before it in the registry) are
 * done, so independent ones go together (the app info and version
 * localizations), and screenshot sets wait for the version localizations they hang on.
 */
import type { AnyResource } from "../contracts/resource.js";

/** `reverse`: a resource starts once those that need it are done (deletions: what hangs on a thing goes first). */
export async function inDependencyOrder(resources: readonly AnyResource[], work: (resource: AnyResource) => Promise<void>, reverse = false): Promise<void> {
  const started = new Map<AnyResource, Promise<void>>();
  const waitsFor = (resource: AnyResource, index: number): AnyResource[] =>
    reverse
      ? resources.slice(index + 1).filter((other) => other.needs?.includes(resource.name))
      : resources.slice(0, index).filter((other) => resource.needs?.includes(other.name));
  const start = (resource: AnyResource): Promise<void> => {
    let done = started.get(resource);
    if (!done) {
      done = Promise.all(waitsFor(resource, resources.indexOf(resource)).map(start)).then(() => work(resource));
      started.set(resource, done);
    }
    return done;
  };
  await Promise.all(resources.map(start));
}
