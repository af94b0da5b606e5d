// Its own file: it uses stochgrad before any backend has started in this worker.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { ready } from './backend';
import { bernoulli } from './distributions/bernoulli';
import { independent } from './distributions/independent';
import { normal } from './distributions/normal';
import { BackendError, StochgradError } from './errors';
import { key } from './key';
import { leaveOneOut } from './control-variates';
import { scoreFunction } from './score-function';

const notReady = /^.+ was called before the backend started: call `await ready\(\)` from '@stochgrad\/core' first/;

describe('before ready()', () => {
  it('estimators and distributions throw a StochgradError saying to await ready() from @stochgrad/core', async () => {
    // distributions from plain numbers may be made before ready(); using them may not
    const d = bernoulli({ logits: 0 });
    const n = independent(normal({ loc: 0, scale: 1 }), 0);
    const calls: [string, () => unknown][] = [
      ['Bernoulli.sample', () => d.sample(key(0), [2])],
      ['Bernoulli.logProb', () => d.logProb(undefined as never)],
      ['Bernoulli.entropy', () => d.entropy?.()],
      ['Normal.mean', () => n.mean?.()],
      ['estimate', () => scoreFunction({ controlVariate: leaveOneOut(), numSamples: 2 }).estimate({ key: key(0), logits: undefined as never, objective: (b) => b })],
    ];
    for (const [name, call] of calls) {
      let error: unknown;
      try {
        call();
      } catch (e) {
        error = e;
      }
      expect(error, name).toBeInstanceOf(StochgradError);
      expect(error, name).toBeInstanceOf(BackendError);
      expect((error as Error).message, name).toMatch(notReady);
      expect((error as Error).message, name).not.toMatch(/tf\.ready/);
    }

    // and after ready() the same objects work
    await ready();
    expect(tf.getBackend()).toBe('wasm');
    const b = d.sample(key(0), [4]);
    expect(b.shape).toEqual([4]);
    expect(d.logProb(tf.zeros([4])).dataSync()[0]).toBeCloseTo(-Math.log(2), 6);
  });
});
