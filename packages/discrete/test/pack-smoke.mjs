// Run by scripts/pack-check.mjs inside a fresh project with only this package, core and tfjs.
// DisARM and RELAX (whose control variate needs second-order gradients through the installed tfjs)
// against the exact gradient, and Gumbel-softmax's documented bias: it must be there, and finite.
export default async function smoke({ tf, core, pkg, label }) {
  await core.ready();
  const logits = tf.tensor2d([[0.5, -1, 0.2, 1.5]]);
  const batch = tf.broadcastTo(logits, [20000, 4]);
  const f = (b) => tf.add(tf.sum(tf.square(tf.sub(b, 0.45)), -1), tf.prod(b, -1));
  const exact = core.exactBernoulli({ logits, objective: f });
  const messages = [];
  const relax = pkg.relax();
  for (const [name, estimator] of [['disarm', pkg.disarm()], ['relax', relax]]) {
    const e = estimator.estimate({ key: core.key(2), logits: batch, objective: f });
    const check = core.checkUnbiased({ estimates: e.gradient, exact: exact.gradient });
    tf.dispose(Object.values(e).filter((t) => t instanceof tf.Tensor));
    if (!check.passed) throw new Error(`${label}: ${name} ${check.message}`);
    messages.push(`${name} ${check.message}`);
  }
  // one variance step on RELAX's control variate: a second-order gradient on this install
  const optimizer = tf.train.adam(1e-2);
  const stepped = relax.update(optimizer, { key: core.key(3), logits: tf.slice(batch, [0, 0], [64, 4]), objective: f });
  tf.dispose(Object.values(stepped).filter((t) => t instanceof tf.Tensor));
  const gumbel = pkg.gumbelSoftmax({ temperature: 0.5 }).estimate({ key: core.key(4), logits: batch, objective: f });
  const mean = tf.mean(gumbel.gradient, 0);
  const error = tf.norm(tf.sub(mean, exact.gradient)).dataSync()[0] / tf.norm(exact.gradient).dataSync()[0];
  if (!Number.isFinite(error) || error < 0.02) throw new Error(`${label}: gumbelSoftmax relative bias ${error}, expected a visible bias`);
  messages.push(`gumbelSoftmax relative bias ${error.toFixed(3)} (documented as biased)`);
  tf.dispose([mean, ...Object.values(gumbel).filter((t) => t instanceof tf.Tensor)]);
  relax.dispose();
  optimizer.dispose();
  tf.dispose([logits, batch, exact.value, exact.gradient]);
  return messages.join('; ');
}
