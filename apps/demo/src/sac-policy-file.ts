/**
 * What: the demo's shipped SAC agent as a file: an `agent.save()` snapshot of @stochgrad/rl's `sac`
 * (policy, twin critics, their targets, log α: everything `sac.load` needs to act and to keep
 * training) with every weight tensor stored as little-endian float32 bytes in base64, and where it
 * came from (bench run id, steps, the last deterministic evaluation, the bench command, dates).
 * `encodeSacPolicyFile` writes it (src/export-sac-policy.ts), `decodeSacPolicyFile` turns it back
 * into the snapshot `sac.load` accepts (the web page and the tests).
 * Properties: lossless (the snapshot's values are float32 already: the same weights, bit for bit);
 * about a third the size of the snapshot's JSON numbers. The optimizer moments and the replay
 * buffer are not in a snapshot, so continued training starts them afresh.
 */
import type { SacSnapshot } from '@stochgrad/rl';

export const SAC_POLICY_FILE_FORMAT = 'stochgrad.demo.sac-policy';

/** Where the page finds the shipped HalfCheetah agent, relative to its base URL (web/public/...). */
export const HALFCHEETAH_POLICY_PATH = 'mujoco/halfcheetah-sac.json';

/** One weight tensor: its shape and its float32 values as base64 (little-endian). */
export interface EncodedTensor {
  shape: number[];
  float32: string;
}

type WeightGroups = SacSnapshot['weights'];

/** Where the agent came from. */
export interface SacPolicySource {
  /** the bench run's id (bench/results/rl-sac) */
  runId: string;
  env: string;
  method: string;
  seed: number;
  /** a finished run ('run') or a mid-run checkpoint ('checkpoint') */
  from: 'run' | 'checkpoint';
  /** environment steps and gradient steps the agent was trained for */
  steps: number;
  updates: number;
  /** the run's last deterministic evaluation at or before `steps` (10 episodes in the bench), if any */
  evaluation: { steps: number; mean: number; std: number; episodes: number } | null;
  /** the command that trained it */
  benchCommand: string;
  /** when the bench saved the snapshot, and when it was exported (ISO 8601) */
  savedAt: string;
  exportedAt: string;
}

export interface SacPolicyFile {
  format: typeof SAC_POLICY_FILE_FORMAT;
  version: 1;
  source: SacPolicySource;
  /** the snapshot with its weights encoded */
  snapshot: Omit<SacSnapshot, 'weights'> & { weights: Record<keyof WeightGroups, EncodedTensor[]> };
}

export class SacPolicyFileError extends Error {
  override name = 'SacPolicyFileError';
}

const WEIGHT_GROUPS = ['policy', 'critics', 'targets', 'logEntCoef', 'entropy'] as const satisfies readonly (keyof WeightGroups)[];

/** Bytes → base64, in Node and in a browser (btoa on chunks of a binary string). */
export function bytesToBase64(bytes: Uint8Array): string {
  let out = '';
  const chunk = 0x6000; // a multiple of 3, so the chunks' base64 concatenates
  for (let i = 0; i < bytes.length; i += chunk) out += btoa(String.fromCharCode(...bytes.subarray(i, i + chunk)));
  return out;
}

