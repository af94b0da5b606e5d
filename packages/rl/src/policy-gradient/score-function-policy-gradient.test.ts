import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, ShapeError, checkUnbiased, key, ready } from '@stochgrad/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { THETA, disposeEpisodes, logitsAt, tabularEstimates } from '../../test/helpers/policy-gradient';
import { tabularMdp } from '../exact/tabular-mdp';
import { returnsToGo } from './returns-to-go';
import { scoreFunctionPolicyGradient } from './score-function-policy-gradient';

const M = 20_000;
const FALSE_ALARM = 1e-3;

const logProbabilitiesOf = (logits: tf.Tensor, actions: tf.Tensor) => tf.sum(tf.mul(tf.oneHot(actions, logits.shape[2] as number), tf.logSoftmax(logits)), -1);

beforeAll(async () => {
  await ready();
});

describe('returnsToGo', () => {
  it('G_t = Σ γ^{t′−t} r_t′, zero after the mask ends', () => {
    const r = tf.tensor2d([[1, 2, 3], [1, 1, 1]]);
    const mask = tf.tensor2d([[1, 1, 1], [1, 1, 0]]);
    const G = returnsToGo(r, { gamma: 0.5, mask });
    const expected = [1 + 0.5 * 2 + 0.25 * 3, 2 + 0.5 * 3, 3, 1.5, 1, 0];
    Array.from(G.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 6));
    tf.dispose([r, mask, G]);
  });
});

describe('scoreFunctionPolicyGradient', () => {
  it(`is unbiased for ∇J on the tabular MDP with a state-value baseline (M = ${M}, false-alarm rate ${FALSE_ALARM}); dropping γ^t is detected`, () => {
    const mdp = tabularMdp();
    const before = tf.memory().numTensors;
    const episodes = mdp.sampleEpisodes(key(101), THETA, { episodes: M });
    const baseline = tf.tensor2d([[0.8], [1.5], [-0.4]]);
    const values = tf.tidy(() => tf.reshape(tf.matMul(tf.reshape(episodes.observations, [-1, 3]), baseline), [M, mdp.horizon]));
    const exact = mdp.exact(THETA).gradient;
    const rows = tabularEstimates(mdp, episodes, THETA, (logits) =>
      scoreFunctionPolicyGradient({ logProbabilities: logProbabilitiesOf(logits, episodes.actions), rewards: episodes.rewards, values, gamma: mdp.gamma }).surrogate,
    );
    const check = checkUnbiased({ estimates: rows, exact, falseAlarmRate: FALSE_ALARM });
    console.log(`[score-function PG] ${check.message}`);
    expect(check.passed, check.message).toBe(true);
    // the usual A2C form without γ^t estimates another vector: the same test must see it
    const undiscounted = tabularEstimates(mdp, episodes, THETA, (logits) =>
      tf.tidy(() => {
        const G = returnsToGo(episodes.rewards, { gamma: mdp.gamma });
        return tf.div(tf.sum(tf.mul(logProbabilitiesOf(logits, episodes.actions), tf.sub(G, values))), M) as tf.Scalar;
      }),
    );
    const biased = checkUnbiased({ estimates: undiscounted, exact, falseAlarmRate: FALSE_ALARM });
    console.log(`[score-function PG without γ^t] ${biased.message}`);
    expect(biased.passed).toBe(false);
    disposeEpisodes(episodes);
    tf.dispose([baseline, values]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('masked steps change nothing: padding an episode with junk rewards under mask 0 gives the same gradient', () => {
    const mdp = tabularMdp();
    const episodes = mdp.sampleEpisodes(key(7), THETA, { episodes: 8 });
    const theta = tf.tensor2d(THETA);
    const [plain, padded] = tf.tidy(() => {
      const logProbabilities = (t: tf.Tensor) => logProbabilitiesOf(logitsAt(episodes.observations, t), episodes.actions);
      const a = tf.grad((t: tf.Tensor) => scoreFunctionPolicyGradient({ logProbabilities: logProbabilities(t), rewards: episodes.rewards, gamma: 0.9 }).surrogate)(theta);
      const b = tf.grad((t: tf.Tensor) => {
        const lp = logProbabilities(t);
        return scoreFunctionPolicyGradient({
          logProbabilities: tf.concat([lp, lp], 1),
          rewards: tf.concat([episodes.rewards, tf.fill([8, mdp.horizon], 5)], 1),
          mask: tf.concat([tf.ones([8, mdp.horizon]), tf.zeros([8, mdp.horizon])], 1),
          gamma: 0.9,
        }).surrogate;
      })(theta);
      return [a.dataSync(), b.dataSync()];
    });
    Array.from(plain!).forEach((v, i) => expect(padded![i]).toBeCloseTo(v, 5));
    disposeEpisodes(episodes);
    theta.dispose();
  });

  it('typed errors: gamma outside [0, 1], shapes, unknown options', () => {
    const r = tf.zeros([2, 3]);
    const lp = tf.zeros([2, 3]);
    expect(() => scoreFunctionPolicyGradient({ logProbabilities: lp, rewards: r, gamma: 1.01 })).toThrow(ArgumentError);
    expect(() => scoreFunctionPolicyGradient({ logProbabilities: lp, rewards: r, gamma: -1 })).toThrow(/gamma/);
    expect(() => scoreFunctionPolicyGradient({ logProbabilities: tf.zeros([2, 4]), rewards: r, gamma: 0.9 })).toThrow(ShapeError);
    expect(() => scoreFunctionPolicyGradient({ logProbabilities: lp, rewards: tf.zeros([6]), gamma: 0.9 })).toThrow(ShapeError);
    expect(() => scoreFunctionPolicyGradient({ logProbabilities: lp, rewards: r, gamma: 0.9, mask: tf.ones([3, 2]) })).toThrow(/mask/);
    expect(() => scoreFunctionPolicyGradient({ logProbabilities: lp, rewards: r, gamma: 0.9, baseline: lp } as never)).toThrow(/unknown option "baseline"/);
    expect(() => returnsToGo(r, { gamma: 2 })).toThrow(ArgumentError);
    tf.dispose([r, lp]);
  });
});
