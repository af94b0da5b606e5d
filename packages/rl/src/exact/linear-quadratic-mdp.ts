/**
 * A scalar linear-quadratic control problem with a linear-Gaussian policy, and its exact objective
 * and policy gradient in closed form: the continuous-action oracle for policy-gradient estimators.
 *   s_0 ~ N(m_0, v_0),  a_t = K s_t + σ ε_t,  s_{t+1} = A s_t + B a_t + √q w_t  (ε, w ~ N(0, 1)),
 *   r_t = −(s_t² + ρ a_t²),  J(K, log σ) = E[Σ_{t<H} γ^t r_t].
 * With L = A + BK and p_t = E[s_t²]:  p_0 = m_0² + v_0,  p_{t+1} = L² p_t + B²σ² + q,
 *   E[a_t²] = K² p_t + σ²,   J = −Σ_t γ^t [(1 + ρK²) p_t + ρσ²].
 * Differentiating the recursion (D_t = ∂p_t/∂K, E_t = ∂p_t/∂σ²; D_0 = E_0 = 0):
 *   D_{t+1} = 2LB p_t + L² D_t,   E_{t+1} = L² E_t + B²,
 *   ∂J/∂K = −Σ_t γ^t [2ρK p_t + (1 + ρK²) D_t],
 *   ∂J/∂log σ = 2σ² ∂J/∂σ² = −2σ² Σ_t γ^t [(1 + ρK²) E_t + ρ].
 * Properties: `exact` is this closed form in float64; `objective` is the p_t recursion in tfjs ops,
 * so tf.grad gives the same gradient by automatic differentiation (the tests check both, and
 * finite differences). Policy parameters: θ = (K, log σ); the gradient is [∂J/∂K, ∂J/∂log σ].
 * Reference: Anderson & Moore, "Optimal Control: Linear Quadratic Methods" (1990), ch. 2 (the
 * second-moment recursion of a linear system under linear feedback).
 */
import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, type Key, checkOptions, isKey, random, split, KeyError } from '@stochgrad/core';

export interface LinearQuadraticMdpOptions {
  /** A (default 0.9) */
  stateGain?: number;
  /** B (default 0.5) */
  actionGain?: number;
  /** q ≥ 0, the process-noise variance (default 0.1) */
  processNoise?: number;
  /** m_0 (default 1) */
  initialMean?: number;
  /** v_0 ≥ 0 (default 0.5) */
  initialVariance?: number;
  /** ρ ≥ 0, the weight of a² in the cost (default 1) */
  actionCost?: number;
  /** H ≥ 1 (default 3) */
  horizon?: number;
  /** γ in [0, 1] (default 0.9) */
  gamma?: number;
}

/** θ = (K, log σ) */
export interface LinearGaussianPolicy {
  gain: number;
  logScale: number;
}

export interface LinearQuadraticEpisodes {
  /** s_t, float32 [M, H, 1] */
  readonly observations: tf.Tensor;
  /** a_t = K s_t + σ ε_t, float32 [M, H, 1] */
  readonly actions: tf.Tensor;
  /** r_t, float32 [M, H] */
  readonly rewards: tf.Tensor;
  /** ε_t, float32 [M, H, 1] */
  readonly noise: tf.Tensor;
}

export interface LinearQuadraticExact {
  readonly value: number;
  /** [∂J/∂K, ∂J/∂log σ] */
  readonly gradient: Float64Array;
}

export interface LinearQuadraticMdp {
  readonly horizon: number;
  readonly gamma: number;
  readonly options: Readonly<Required<LinearQuadraticMdpOptions>>;
  /** J as a differentiable tfjs scalar of the gain K and log σ (scalar tensors) */
  objective(policy: { gain: tf.Tensor; logScale: tf.Tensor }): tf.Scalar;
  /** J and [∂J/∂K, ∂J/∂log σ] in closed form (float64) */
  exact(policy: LinearGaussianPolicy): LinearQuadraticExact;
  /** M independent episodes (simulated in float64; the caller disposes the tensors) */
  sampleEpisodes(key: Key, policy: LinearGaussianPolicy, options: { episodes: number }): LinearQuadraticEpisodes;
}

const NAMES = ['stateGain', 'actionGain', 'processNoise', 'initialMean', 'initialVariance', 'actionCost', 'horizon', 'gamma'] as const;

function checkPolicy(policy: LinearGaussianPolicy): void {
  if (!policy || !Number.isFinite(policy.gain) || !Number.isFinite(policy.logScale)) {
    throw new ArgumentError('policy', `got ${JSON.stringify(policy)}`, '{ gain, logScale } with finite numbers');
  }
}

/**
 * @example
 * const lq = linearQuadraticMdp();                          // H = 3, γ = 0.9
 * const { value, gradient } = lq.exact({ gain: -0.3, logScale: Math.log(0.5) });
 * const episodes = lq.sampleEpisodes(key(0), { gain: -0.3, logScale: Math.log(0.5) }, { episodes: 1000 });
 */
