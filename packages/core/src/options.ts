/**
 * The shared check for options objects: TypeScript catches a misspelt option only in an object
 * literal, so every public function that takes options also checks the names at run time.
 */
import { ArgumentError, describe } from './errors';

function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0] as number;
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j] as number;
      const cost = a[i - 1]?.toLowerCase() === b[j - 1]?.toLowerCase() ? 0 : 1;
      previous[j] = Math.min(above + 1, (previous[j - 1] as number) + 1, diagonal + cost);
      diagonal = above;
    }
  }
  return previous[b.length] as number;
}

function commonPrefixLength(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

function isSubsequence(short: string, long: string): boolean {
  let i = 0;
  for (const c of long) if (c === short[i]) i++;
  return i === short.length;
}

/** The allowed name closest to `name`, when it is close enough to be a likely typo. */
export function closestName(name: string, allowed: readonly string[]): string | undefined {
  const lower = name.toLowerCase().replace(/_/g, '');
  const prefixed = allowed.find((a) => Math.min(lower.length, a.length) >= 3 && (a.toLowerCase().startsWith(lower) || lower.startsWith(a.toLowerCase())));
  if (prefixed !== undefined) return prefixed;
  // an abbreviation: the letters of `name`, in order, in a known name twice as long at most
  const abbreviated = allowed.find((a) => lower.length >= 4 && 2 * lower.length >= a.length && lower[0] === a[0]?.toLowerCase() && isSubsequence(lower, a.toLowerCase()));
  if (abbreviated !== undefined) return abbreviated;
  // another inflection of the same word (maxTry, maxTries): all but its last two letters in common
  const inflected = allowed.find((a) => {
    const common = commonPrefixLength(lower, a.toLowerCase());
    return common >= 4 && common >= lower.length - 2;
  });
  if (inflected !== undefined) return inflected;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of allowed) {
    const d = editDistance(name, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined;
}

/**
 * Throws an ArgumentError unless `options` is undefined or a plain object whose keys are all in
 * `allowed`; the message names the unknown key, the closest allowed one and the allowed set.
 * Keys whose value is undefined count like any other key.
 * @example
 * checkOptions('disarm', options, ['numPairs']); // disarm({ numPair: 4 }) throws: did you mean numPairs?
 */
export function checkOptions(where: string, options: unknown, allowed: readonly string[]): void {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ArgumentError(`${where} options`, `got ${describe(options)}`, `an options object with keys among ${allowed.join(', ') || '(none)'}`);
  }
  for (const name of Object.keys(options)) {
    if (allowed.includes(name)) continue;
    const guess = closestName(name, allowed);
    throw new ArgumentError(
      `${where} options`,
      `unknown option "${name}"${guess ? ` (did you mean "${guess}"?)` : ''}`,
      allowed.length ? allowed.map((a) => `"${a}"`).join(', ') : 'no options',
    );
  }
}
