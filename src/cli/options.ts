/**
 * A command's options as one table: each option's type, the name of its
 * value, its default and a one-line description. Parsing, the usage line and
 * --help are all made from it, so they cannot disagree. An entry is also a
 * valid node:util parseArgs option (parseArgs ignores the extra fields).
 */
import { parseArgs } from "node:util";
import { closestMatch } from "../engine/validate/suggest.js";

export interface OptionDefinition {
  type: "string" | "boolean";
  short?: string;
  /** The value's name in help and usage: DIR, FILE, URL. */
  value?: string;
  default?: string | boolean;
  /** The default in words, when it is not a fixed value ("today in UTC"). */
  defaultText?: string;
  description: string;
  /** Options sharing a group exclude each other; the usage line shows them as [--a | --b X]. */
  group?: string;
}

export type OptionTable = Readonly<Record<string, OptionDefinition>>;
export type OptionValues = Record<string, string | boolean | undefined>;

/** A mistake in the command line: said in one line with what to do, never with a stack trace. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** `--metadata DIR`, `-h, --help`. */
export function optionLabel(name: string, option: OptionDefinition): string {
  return `${option.short ? `-${option.short}, ` : ""}--${name}${option.value ? ` ${option.value}` : ""}`;
}

/** "unknown option "--scrennshots"; did you mean --screenshots?" for each option the table lacks. */
function refuseUnknown(table: OptionTable, args: readonly string[]): void {
  const { tokens } = parseArgs({ args: [...args], options: table, strict: false, allowPositionals: true, tokens: true });
  const names = Object.keys(table);
  for (const token of tokens) {
    if (token.kind !== "option" || Object.hasOwn(table, token.name)) continue;
    const suggestion = closestMatch(token.name, names);
    throw new UsageError(`unknown option "${token.rawName}"${suggestion ? `; did you mean --${suggestion}?` : ""}`);
  }
}

/** The values of `args` by the table; a mistake is a UsageError that names the option. */
export function parseOptions(table: OptionTable, args: readonly string[]): OptionValues {
  refuseUnknown(table, args);
  try {
    return parseArgs({ args: [...args], options: table, strict: true, allowPositionals: false }).values as OptionValues;
  } catch (error) {
    // parseArgs' own words, without its advice on positional arguments (no command takes any).
    const reason = (error as Error).message.replace(/\. To specify a (positional|option) argument.*$/s, "").replace(/^\w/, (first) => first.toLowerCase());
    throw new UsageError(reason);
  }
}