export function linearQuadraticMdp(options: LinearQuadraticMdpOptions = {}): LinearQuadraticMdp {
  checkOptions('linearQuadraticMdp', options, NAMES);
  const o: Required<LinearQuadraticMdpOptions> = {
    stateGain: options.stateGain ?? 0.9,
    actionGain: options.actionGain ?? 0.5,
    processNoise: options.processNoise ?? 0.1,
    initialMean: options.initialMean ?? 1,
    initialVariance: options.initialVariance ?? 0.5,
    actionCost: options.actionCost ?? 1,
    horizon: options.horizon ?? 3,
    gamma: options.gamma ?? 0.9,
  };
  for (const name of NAMES) {
    if (typeof o[name] !== 'number' || !Number.isFinite(o[name])) throw new ArgumentError(`linearQuadraticMdp ${name}`, `got ${String(o[name])}`, 'a finite number');
  }
  for (const name of ['processNoise', 'initialVariance', 'actionCost'] as const) {
    if (o[name] < 0) throw new ArgumentError(`linearQuadraticMdp ${name}`, `got ${o[name]}`, 'a number ≥ 0');
  }
  if (!Number.isInteger(o.horizon) || o.horizon < 1) throw new ArgumentError('linearQuadraticMdp horizon', `got ${o.horizon}`, 'an integer ≥ 1');
  if (!(o.gamma >= 0 && o.gamma <= 1)) throw new ArgumentError('linearQuadraticMdp gamma', `got ${o.gamma}`, 'a number in [0, 1]');
  const { stateGain: A, actionGain: B, processNoise: q, initialMean: m0, initialVariance: v0, actionCost: rho, horizon: H, gamma } = o;

  const exact = (policy: LinearGaussianPolicy): LinearQuadraticExact => {
    checkPolicy(policy);
    const K = policy.gain;
    const s2 = Math.exp(2 * policy.logScale);
    const L = A + B * K;
    let p = m0 * m0 + v0;
    let D = 0;
    let E = 0;
    let J = 0;
    let dK = 0;
    let dVariance = 0;
    for (let t = 0; t < H; t++) {
      const w = gamma ** t;
      J -= w * ((1 + rho * K * K) * p + rho * s2);
      dK -= w * (2 * rho * K * p + (1 + rho * K * K) * D);
      dVariance -= w * ((1 + rho * K * K) * E + rho);
      // the order matters: D and E use p_t before it moves to p_{t+1}
      D = 2 * L * B * p + L * L * D;
      E = L * L * E + B * B;
      p = L * L * p + B * B * s2 + q;
    }
    return Object.freeze({ value: J, gradient: Float64Array.from([dK, 2 * s2 * dVariance]) });
  };

  const objective = (policy: { gain: tf.Tensor; logScale: tf.Tensor }): tf.Scalar =>
    tf.tidy(() => {
      const { gain: K, logScale } = policy;
      const s2 = tf.exp(tf.mul(2, logScale));
      const L2 = tf.square(tf.add(A, tf.mul(B, K)));
      const stateCost = tf.add(1, tf.mul(rho, tf.square(K)));
      let p: tf.Tensor = tf.scalar(m0 * m0 + v0);
      let J: tf.Tensor = tf.scalar(0);
      for (let t = 0; t < H; t++) {
        J = tf.sub(J, tf.mul(gamma ** t, tf.add(tf.mul(stateCost, p), tf.mul(rho, s2))));
        p = tf.add(tf.mul(L2, p), tf.add(tf.mul(B * B, s2), q));
      }
      return tf.reshape(J, []) as tf.Scalar;
    });

  const sampleEpisodes = (k: Key, policy: LinearGaussianPolicy, sampleOptions: { episodes: number }): LinearQuadraticEpisodes => {
    if (!isKey(k)) throw new KeyError('sampleEpisodes key', 'is not a key', 'a key from key(seed), split or fold');
    checkPolicy(policy);
    checkOptions('sampleEpisodes', sampleOptions, ['episodes']);
    const M = sampleOptions?.episodes;
    if (!Number.isInteger(M) || (M as number) < 1) throw new ArgumentError('sampleEpisodes episodes', `got ${String(M)}`, 'an integer ≥ 1');
    const m = M as number;
    const [initialKey, actionKey, processKey] = split(k, 3) as [Key, Key, Key];
    const n0 = random.normalArray(initialKey, m);
    const eps = random.normalArray(actionKey, m * H);
    const w = random.normalArray(processKey, m * H);
    const sigma = Math.exp(policy.logScale);
    const states = new Float32Array(m * H);
    const actions = new Float32Array(m * H);
    const rewards = new Float32Array(m * H);
    for (let e = 0; e < m; e++) {
      let s = m0 + Math.sqrt(v0) * (n0[e] as number);
      for (let t = 0; t < H; t++) {
        const i = e * H + t;
        const a = policy.gain * s + sigma * (eps[i] as number);
        states[i] = s;
        actions[i] = a;
        rewards[i] = -(s * s + rho * a * a);
        s = A * s + B * a + Math.sqrt(q) * (w[i] as number);
      }
    }
    return Object.freeze({
      observations: tf.tensor3d(states, [m, H, 1]),
      actions: tf.tensor3d(actions, [m, H, 1]),
      rewards: tf.tensor2d(rewards, [m, H]),
      noise: tf.tensor3d(Float32Array.from(eps), [m, H, 1]),
    });
  };

  return Object.freeze({ horizon: H, gamma, options: Object.freeze(o), objective, exact, sampleEpisodes });
}
