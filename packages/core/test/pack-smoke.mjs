// Run by scripts/pack-check.mjs inside a fresh project that installed the packed tarballs:
// importing core makes tf.grad work and installs the chained methods (x.add(y)), one tfjs engine,
// estimators give the exact gradient.
export default async function smoke({ tf, core, label }) {
  const assert = (ok, message) => {
    if (!ok) throw new Error(`${label}: ${message}`);
  };
  const info = await core.ready();
  assert(info.backend === 'wasm' && info.simd, `ready() did not start wasm with SIMD: ${JSON.stringify(info)}`);
  const g = tf.grad((x) => tf.sum(tf.sin(x)))(tf.tensor1d([0, 1]));
  assert(Math.abs(g.dataSync()[1] - Math.cos(1)) < 1e-5, 'tf.grad gave a wrong value');
  assert(globalThis._tfengine === tf.engine(), 'more than one tfjs engine');
  const u = tf.tensor1d([0.2, 0.7]);
  const gl = tf.grad((p) => tf.sum(tf.mul(tf.cast(tf.less(u, p), 'float32'), p)))(tf.tensor1d([0.5, 0.5]));
  assert(gl.dataSync()[0] === 1, 'comparison gradients are missing');
  const logits = tf.tensor2d([[0.5, -1, 0.2]]);
  const f = (b) => tf.sum(tf.square(tf.sub(b, 0.45)), -1);
  const exact = core.exactBernoulli({ logits, objective: f });
  const est = core.scoreFunction({ controlVariate: core.leaveOneOut(), numSamples: 2 });
  const e = est.estimate({ key: core.key(1), logits: tf.broadcastTo(logits, [20000, 3]), objective: f });
  const check = core.checkUnbiased({ estimates: e.gradient, exact: exact.gradient });
  assert(check.passed, check.message);
  assert(e.gradient instanceof tf.Tensor, "tensors from core are not instances of the consumer's tf.Tensor");
  // importing core installs tfjs's chained methods, on the user's tensors and on core's results
  const chained = tf.tensor1d([1, 2, 3]).reshape([3, 1]).add(1).sum();
  assert(chained.dataSync()[0] === 9, `tf.tensor1d([1, 2, 3]).reshape([3, 1]).add(1).sum() gave ${chained.dataSync()[0]}`);
  const mean = e.gradient.mean().dataSync();
  assert(mean.length === 1 && Math.abs(mean[0] - tf.mean(e.gradient).dataSync()[0]) < 1e-7, '.mean() on a tensor core returned');
  return `${core.describeBackend(info)}; ${check.message}`;
}