export function base64ToBytes(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function encodeTensor(where: string, tensor: { shape: number[]; values: ArrayLike<number> }): EncodedTensor {
  const size = tensor.shape.reduce((a, b) => a * b, 1);
  if (tensor.values.length !== size) throw new SacPolicyFileError(`${where}: ${tensor.values.length} values for shape [${tensor.shape.join(', ')}]`);
  const values = Float32Array.from(tensor.values);
  for (let i = 0; i < values.length; i++) {
    if (values[i] !== tensor.values[i] && !(Number.isNaN(values[i]) && Number.isNaN(tensor.values[i]))) {
      throw new SacPolicyFileError(`${where}[${i}]: ${tensor.values[i]} is not a float32 value`);
    }
  }
  const bytes = new Uint8Array(4 * values.length);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(4 * i, values[i] as number, true);
  return { shape: [...tensor.shape], float32: bytesToBase64(bytes) };
}

function decodeTensor(where: string, tensor: EncodedTensor): { shape: number[]; values: number[] } {
  if (!tensor || !Array.isArray(tensor.shape) || typeof tensor.float32 !== 'string') throw new SacPolicyFileError(`${where}: expected { shape, float32 }`);
  const bytes = base64ToBytes(tensor.float32);
  const size = tensor.shape.reduce((a, b) => a * b, 1);
  if (bytes.length !== 4 * size) throw new SacPolicyFileError(`${where}: ${bytes.length} bytes for shape [${tensor.shape.join(', ')}] (expected ${4 * size})`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const values = new Array<number>(size);
  for (let i = 0; i < size; i++) values[i] = view.getFloat32(4 * i, true);
  return { shape: [...tensor.shape], values };
}

/** The file for a snapshot and where it came from. */
export function encodeSacPolicyFile(snapshot: SacSnapshot, source: SacPolicySource): SacPolicyFile {
  if (snapshot?.format !== 'stochgrad.sac' || snapshot.version !== 1) throw new SacPolicyFileError(`expected a SAC snapshot (format 'stochgrad.sac', version 1), got ${String(snapshot?.format)} ${String(snapshot?.version)}`);
  const { weights, ...rest } = snapshot;
  const encoded = Object.fromEntries(
    WEIGHT_GROUPS.map((group) => [group, (weights[group] ?? []).map((t, i) => encodeTensor(`snapshot weights.${group}[${i}]`, t))]),
  ) as Record<keyof WeightGroups, EncodedTensor[]>;
  return { format: SAC_POLICY_FILE_FORMAT, version: 1, source, snapshot: { ...rest, weights: encoded } };
}

/** The snapshot `sac.load` accepts, from the file (or its JSON text). */
export function decodeSacPolicyFile(file: SacPolicyFile | string): { snapshot: SacSnapshot; source: SacPolicySource } {
  const f = (typeof file === 'string' ? JSON.parse(file) : file) as Partial<SacPolicyFile> | null;
  if (f === null || typeof f !== 'object' || f.format !== SAC_POLICY_FILE_FORMAT || f.version !== 1 || !f.snapshot || !f.source) {
    throw new SacPolicyFileError(`expected a file of format '${SAC_POLICY_FILE_FORMAT}' version 1 (src/export-sac-policy.ts writes one)`);
  }
  const { weights, ...rest } = f.snapshot;
  const decoded = Object.fromEntries(
    WEIGHT_GROUPS.map((group) => {
      const list = weights?.[group];
      if (!Array.isArray(list)) throw new SacPolicyFileError(`snapshot weights.${group}: missing`);
      return [group, list.map((t, i) => decodeTensor(`snapshot weights.${group}[${i}]`, t))];
    }),
  ) as unknown as WeightGroups;
  return { snapshot: { ...rest, weights: decoded } as SacSnapshot, source: f.source };
}

/** One line on where the agent came from, for the page and the terminal. */
export function describeSacPolicySource(source: SacPolicySource): string {
  const e = source.evaluation;
  const evaluation = e ? `deterministic evaluation at ${e.steps.toLocaleString('en')} steps: return ${e.mean.toFixed(0)} ± ${e.std.toFixed(0)} (${e.episodes} episodes)` : 'not evaluated';
  return `${source.env} SAC (${source.method}), bench run ${source.runId} (${source.from === 'run' ? 'finished' : 'checkpoint'}), ` +
    `${source.steps.toLocaleString('en')} environment steps, ${source.updates.toLocaleString('en')} updates; ${evaluation}; saved ${source.savedAt.slice(0, 16).replace('T', ' ')} UTC`;
}
