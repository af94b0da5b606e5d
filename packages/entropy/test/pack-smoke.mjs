// Run by scripts/pack-check.mjs inside a fresh project with only this package, core and tfjs.
export default async function smoke({ tf, core, pkg, label }) {
  await core.ready();
  // x = μ + Lε with L = [[1.2, 0], [0.3, 0.8]]: ∇_L H = L^{-T}; the exact score is −L^{-T}L^{-1}(x − μ)
  const lInverse = tf.tensor2d([[1 / 1.2, 0], [-0.3 / (1.2 * 0.8), 1 / 0.8]]);
  const precision = tf.matMul(tf.transpose(lInverse), lInverse);
  const mean = tf.tensor1d([0.5, -0.5]);
  const score = (x) => tf.tidy(() => tf.neg(tf.reshape(tf.matMul(tf.reshape(tf.sub(x, mean), [-1, 2]), precision), x.shape)));
  const m = 4000;
  const copies = tf.variable(tf.tile(tf.tensor3d([[[1.2, 0], [0.3, 0.8]]]), [m, 1, 1]));
  const eps = core.random.normal(core.key(1), [m, 2, 1]);
  const { value, grads } = tf.variableGrads(() => {
    const x = tf.reshape(tf.add(tf.reshape(tf.matMul(copies, eps), [m, 2]), mean), [1, m, 2]);
    return pkg.entropySurrogate(x, score);
  }, [copies]);
  const estimates = tf.reshape(grads[copies.name], [m, 4]);
  const check = core.checkUnbiased({ estimates, exact: [1 / 1.2, -0.3 / (1.2 * 0.8), 0, 1 / 0.8] });
  if (!check.passed) throw new Error(`${label}: entropySurrogate with the exact score: ${check.message}`);

  // an AR-DAE trains deterministically on a fixed key, and its score has the points' shape
  const samples = tf.add(tf.matMul(core.random.normal(core.key(2), [256, 2]), tf.tensor2d([[1.2, 0.3], [0, 0.8]])), mean);
  const train = () => {
    const model = pkg.ardae({ key: core.key(3), dim: 2, hidden: 16 });
    const losses = [0, 1, 2, 3, 4].map((i) => model.train(core.fold(core.key(4), i), samples).loss);
    const s = model.score(samples);
    const shape = s.shape.join(',');
    s.dispose();
    model.dispose();
    return { losses, shape };
  };
  const a = train();
  const b = train();
  if (a.shape !== '256,2') throw new Error(`${label}: ardae score has shape [${a.shape}], expected [256, 2]`);
  if (!a.losses.every(Number.isFinite) || a.losses.join() !== b.losses.join()) {
    throw new Error(`${label}: ardae training is not deterministic or not finite: ${a.losses} vs ${b.losses}`);
  }
  tf.dispose([lInverse, precision, mean, copies, eps, value, estimates, samples, ...Object.values(grads)]);
  return `entropySurrogate ${check.message}; ardae losses ${a.losses.map((l) => l.toFixed(3)).join(' ')}`;
}
