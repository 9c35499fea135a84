/** "Did you mean" for near-miss keys: `keyword`, `promotional_text`, `whats_new`, `release_notes`. */

// fastlane deliver's file names, so people moving from it get a precise hint.
const KNOWN_ALIASES: Record<string, string> = {
  release_notes: "whatsNew",
  releasenotes: "whatsNew",
  privacy_url: "privacyPolicyUrl",
  privacyurl: "privacyPolicyUrl",
  apple_tv_privacy_policy: "privacyPolicyText",
  bundle_id: "bundleId",
  app_identifier: "bundleId",
};

const squash = (text: string) => text.toLowerCase().replace(/[_\-\s]/g, "");

export function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0]!;
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j]!;
      previous[j] = Math.min(above + 1, previous[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length]!;
}

/** The allowed name closest to `input`, if it is close enough to be a typo. */
export function closestMatch(input: string, allowed: readonly string[]): string | undefined {
  const alias = KNOWN_ALIASES[input.toLowerCase()] ?? KNOWN_ALIASES[squash(input)];
  if (alias && allowed.includes(alias)) return alias;
  const target = squash(input);
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of allowed) {
    const distance = editDistance(target, squash(candidate));
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const tolerance = Math.max(1, Math.min(3, Math.floor(target.length / 3)));
  return bestDistance <= tolerance ? best : undefined;
}
