/**
 * Every public function of @stochgrad/discrete that takes an options (or arguments) object rejects
 * an unknown key naming it, the closest known key and the allowed set, and a value of the wrong type
 * ("2" is not a number) with `got string "2"`. Issue #15 item 1.
 */
import * as tf from '@tensorflow/tfjs-core';
import { key, ready } from '@stochgrad/core';
import { itRejectsEach } from '@stochgrad/testing';
import { beforeAll, describe } from 'vitest';
import { arm } from './arm';
import { conditionalGumbel } from './conditional-gumbel';
import { disarm } from './disarm';
import { gumbelSoftmax } from './gumbel-softmax';
import { localDisarm } from './local-disarm';
import { rebar } from './rebar';
import { relax } from './relax';
import { spanningTree } from './spanning-tree';
import { straightThroughBernoulli } from './straight-through-bernoulli';
import { topKSubset } from './top-k-subset';
import { vimco } from './vimco';

beforeAll(async () => {
  await ready();
});

const f = (b: tf.Tensor) => tf.sum(b, -1);

// [function, call with a bad option, expected message fragment]
const cases: [string, () => unknown, RegExp][] = [
  ['disarm', () => disarm({ numPair: 4 } as never), /disarm options: unknown option "numPair" \(did you mean "numPairs"\?\); allowed: "numPairs"/],
  ['disarm (numSamples)', () => disarm({ numSamples: 4 } as never), /disarm options: unknown option "numSamples"/],
  ['disarm (numPairs "2")', () => disarm({ numPairs: '2' } as never), /numPairs: got string "2"/],
  ['arm', () => arm({ numPair: 2 } as never), /arm options: unknown option "numPair" \(did you mean "numPairs"\?\)/],
  ['arm (numPairs "2")', () => arm({ numPairs: '2' } as never), /numPairs: got string "2"/],
  ['localDisarm', () => localDisarm({ symmetric: true } as never), /unknown option "symmetric" \(did you mean "symmetrized"\?\)/],
  ['localDisarm (numPairs "2")', () => localDisarm({ numPairs: '2' } as never), /numPairs: got string "2"/],
  ['localDisarm (symmetrized "yes")', () => localDisarm({ symmetrized: 'yes' } as never), /symmetrized: got string "yes"/],
  ['vimco', () => vimco({ numSample: 3 } as never), /vimco options: unknown option "numSample" \(did you mean "numSamples"\?\)/],
  ['vimco (numSamples "2")', () => vimco({ numSamples: '2' } as never), /numSamples: got string "2"/],
  ['rebar', () => rebar({ temprature: 0.5 } as never), /rebar options: unknown option "temprature" \(did you mean "temperature"\?\)/],
  ['rebar (network is relax only)', () => rebar({ network: 'default' } as never), /rebar options: unknown option "network"/],
  ['rebar (numSamples "2")', () => rebar({ numSamples: '2' } as never), /numSamples: got string "2"/],
  ['relax', () => relax({ hiddenUnit: 4 } as never), /relax options: unknown option "hiddenUnit" \(did you mean "hiddenUnits"\?\)/],
  ['relax (rebarTerm "no")', () => relax({ rebarTerm: 'no' } as never), /rebarTerm: got string "no"/],
  ['gumbelSoftmax', () => gumbelSoftmax({ straightTrough: true } as never), /gumbelSoftmax options: unknown option "straightTrough" \(did you mean "straightThrough"\?\)/],
  ['gumbelSoftmax (temperature "2")', () => gumbelSoftmax({ temperature: '2' } as never), /temperature: got string "2"/],
  ['straightThroughBernoulli', () => straightThroughBernoulli({ temperature: 1 } as never), /straightThroughBernoulli options: unknown option "temperature"; allowed: "numSamples", "name"/],
  ['topKSubset', () => topKSubset({ k: 2, numSample: 2 } as never), /topKSubset options: unknown option "numSample" \(did you mean "numSamples"\?\)/],
  ['topKSubset (k "2")', () => topKSubset({ k: '2' } as never), /k: got string "2"/],
  ['spanningTree', () => spanningTree({ temp: 1 } as never), /spanningTree options: unknown option "temp" \(did you mean "temperature"\?\)/],
  ['spanningTree (name 3)', () => spanningTree({ name: 3 } as never), /name: got number 3/],
  ['conditionalGumbel', () => conditionalGumbel({ logits: tf.zeros([3]), sample: tf.zeros([3]), noise: tf.zeros([3]), key: key(0) } as never), /conditionalGumbel options: unknown option "key"; allowed: "logits", "sample", "noise"/],
  ['estimate (disarm)', () => disarm().estimate({ key: key(0), logits: tf.zeros([2]), objective: f, numPairs: 2 } as never), /estimate options: unknown option "numPairs"/],
  ['estimate (relax)', () => relax().estimate({ key: key(0), logits: tf.zeros([2]), objective: f, allowNonfinite: true } as never), /unknown option "allowNonfinite" \(did you mean "allowNonFinite"\?\)/],
];

describe('options are checked in every function of discrete', () => {
  itRejectsEach(cases);
});
