/**
 * Adam with its moments kept as one flat vector per set of variables: the update of all variables
 * is a dozen kernels in all (plus one subtraction per variable), where tf.train.adam launches about
 * a dozen per variable — for small and medium networks (RL agents, VAEs) the kernel launches are
 * what an optimizer step costs on wasm. A tf.Optimizer: pass it wherever one is accepted
 * (`optimizer.minimize(f)`, bernoulliVae's optimizers, ardae's `optimizer`, ...).
 *
 * Properties:
 * - the same numbers as tf.train.adam(learningRate, beta1, beta2, epsilon), bit for bit: the same
 *   float32 operations in the same order, on the flat vector instead of each variable;
 * - moments are kept per variable (by name), also when the set of variables changes between calls
 *   (tf.train.adam keeps them by position in the list); the step count t is the optimizer's, as in
 *   tfjs;
 * - getWeights / setWeights save and restore the step count and every variable's moments.
 * Reference: Kingma & Ba 2015, "Adam: A Method for Stochastic Optimization" (arXiv:1412.6980),
 * algorithm 1 with ε added outside the square root, as tfjs and PyTorch do.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, describe } from './errors';
import { checkOptions } from './options';

export interface FusedAdamOptions {
  /** > 0; default 0.001 (tf.train.adam's) */
  learningRate?: number;
  /** in [0, 1); default 0.9 */
  beta1?: number;
  /** in [0, 1); default 0.999 */
  beta2?: number;
  /** >= 0; default 1e-7 (tfjs's; PyTorch and Stable-Baselines3 use 1e-8) */
  epsilon?: number;
}

type Moments = { m: tf.Tensor; v: tf.Tensor };
/** tfjs's NamedTensor (not exported from tfjs-core's index). */
type NamedTensor = { name: string; tensor: tf.Tensor };

/** See the module comment; made by `fusedAdam(options)`. */
export class FusedAdamOptimizer extends tf.Optimizer {
  static get className(): string {
    return 'FusedAdam';
  }

  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  private step = 0;
  /** β₁^t and β₂^t for the next step, as float32 numbers (tfjs's accBeta variables) */
  private accBeta1: number;
  private accBeta2: number;
  /** the variables of the current flat state, in order, with their sizes */
  private names: string[] = [];
  private sizes: number[] = [];
  private flat: { m: tf.Variable; v: tf.Variable } | undefined;
  /** moments of variables outside the current set (kept for when they come back) */
  private parked = new Map<string, Moments>();

  constructor(options: FusedAdamOptions = {}) {
    super();
    if (typeof options !== 'object' || options === null) throw new ArgumentError('fusedAdam options', `got ${describe(options)}`, '{ learningRate?, beta1?, beta2?, epsilon? }');
    checkOptions('fusedAdam', options, ['learningRate', 'beta1', 'beta2', 'epsilon']);
    const { learningRate = 0.001, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7 } = options;
    const finite = (x: unknown) => typeof x === 'number' && Number.isFinite(x);
    if (!finite(learningRate) || learningRate <= 0) throw new ArgumentError('fusedAdam learningRate', `got ${describe(learningRate)}`, 'a finite number > 0');
    for (const [name, beta] of [['beta1', beta1], ['beta2', beta2]] as const) {
      if (!finite(beta) || beta < 0 || beta >= 1) throw new ArgumentError(`fusedAdam ${name}`, `got ${describe(beta)}`, 'a number in [0, 1)');
    }
    if (!finite(epsilon) || epsilon < 0) throw new ArgumentError('fusedAdam epsilon', `got ${describe(epsilon)}`, 'a finite number >= 0');
    this.learningRate = learningRate;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
    this.accBeta1 = Math.fround(beta1);
    this.accBeta2 = Math.fround(beta2);
  }

  override applyGradients(variableGradients: tf.NamedTensorMap | NamedTensor[]): void {
    const entries: [string, tf.Tensor][] = Array.isArray(variableGradients) ? variableGradients.map((g) => [g.name, g.tensor]) : Object.entries(variableGradients);
    const present = entries.filter(([, g]) => g != null);
    if (present.length === 0) return;
    const variables = present.map(([name]) => {
      const variable = tf.engine().registeredVariables[name];
      if (variable === undefined) throw new ArgumentError('fusedAdam: gradients', `name a variable that does not exist (${name})`, 'gradients keyed by the names of live tf.Variables');
      return variable;
    });
    present.forEach(([name, g], i) => {
      if (!tf.util.arraysEqual(g.shape, (variables[i] as tf.Variable).shape)) {
        throw new ArgumentError('fusedAdam: gradients', `the gradient of ${name} has shape [${g.shape.join(', ')}], the variable [${(variables[i] as tf.Variable).shape.join(', ')}]`, 'one gradient of its variable\'s shape per variable');
      }
    });
    this.useSet(present.map(([name]) => name), variables);
    this.step += 1;
    // the operations of tf.train.adam in its order (element-wise the same float32 arithmetic, so the
    // same bits), with β^t kept as tfjs keeps it: a float32 product, one multiplication per step
    const { beta1, beta2, epsilon, learningRate, accBeta1, accBeta2 } = this;
    const flat = this.flat as { m: tf.Variable; v: tf.Variable };
    tf.tidy(() => {
      const g = present.length === 1 ? tf.reshape((present[0] as [string, tf.Tensor])[1], [-1]) : tf.concat(present.map(([, t]) => tf.reshape(t, [-1])));
      const m = tf.add(tf.mul(flat.m, beta1), tf.mul(g, 1 - beta1));
      const v = tf.add(tf.mul(flat.v, beta2), tf.mul(tf.square(g), 1 - beta2));
      flat.m.assign(m);
      flat.v.assign(v);
      // 1 − β^t in float32: the float64 difference of two float32 numbers is exact, fround rounds it once
      const mHat = tf.div(m, Math.fround(1 - accBeta1));
      const vHat = tf.div(v, Math.fround(1 - accBeta2));
      const update = tf.mul(tf.div(mHat, tf.add(tf.sqrt(vHat), epsilon)), -learningRate);
      const parts = variables.length === 1 ? [update] : tf.split(update, this.sizes);
      variables.forEach((x, i) => x.assign(tf.add(tf.reshape(parts[i] as tf.Tensor, x.shape), x)));
    });
    // a float32 product of two float32 numbers: exact in float64, then rounded once
    this.accBeta1 = Math.fround(accBeta1 * Math.fround(beta1));
    this.accBeta2 = Math.fround(accBeta2 * Math.fround(beta2));
    this.incrementIterations();
  }

