/** Command-line options of the bench scripts: `--name value` anywhere in process.argv. */

/** The number after --name, or `fallback` when the option is absent; throws on a non-number. */
export function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isFinite(value)) throw new Error(`--${name} needs a number, got ${process.argv[i + 1]}`);
  return value;
}

/** The string after --name, or undefined when the option is absent. */
export function stringOption(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
