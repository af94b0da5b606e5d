/**
 * What: the messages between the MuJoCo panel (web/mujoco-panel.ts) and its SAC workers
 * (web/sac-worker.ts): the shipped HalfCheetah agent trained on, or Pendulum-v1 from scratch.
 * Properties: structured-cloneable data only (returns, summaries, an episode's render frames, SVG).
 */
import type { SacEpisode, SacProgressSummary } from '../src/sac-live';
import type { WorkerError } from './worker-messages';

export type SacTask = 'halfcheetah' | 'pendulum';

/** page → worker: `policyUrl` is the shipped agent's file (HalfCheetah only) */
export type SacRequest = { type: 'start'; task: SacTask; seed: number; policyUrl?: string } | { type: 'stop' };

/** worker → page */
export type SacMessage =
  | { type: 'loading'; message: string }
  | {
      type: 'progress';
      /** returns of the episodes finished since the previous message, in order */
      newReturns: number[];
      summary: SacProgressSummary;
      /** the latest finished episode with its frames, when newer than the one sent before (Pendulum) */
      lastEpisode?: SacEpisode;
      /** the return curve drawn as SVG in the worker, at most about once a second */
      chartSvg?: string;
    }
  | { type: 'finished'; stopped: boolean; seconds: number; leakedTensors: number }
  | WorkerError;
