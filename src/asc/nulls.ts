/**
 * App Store Connect's documents carry `null` for every empty value
 * (`"subtitle": null`, `"imageAsset": null`, `"assetDeliveryState": null`),
 * which the spec's schemas, and so the generated types, do not allow. The
 * client reads them as "no value": every null member and array item goes
 * before anything else sees the document, so no reader can mistake one for a
 * value (or crash on it).
 */
export function withoutNulls<T>(value: T): T {
  if (Array.isArray(value)) {
    let write = 0;
    for (const item of value) if (item !== null) value[write++] = withoutNulls(item);
    value.length = write;
    return value;
  }
  if (typeof value === "object" && value !== null) {
    const object = value as Record<string, unknown>;
    for (const key in object) {
      const member = object[key];
      if (member === null) delete object[key];
      else if (typeof member === "object") withoutNulls(member);
    }
  }
  return value;
}