  /** Makes the flat state that of `names` (moments of variables leaving it are parked by name). */
  private useSet(names: string[], variables: tf.Variable[]): void {
    if (this.flat !== undefined && names.length === this.names.length && names.every((n, i) => n === this.names[i])) return;
    this.park();
    const sizes = variables.map((x) => x.size);
    const gather = (which: 'm' | 'v') =>
      tf.tidy(() => tf.concat(names.map((name, i) => tf.reshape(this.parked.get(name)?.[which] ?? tf.zeros([sizes[i] as number]), [-1]))));
    const m = gather('m');
    const v = gather('v');
    this.flat = { m: tf.variable(m, false), v: tf.variable(v, false) };
    tf.dispose([m, v]);
    for (const name of names) {
      const moments = this.parked.get(name);
      if (moments !== undefined) tf.dispose([moments.m, moments.v]);
      this.parked.delete(name);
    }
    this.names = names;
    this.sizes = sizes;
  }

  /** Splits the flat state back into per-variable moments. */
  private park(): void {
    if (this.flat === undefined) return;
    const { m, v } = this.flat;
    const ms = this.names.length === 1 ? [tf.clone(m)] : tf.split(m, this.sizes);
    const vs = this.names.length === 1 ? [tf.clone(v)] : tf.split(v, this.sizes);
    this.names.forEach((name, i) => this.parked.set(name, { m: tf.keep(ms[i] as tf.Tensor), v: tf.keep(vs[i] as tf.Tensor) }));
    tf.dispose([m, v]);
    this.flat = undefined;
    this.names = [];
    this.sizes = [];
  }

  override dispose(): void {
    this.park();
    for (const { m, v } of this.parked.values()) tf.dispose([m, v]);
    this.parked.clear();
  }

  /** The step count and every variable's moments, as `${name}/m` and `${name}/v` (tfjs's names). */
  override async getWeights(): Promise<NamedTensor[]> {
    this.park();
    const weights: NamedTensor[] = [{ name: 'iter', tensor: tf.scalar(this.step, 'int32') }];
    for (const [name, { m, v }] of this.parked) weights.push({ name: `${name}/m`, tensor: tf.clone(m) }, { name: `${name}/v`, tensor: tf.clone(v) });
    return weights;
  }

  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    if (!Array.isArray(weightValues)) throw new ArgumentError('fusedAdam.setWeights', `got ${describe(weightValues)}`, 'the array getWeights() returned');
    const iter = weightValues.find((w) => w.name === 'iter');
    if (iter === undefined) throw new ArgumentError('fusedAdam.setWeights', 'no "iter" entry', 'the array getWeights() returned ({ name: "iter" } first, then "<variable>/m" and "<variable>/v")');
    this.dispose();
    this.step = (await iter.tensor.data())[0] as number;
    this.accBeta1 = Math.fround(this.beta1);
    this.accBeta2 = Math.fround(this.beta2);
    for (let t = 0; t < this.step; t++) {
      this.accBeta1 = Math.fround(this.accBeta1 * Math.fround(this.beta1));
      this.accBeta2 = Math.fround(this.accBeta2 * Math.fround(this.beta2));
    }
    const moments = new Map<string, Partial<Moments>>();
    for (const { name, tensor } of weightValues) {
      const match = /^(.*)\/([mv])$/.exec(name);
      if (match === null) continue;
      const entry = moments.get(match[1] as string) ?? {};
      entry[match[2] as 'm' | 'v'] = tf.keep(tf.reshape(tensor, [-1]));
      moments.set(match[1] as string, entry);
    }
    for (const [name, { m, v }] of moments) {
      if (m === undefined || v === undefined) {
        tf.dispose([m, v].filter((t): t is tf.Tensor => t !== undefined));
        throw new ArgumentError('fusedAdam.setWeights', `the moments of ${name} are incomplete (${m === undefined ? 'no m' : 'no v'})`, 'both "<variable>/m" and "<variable>/v" for every variable');
      }
      this.parked.set(name, { m, v });
    }
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.learningRate, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }

  static override fromConfig<T extends tf.serialization.Serializable>(cls: tf.serialization.SerializableConstructor<T>, config: tf.serialization.ConfigDict): T {
    return new cls(config as never);
  }
}

/**
 * @example
 * const optimizer = fusedAdam({ learningRate: 3e-4, epsilon: 1e-8 });
 * optimizer.minimize(() => loss(), false, variables); // as any tf.Optimizer
 */
export function fusedAdam(options: FusedAdamOptions = {}): FusedAdamOptimizer {
  return new FusedAdamOptimizer(options);
}
