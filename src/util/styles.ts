/**
 * The terminal styles the program writes, as SGR codes: one table for
 * everything that colours (`paint`, the plan's text) and for the log's
 * escaping, which lets exactly these codes through and shows every other
 * escape sequence (control-characters.ts).
 */
export const STYLES = { red: [31, 39], green: [32, 39], yellow: [33, 39], cyan: [36, 39], dim: [2, 22], bold: [1, 22] } as const;

export type Style = keyof typeof STYLES;

/** The text in one style (callers decide whether to colour at all). */
export function styled(style: Style, text: string): string {
  const [open, close] = STYLES[style];
  return `\u001b[${open}m${text}\u001b[${close}m`;
}

const CODES = [...new Set(Object.values(STYLES).flat())].sort((a, b) => b - a);

/** One of the codes above at the sticky position (`lastIndex`). */
export const OWN_STYLE_CODE = new RegExp(`\\u001b\\[(?:${CODES.join("|")})m`, "y");
