/**
 * What: the messages between the page and its workers (web/*-worker.ts), and the two halves of the
 * plumbing: `workerScope()` for a worker's side, `workerErrorOf()` for an error sent across.
 * Properties: everything sent is structured-cloneable data (reports, histories, pixel arrays);
 * errors travel as name + message, so the page shows `BackendError: …` as it would on its own thread.
 */
import type { BackendInfo, EstimatorReport } from '@stochgrad/core';
import type { CartPoleEpisode, CartPoleMethod, CartPoleSummary } from '../src/cartpole-race';
import type { CoupledChainsDemo, ProposalMismatch } from '../src/coupled-chains';
import type { fieldSpec } from '../src/score-field';
import type { ImageBatch, VaeProgress } from '../src/vae';

export interface WorkerError {
  type: 'error';
  name: string;
  message: string;
}

/** The toy comparison: page → worker */
export interface ToyRequest {
  budget: number;
  seed: number;
}

/** The toy comparison: worker → page */
export type ToyMessage =
  | { type: 'backend'; info: BackendInfo }
  | { type: 'problem-start'; index: number }
  | { type: 'progress'; index: number; estimator: string; done: number; total: number }
  /** a problem's reports, and its variance chart drawn as SVG in the worker (Vega's headless renderer) */
  | { type: 'problem'; index: number; evaluationBudget: number; exactGradient: number[]; reports: EstimatorReport[]; chartSvg: string }
  | { type: 'done'; seconds: number; leakedTensors: number }
  | WorkerError;

/** VAE training: page → worker */
export type VaeRequest =
  | { type: 'train'; estimator: string; steps: number; seed: number; trainUrl: string; testUrl: string }
  | { type: 'stop' };

/** VAE training: worker → page */
export type VaeMessage =
  | { type: 'loading' }
  | { type: 'step'; step: number; steps: number }
  | {
      type: 'record';
      progress: VaeProgress;
      /** the ELBO curve so far, drawn as SVG in the worker, and its data */
      chartSvg: string;
      history: VaeProgress[];
      reconstructions: { inputs: ImageBatch; outputs: ImageBatch };
      samples: ImageBatch;
    }
  | { type: 'finished'; stopped: boolean; leakedTensors: number }
  | WorkerError;

/** AR-DAE training: page → worker */
export type ScoreRequest = { type: 'train'; density: string; steps: number; seed: number } | { type: 'stop' };

/** AR-DAE training: worker → page */
export type ScoreMessage =
  | { type: 'step'; step: number; steps: number; density: string }
  /** the cosine with the exact score, and the field drawn as SVG in the worker */
  | { type: 'record'; step: number; cosine: number; chartSvg: string; chart: Parameters<typeof fieldSpec>[0] }
  | { type: 'finished'; stopped: boolean; seconds: number; leakedTensors: number }
  | WorkerError;

/** Coupled chains: page → worker */
export interface ChainsRequest {
  seed: number;
  numParticles: number;
  mismatch: ProposalMismatch;
}

/** Coupled chains: worker → page */
export type ChainsMessage =
  /** the run, its meeting-time histogram and a coupled pair's trace drawn as SVG in the worker */
  | { type: 'done'; demo: CoupledChainsDemo; histogramSvg: string; traceSvg: string; seconds: number; leakedTensors: number }
  | WorkerError;

/** A2C vs RELAX on CartPole-v1: page → worker */
export type CartPoleRequest = { type: 'start'; seed: number; episodes: number } | { type: 'stop' };

/** One method's news since the previous message */
export interface CartPoleUpdate {
  method: CartPoleMethod;
  /** returns of the episodes finished since the previous message, in order */
  newReturns: number[];
  summary: CartPoleSummary;
  /** its last finished episode, when it is newer than the one sent before */
  lastEpisode?: CartPoleEpisode;
}

/** A2C vs RELAX on CartPole-v1: worker → page */
export type CartPoleMessage =
  /** the learning curves drawn as SVG in the worker, at most about once a second */
  | { type: 'progress'; updates: CartPoleUpdate[]; chartSvg?: string }
  | { type: 'finished'; stopped: boolean; seconds: number; leakedTensors: number }
  | WorkerError;

/** A worker's own global scope, typed by the messages it receives and sends. */
export function workerScope<TRequest, TMessage>(): {
  post(message: TMessage): void;
  onRequest(handler: (request: TRequest) => void): void;
} {
  const scope = globalThis as unknown as {
    postMessage(message: unknown): void;
    addEventListener(type: 'message', listener: (event: MessageEvent<TRequest>) => void): void;
  };
  return {
    post: (message) => scope.postMessage(message),
    onRequest: (handler) => scope.addEventListener('message', (event) => handler(event.data)),
  };
}

/** An error as a message (name and message only: Error objects lose their class when cloned). */
export function workerErrorOf(error: unknown): WorkerError {
  return error instanceof Error ? { type: 'error', name: error.name, message: error.message } : { type: 'error', name: 'Error', message: String(error) };
}

/** The text a page shows for an error: `Name: message`, once. */
export function errorText(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'name' in error && 'message' in error) {
    const { name, message } = error as { name: unknown; message: unknown };
    return `${String(name) || 'Error'}: ${String(message)}`;
  }
  return `Error: ${String(error)}`;
}

/** An Error with the name and message a worker sent, to throw on the page. */
export function errorFrom(sent: WorkerError): Error {
  const error = new Error(sent.message);
  error.name = sent.name;
  return error;
}
