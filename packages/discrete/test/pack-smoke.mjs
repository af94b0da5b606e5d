// Run by scripts/pack-check.mjs inside a fresh project with only this package, core and tfjs.
export default async function smoke({ tf, core, pkg, label }) {
  await core.ready();
  const logits = tf.tensor2d([[0.5, -1, 0.2, 1.5]]);
  const f = (b) => tf.add(tf.sum(tf.square(tf.sub(b, 0.45)), -1), tf.prod(b, -1));
  const exact = core.exactBernoulli({ logits, objective: f });
  const e = pkg.disarm().estimate({ key: core.key(2), logits: tf.broadcastTo(logits, [20000, 4]), objective: f });
  const check = core.checkUnbiased({ estimates: e.gradient, exact: exact.gradient });
  if (!check.passed) throw new Error(`${label}: disarm ${check.message}`);
  return `disarm ${check.message}`;
}
