// Run by scripts/pack-check.mjs inside a fresh project with only this package, core and tfjs.
// 1. The maximal coupling of two categoricals meets with probability 1 − TV = 0.6.
// 2. The unbiased gradient of log p(x) on z ~ N(0, 1), x | z ~ N(w z + b, 1) averages to the closed
//    form ∇_b = (x − b)/(w² + 1), ∇_w = w((x − b)² − (w² + 1))/(w² + 1)² (M replicates, own w, b each).
export default async function smoke({ tf, core, pkg, label }) {
  await core.ready();
  const M = 3000;
  const logitsX = tf.tile(tf.log(tf.tensor2d([[0.1, 0.2, 0.3, 0.4]])), [M, 1]);
  const logitsY = tf.tile(tf.log(tf.tensor2d([[0.4, 0.3, 0.2, 0.1]])), [M, 1]);
  const draw = pkg.maximalCouplingCategorical(core.key(1), { logitsX, logitsY });
  const coupling = core.checkUnbiased({ estimates: Array.from(draw.met, (v) => [v]), exact: [0.6] });
  tf.dispose([logitsX, logitsY, draw.x, draw.y]);
  if (!coupling.passed) throw new Error(`${label}: maximal coupling meeting rate ${coupling.message}`);

  const [w0, b0, x0] = [0.8, 0.3, 1.7];
  const x = tf.fill([M, 1], x0);
  const w = tf.fill([M, 1], w0);
  const b = tf.fill([M, 1], b0);
  const loc = tf.fill([M, 1], 0.4);
  const proposal = core.independent(core.normal({ loc, scale: 1 }), 1);
  const logNormal = (v, mean) => tf.sub(tf.mul(tf.sum(tf.square(tf.sub(v, mean)), -1), -0.5), 0.5 * Math.log(2 * Math.PI));
  let meetingTimes;
  const grads = tf.grads((wv, bv) => {
    const result = pkg.unbiasedLogLikelihoodGradient({
      key: core.key(2),
      x,
      logJoint: (xs, z) => tf.add(logNormal(xs, tf.add(tf.mul(wv, z), bv)), logNormal(z, 0)),
      proposal,
      numParticles: 4,
      k: 1,
      m: 3,
      maxIterations: 200,
    });
    meetingTimes = result.meetingTimes;
    result.inclusiveKlSurrogate.dispose();
    return result.surrogate;
  })([w, b]);
  const [gw, gb] = grads.map((g) => Array.from(g.dataSync()));
  const variance = w0 * w0 + 1;
  const exact = [(w0 * ((x0 - b0) ** 2 - variance)) / variance ** 2, (x0 - b0) / variance];
  const check = core.checkUnbiased({ estimates: gw.map((v, i) => [v, gb[i]]), exact });
  tf.dispose([...grads, x, w, b, loc]);
  if (!check.passed) throw new Error(`${label}: unbiasedLogLikelihoodGradient ${check.message}`);
  const summary = pkg.meetingTimeSummary(meetingTimes);
  if (summary.numCapped !== 0) throw new Error(`${label}: ${summary.numCapped} chains capped`);
  return `coupling ${coupling.message}; ∇ log p(x) ${check.message}; mean meeting time ${summary.mean.toFixed(2)}`;
}
