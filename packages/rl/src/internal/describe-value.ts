/** @internal A short description of a value for error messages: `2`, `NaN`, `string "1"`, `an array of length 3`, `null`. */
export function describeValue(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return `string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'boolean') return `boolean ${value}`;
  if (typeof value === 'bigint') return `bigint ${value}n`;
  if (Array.isArray(value) || ArrayBuffer.isView(value)) return `an array of length ${(value as ArrayLike<unknown>).length}`;
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'symbol') return 'a symbol';
  return 'an object';
}
