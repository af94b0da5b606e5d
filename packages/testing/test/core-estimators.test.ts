// Every estimator in @stochgrad/core through the conformance suite.
import {
  constantBaseline,
  learnedBaseline,
  leaveOneOut,
  movingAverageBaseline,
  normalFamily,
  pathwise,
  scoreFunction,
  categoricalFamily,
} from '@stochgrad/core';
import * as tf from '@tensorflow/tfjs-core';
import { describeConformance } from '../src/conformance';
import { coupledBernoulli, coupledCategorical, gaussianQuadratic } from '../src/problems';

const bernoulliAndCategorical = [coupledBernoulli];

describeConformance('reinforce (Bernoulli)', { create: () => scoreFunction(), problems: bernoulliAndCategorical });
describeConformance('reinforce+constant (Bernoulli)', { create: () => scoreFunction({ controlVariate: constantBaseline(2) }), problems: bernoulliAndCategorical });
describeConformance('reinforce+ema (Bernoulli)', { create: () => scoreFunction({ controlVariate: movingAverageBaseline({ decay: 0.8 }) }), problems: bernoulliAndCategorical });
describeConformance('reinforce+learned (Bernoulli)', {
  create: () => scoreFunction({ controlVariate: learnedBaseline((logits) => tf.add(tf.mul(tf.sum(logits, -1), 0.1), 2)) }),
  problems: bernoulliAndCategorical,
});
describeConformance('reinforce+leave-one-out K=4 (Bernoulli)', { create: () => scoreFunction({ controlVariate: leaveOneOut(), numSamples: 4 }), problems: bernoulliAndCategorical });

describeConformance('reinforce (categorical)', { create: () => scoreFunction({ family: categoricalFamily }), problems: [coupledCategorical] });
describeConformance('reinforce+ema (categorical)', {
  create: () => scoreFunction({ family: categoricalFamily, controlVariate: movingAverageBaseline() }),
  problems: [coupledCategorical],
});
describeConformance('reinforce+leave-one-out K=3 (categorical)', {
  create: () => scoreFunction({ family: categoricalFamily, controlVariate: leaveOneOut(), numSamples: 3 }),
  problems: [coupledCategorical],
});

describeConformance('reinforce+constant (Gaussian)', {
  create: () => scoreFunction({ family: normalFamily, controlVariate: constantBaseline(3) }),
  problems: [gaussianQuadratic],
});
describeConformance('reinforce+leave-one-out K=2 (Gaussian)', {
  create: () => scoreFunction({ family: normalFamily, controlVariate: leaveOneOut(), numSamples: 2 }),
  problems: [gaussianQuadratic],
});
describeConformance('pathwise (Gaussian)', { create: () => pathwise({ family: normalFamily }), problems: [gaussianQuadratic] });
