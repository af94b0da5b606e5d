// Run by scripts/pack-check.mjs inside a fresh project with only this package, core and tfjs.
// parseIdx on a hand-made IDX file; the Bernoulli VAE trained with core's 2-sample REINFORCE-LOO,
// whose declared pair capability must select the hand-differentiated step (estimate() never
// called) and agree with the tape path; the Gaussian-latent VAE's log joint against its prior term.
export default async function smoke({ tf, core, pkg, label }) {
  await core.ready();
  const messages = [];
  // IDX: 2 images of 2 × 3 unsigned bytes
  const bytes = new Uint8Array([0, 0, 0x08, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 3, 0, 255, 10, 20, 30, 40, 1, 2, 3, 4, 5, 6]);
  const idx = pkg.parseIdx(bytes);
  if (idx.shape.join(',') !== '2,2,3' || idx.data[1] !== 255 || idx.data[11] !== 6) throw new Error(`${label}: parseIdx read ${idx.shape} ${Array.from(idx.data)}`);
  const set = pkg.imageSet(idx);
  const mean = pkg.pixelMean(set);
  if (Math.abs(mean[0] - 1 / 510) > 1e-7 || Math.abs(mean[1] - 257 / 510) > 1e-6) throw new Error(`${label}: pixelMean ${Array.from(mean)}`);
  messages.push(`parseIdx [${idx.shape}], ${set.count} images of ${set.pixels} pixels`);

  const x = core.random.bernoulli(core.key(1), { probs: 0.4 }, [16, 12]);
  const inner = core.scoreFunction({ controlVariate: core.leaveOneOut(), numSamples: 2 });
  if (!inner.bernoulliPair) throw new Error(`${label}: REINFORCE-LOO declares no bernoulliPair capability`);
  let calls = 0;
  const counted = { ...inner, bernoulliPair: inner.bernoulliPair, estimate: (args) => (calls++, inner.estimate(args)) };
  const objectives = {};
  for (const fastPath of [true, false]) {
    const vae = pkg.bernoulliVae({ key: core.key(2), pixels: 12, latents: 5, dataMean: new Float32Array(12).fill(0.4), fastPath });
    const values = [];
    for (let step = 0; step < 5; step++) values.push(vae.trainStep({ key: core.fold(core.key(3), step), x, estimator: counted }).objective);
    objectives[fastPath] = values;
    vae.dispose();
  }
  if (calls !== 5) throw new Error(`${label}: estimate() called ${calls} times, expected 5 (tape path only)`);
  const gap = Math.max(...objectives.true.map((v, i) => Math.abs(v - objectives.false[i])));
  if (!objectives.true.every(Number.isFinite) || gap > 1e-3) throw new Error(`${label}: fast and tape objectives differ by ${gap}`);
  messages.push(`bernoulliVae: capability picks the hand step; tape and hand objectives agree within ${gap.toExponential(1)}`);

  const gaussian = pkg.gaussianLatentVae({ key: core.key(4), latents: 2, hidden: 3, pixels: 12, dataMean: new Float32Array(12).fill(0.5) });
  const z = tf.zeros([1, 16, 2]);
  const joint = gaussian.logJoint(x, z);
  const values = Array.from(joint.dataSync());
  if (values.length !== 16 || !values.every(Number.isFinite)) throw new Error(`${label}: gaussianLatentVae logJoint ${values}`);
  messages.push(`gaussianLatentVae logJoint finite [${joint.shape}]`);
  tf.dispose([x, z, joint]);
  gaussian.dispose();
  return messages.join('; ');
}
