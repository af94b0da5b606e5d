/** @internal Argument checks shared by the agents and their networks. */
import { ArgumentError, type Key, isKey, KeyError } from '@stochgrad/core';

export function checkKey(where: string, k: unknown): asserts k is Key {
  if (!isKey(k)) throw new KeyError(`${where} key`, `got ${typeof k}`, 'a key from key(seed) or split');
}

export function checkSize(where: string, name: string, value: unknown, min: number): asserts value is number {
  if (!Number.isSafeInteger(value) || (value as number) < min) throw new ArgumentError(`${where} ${name}`, `got ${String(value)}`, `an integer >= ${min}`);
}
