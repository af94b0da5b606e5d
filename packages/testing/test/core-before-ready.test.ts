/**
 * @stochgrad/core called before ready() (issue #15 item 5): this file never starts the backend
 * before the calls below (vitest runs each file in its own worker), so each must throw a
 * BackendError saying to `await ready()` from @stochgrad/core, not tfjs's plain Error about
 * `tf.ready()`. Distributions made from plain numbers may be made before ready(); using them may not.
 */
import {
  bernoulli,
  gumbel,
  independent,
  key,
  leaveOneOut,
  logistic,
  normal,
  pathwise,
  random,
  normalFamily,
  ready,
  relaxedBernoulli,
  scoreFunction,
  uniform,
} from '@stochgrad/core';
import { describeBeforeReady } from '../src/bad-input-table';

const d = bernoulli({ logits: 0 });
const n = independent(normal({ loc: 0, scale: 1 }), 0);

describeBeforeReady({
  packageName: '@stochgrad/core',
  ready,
  calls: [
    ['Bernoulli.sample', () => d.sample(key(0), [2])],
    ['Bernoulli.logProb', () => d.logProb(undefined as never)],
    ['Bernoulli.entropy', () => d.entropy?.()],
    ['Independent(Normal).mean', () => n.mean?.()],
    ['Gumbel.sample', () => gumbel({ loc: 0, scale: 1 }).sample(key(0), [2])],
    ['Logistic.logProb', () => logistic({ loc: 0, scale: 1 }).logProb(undefined as never)],
    ['Uniform.sample', () => uniform({ low: 0, high: 1 }).sample(key(0), [2])],
    ['RelaxedBernoulli.sample', () => relaxedBernoulli({ logits: 0, temperature: 0.5 }).sample(key(0), [2])],
    ['scoreFunction estimate', () => scoreFunction({ controlVariate: leaveOneOut(), numSamples: 2 }).estimate({ key: key(0), logits: undefined as never, objective: (b) => b })],
    ['random.uniform', () => random.uniform(key(0), [2])],
    ['random.normal', () => random.normal(key(0), [2])],
    ['random.gumbel', () => random.gumbel(key(0), [2])],
    ['random.bernoulli from numbers', () => random.bernoulli(key(0), { logits: 0 }, [2])],
    ['pathwise estimate', () => pathwise({ family: normalFamily }).estimate({ key: key(0), logits: undefined as never, objective: (x) => x })],
  ],
});
