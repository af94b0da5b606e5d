/**
 * @internal The replay buffer of off-policy agents: transitions in typed arrays (no tensor per
 * transition), a ring of at most `capacity` rows that overwrites the oldest once full, sampling
 * uniformly with replacement by key (as Stable-Baselines3's ReplayBuffer). Storage grows by
 * doubling up to capacity, so a buffer of 10⁶ costs memory only as it fills.
 */
import { type Key, random } from '@stochgrad/core';

export interface ReplayBatch {
  /** [B·d] */
  observations: Float32Array;
  /** [B·k] */
  actions: Float32Array;
  /** [B] */
  rewards: Float32Array;
  /** [B·d] */
  nextObservations: Float32Array;
  /** [B]: 1 where the episode terminated (no bootstrap); time-limit truncation stores 0 */
  terminations: Float32Array;
  /** [B] the rows drawn */
  indices: Uint32Array;
}

export interface ReplayBuffer {
  readonly capacity: number;
  readonly observationSize: number;
  readonly actionSize: number;
  /** rows held (≤ capacity) */
  readonly size: number;
  /** the row the next add writes */
  readonly position: number;
  add(observation: ArrayLike<number>, action: ArrayLike<number>, reward: number, nextObservation: ArrayLike<number>, terminated: boolean): void;
  /** batchSize rows drawn uniformly with replacement from the rows held. */
  sample(key: Key, batchSize: number): ReplayBatch;
}

export function createReplayBuffer(capacity: number, observationSize: number, actionSize: number): ReplayBuffer {
  const d = observationSize;
  const k = actionSize;
  let allocated = Math.min(capacity, 1024);
  let obs = new Float32Array(allocated * d);
  let next = new Float32Array(allocated * d);
  let act = new Float32Array(allocated * k);
  let rew = new Float32Array(allocated);
  let term = new Float32Array(allocated);
  let size = 0;
  let position = 0;
  const grow = () => {
    const to = Math.min(capacity, allocated * 2);
    const widen = (a: Float32Array, width: number) => {
      const b = new Float32Array(to * width);
      b.set(a);
      return b;
    };
    obs = widen(obs, d);
    next = widen(next, d);
    act = widen(act, k);
    rew = widen(rew, 1);
    term = widen(term, 1);
    allocated = to;
  };
  return {
    capacity,
    observationSize,
    actionSize,
    get size() {
      return size;
    },
    get position() {
      return position;
    },
    add(observation, action, reward, nextObservation, terminated) {
      if (position >= allocated) grow();
      for (let j = 0; j < d; j++) {
        obs[position * d + j] = observation[j] as number;
        next[position * d + j] = nextObservation[j] as number;
      }
      for (let j = 0; j < k; j++) act[position * k + j] = action[j] as number;
      rew[position] = reward;
      term[position] = terminated ? 1 : 0;
      position = (position + 1) % capacity;
      size = Math.min(size + 1, capacity);
    },
    sample(key, batchSize) {
      const indices = random.integerArray(key, batchSize, size);
      const out: ReplayBatch = {
        observations: new Float32Array(batchSize * d),
        actions: new Float32Array(batchSize * k),
        rewards: new Float32Array(batchSize),
        nextObservations: new Float32Array(batchSize * d),
        terminations: new Float32Array(batchSize),
        indices,
      };
      for (let r = 0; r < batchSize; r++) {
        const i = indices[r] as number;
        out.observations.set(obs.subarray(i * d, i * d + d), r * d);
        out.nextObservations.set(next.subarray(i * d, i * d + d), r * d);
        out.actions.set(act.subarray(i * k, i * k + k), r * k);
        out.rewards[r] = rew[i] as number;
        out.terminations[r] = term[i] as number;
      }
      return out;
    },
  };
}
