/**
 * A stack of dense layers, the building block of the VAEs' encoders and decoders:
 *   h₀ = x,  hᵢ₊₁ = act(hᵢ Wᵢ + cᵢ) for the hidden layers, output h_n W_n + c_n (no activation).
 * Glorot-uniform kernels W ~ U(±√(6 / (fan_in + fan_out))) and zero biases, as Keras' Dense; layer i
 * draws its kernel from keys[i].
 */
import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, type Key, isKey, random, checkOptions, describeValue } from '@stochgrad/core';

export interface DenseLayer {
  readonly kernel: tf.Variable;
  readonly bias: tf.Variable;
}

export interface DenseNetworkOptions {
  /** one key per layer (widths.length − 1), e.g. split(key, widths.length − 1) */
  keys: readonly Key[];
  /** input width, hidden widths, output width */
  widths: readonly number[];
  /** between layers (default LeakyReLU with slope 0.3) */
  activation?: (x: tf.Tensor) => tf.Tensor;
  /** initial output bias (default zeros) */
  outputBias?: Float32Array;
}

export interface DenseNetwork {
  readonly widths: readonly number[];
  readonly layers: readonly DenseLayer[];
  /** kernel and bias of each layer, input to output */
  readonly variables: readonly tf.Variable[];
  /** the output for inputs [batch, widths[0]] (no shape checks: the caller's job) */
  apply(x: tf.Tensor): tf.Tensor;
  dispose(): void;
}

/** A variable holding `initial` (which is then freed). */
export function variableOf(initial: tf.Tensor, trainable = true): tf.Variable {
  const v = tf.variable(initial, trainable);
  initial.dispose();
  return v;
}

export const leakyRelu03 = (x: tf.Tensor): tf.Tensor => tf.leakyRelu(x, 0.3);

/**
 * @example
 * const net = denseNetwork({ keys: split(key(0), 2), widths: [784, 200, 10] });
 * const out = net.apply(images); // [batch, 10]
 */
export function denseNetwork(options: DenseNetworkOptions): DenseNetwork {
  if (typeof options !== 'object' || options === null) throw new ArgumentError('options', `got ${describeValue(options)}`, '{ keys, widths, activation?, outputBias? }');
  checkOptions('denseNetwork', options, ['keys', 'widths', 'activation', 'outputBias']);
  const { keys, widths, activation = leakyRelu03, outputBias } = options;
  if (!Array.isArray(widths)) throw new ArgumentError('widths', `got ${describeValue(widths)}`, 'an array of integers >= 1');
  widths.forEach((w, i) => {
    if (typeof w !== 'number' || !Number.isInteger(w) || w < 1) throw new ArgumentError(`widths[${i}]`, `got ${describeValue(w)}`, 'an integer >= 1');
  });
  if (widths.length < 2) throw new ArgumentError('widths', `got [${widths.join(', ')}]`, 'at least an input and an output width');
  if (keys.length !== widths.length - 1 || !keys.every(isKey)) {
    throw new ArgumentError('keys', `got ${keys.length} keys for ${widths.length - 1} layers`, 'one Key per layer');
  }
  if (typeof activation !== 'function') throw new ArgumentError('activation', `got ${describeValue(activation)}`, 'a function from tensor to tensor');
  const layers: DenseLayer[] = [];
  for (let i = 0; i + 1 < widths.length; i++) {
    const inputs = widths[i] as number;
    const outputs = widths[i + 1] as number;
    const limit = Math.sqrt(6 / (inputs + outputs));
    const last = i + 2 === widths.length;
    layers.push(
      Object.freeze({
        kernel: variableOf(random.uniform(keys[i] as Key, [inputs, outputs], { low: -limit, high: limit })),
        bias: variableOf(last && outputBias ? tf.tensor1d(outputBias) : tf.zeros([outputs])),
      }),
    );
  }
  const variables = Object.freeze(layers.flatMap((l) => [l.kernel, l.bias]));
  return Object.freeze({
    widths: Object.freeze([...widths]),
    layers: Object.freeze(layers),
    variables,
    apply: (x: tf.Tensor) => {
      let h = x;
      layers.forEach((layer, i) => {
        h = tf.add(tf.matMul(h, layer.kernel), layer.bias);
        if (i < layers.length - 1) h = activation(h);
      });
      return h;
    },
    dispose: () => tf.dispose([...variables]),
  });
}
