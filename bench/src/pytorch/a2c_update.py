"""
The PyTorch reference peer for stochgrad's A2C speed (run by bench/src/rl-a2c-speed/main.ts).

The A2C update of stochgrad's a2c (packages/rl/src/agents/a2c.ts) and of Stable-Baselines3, with
its default settings: 8 copies x nSteps 5 = 40 transitions per update, separate 2 x 64 tanh actor
and critic, gamma 0.99, GAE lambda 1 (n-step returns), entCoef 0, vfCoef 0.5, global-norm clip 0.5,
RMSprop (lr 7e-4, alpha 0.99, eps 1e-5) over both networks. One update, as stochgrad does it:
  V(s) of the 48 observations (40 steps + the last next-observations) without a tape;
  advantages A_t (GAE, bootstrap V(s') on truncation, 0 on termination, autoreset steps masked);
  on the tape: logits / mean of the 40 observations -> log pi(a_t|s_t) and entropy, V(s_t);
  loss = -mean(A log pi) - entCoef mean(H) + vfCoef mean((R - V)^2) over the valid steps;
  backward, clip_grad_norm_(0.5), RMSprop step.
Tasks: "cartpole" (4 observations, 2 actions, categorical policy) and "pendulum" (the shapes of
InvertedPendulum-v5: 4 observations, 1 action, Gaussian policy with a state-independent log-std).
Only CartPole has environment dynamics here (CartPole-v1's, Gymnasium's Euler step, vectorized
over the 8 copies in numpy, NEXT_STEP autoreset, 500-step limit); there is no MuJoCo in this
Python, so for the pendulum only the update is timed.

Commands on stdin (one JSON object per line on stdout):
  update TASK S   time S seconds of updates on a fixed synthetic rollout of TASK's shapes
  learn TASK S    time S seconds of the whole loop (act, env step, update); cartpole only
  quit
Run with /usr/bin/python3 (Debian's python3-torch), OPENBLAS_NUM_THREADS=1, one torch thread.
"""
import argparse
import json
import math
import os
import sys

from peer_timing import describe_peer, timed_calls  # noqa: E402  (a sibling module)

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

try:
    import torch
    import torch.nn as nn
    import numpy as np
except ImportError as error:  # the runner turns this into a clear message
    print(json.dumps({"error": "no-torch", "message": str(error), "python": sys.executable}), flush=True)
    sys.exit(3)

N_ENVS, N_STEPS = 8, 5
GAMMA, GAE_LAMBDA, ENT_COEF, VF_COEF, MAX_GRAD_NORM = 0.99, 1.0, 0.0, 0.5, 0.5
LEARNING_RATE, ALPHA, EPS = 7e-4, 0.99, 1e-5
HIDDEN = 64
LOG_2PI = math.log(2 * math.pi)
TASKS = {"cartpole": {"observations": 4, "kind": "categorical", "actions": 2}, "pendulum": {"observations": 4, "kind": "gaussian", "actions": 1}}


def mlp(inputs, outputs, output_gain):
    """2 x 64 tanh, orthogonal init (hidden gain sqrt 2, zero biases), as SB3 and stochgrad"""
    layers = [nn.Linear(inputs, HIDDEN), nn.Tanh(), nn.Linear(HIDDEN, HIDDEN), nn.Tanh(), nn.Linear(HIDDEN, outputs)]
    for layer, gain in ((layers[0], math.sqrt(2)), (layers[2], math.sqrt(2)), (layers[4], output_gain)):
        nn.init.orthogonal_(layer.weight, gain)
        nn.init.zeros_(layer.bias)
    return nn.Sequential(*layers)


class Agent:
    def __init__(self, task):
        spec = TASKS[task]
        self.kind = spec["kind"]
        self.d = spec["observations"]
        self.k = spec["actions"]
        self.actor = mlp(self.d, self.k, 0.01)
        self.critic = mlp(self.d, 1, 1.0)
        self.log_std = nn.Parameter(torch.zeros(self.k)) if self.kind == "gaussian" else None
        self.parameters = list(self.actor.parameters()) + list(self.critic.parameters()) + ([self.log_std] if self.log_std is not None else [])
        self.optimizer = torch.optim.RMSprop(self.parameters, lr=LEARNING_RATE, alpha=ALPHA, eps=EPS)

    def log_prob_entropy(self, x, actions):
        if self.kind == "categorical":
            log_pi = torch.log_softmax(self.actor(x), -1)
            log_prob = log_pi.gather(1, actions.unsqueeze(1)).squeeze(1)
            entropy = -(log_pi.exp() * log_pi).sum(-1)
            return log_prob, entropy
        mean = self.actor(x)
        z = (actions - mean) / self.log_std.exp()
        log_prob = (-0.5 * z.square() - (self.log_std + 0.5 * LOG_2PI)).sum(-1)
        entropy = (self.log_std + 0.5 * (1 + LOG_2PI)).sum().expand_as(log_prob)
        return log_prob, entropy

    def act(self, observations, rng):
        """one action per copy: Gumbel-max on the logits, or mean + std * normal"""
        with torch.no_grad():
            out = self.actor(torch.from_numpy(observations)).numpy()
            if self.kind == "categorical":
                return np.argmax(out - np.log(-np.log(rng.random(out.shape))), axis=1)
            return (out + np.exp(self.log_std.numpy()) * rng.standard_normal(out.shape)).astype(np.float32)

    def update(self, rollout):
        obs, actions, rewards, terminations, truncations, autoreset = rollout
        T, n, d = N_STEPS, N_ENVS, self.d
        with torch.no_grad():
            values = self.critic(torch.from_numpy(obs)).squeeze(-1).numpy().astype(np.float64).reshape(T + 1, n)
        advantages = np.zeros((T, n))
        valid = 1.0 - autoreset
        following = np.zeros(n)
        for t in range(T - 1, -1, -1):
            delta = rewards[t] + GAMMA * (1.0 - terminations[t]) * values[t + 1] - values[t]
            ended = np.maximum(terminations[t], truncations[t])
            following = valid[t] * (delta + GAMMA * GAE_LAMBDA * (1.0 - ended) * following)
            advantages[t] = following
        returns = (advantages + values[:T]) * valid
        count = float(valid.sum())
        if count == 0:
            return 0
        x = torch.from_numpy(obs[: T * n])
        a = torch.from_numpy(actions)
        adv = torch.from_numpy(advantages.reshape(-1).astype(np.float32))
        ret = torch.from_numpy(returns.reshape(-1).astype(np.float32))
        mask = torch.from_numpy(valid.reshape(-1).astype(np.float32))
        log_prob, entropy = self.log_prob_entropy(x, a)
        policy_loss = -(adv * log_prob * mask).sum() / count
        entropy_loss = -(entropy * mask).sum() / count
        value_loss = ((ret - self.critic(x).squeeze(-1)).square() * mask).sum() / count
        loss = policy_loss + ENT_COEF * entropy_loss + VF_COEF * value_loss
        self.optimizer.zero_grad(set_to_none=True)
        loss.backward()
        nn.utils.clip_grad_norm_(self.parameters, MAX_GRAD_NORM)
        self.optimizer.step()
        return int(count)


class CartPole:
    """CartPole-v1 (Gymnasium's dynamics, Euler), n copies in numpy, NEXT_STEP autoreset, 500 steps"""

    def __init__(self, n, rng):
        self.n, self.rng = n, rng
        self.state = rng.uniform(-0.05, 0.05, (n, 4))
        self.steps = np.zeros(n, dtype=np.int64)
        self.ended = np.zeros(n, dtype=bool)

    def observations(self):
        return self.state.astype(np.float32)

    def step(self, actions):
        x, x_dot, theta, theta_dot = self.state.T
        force = np.where(actions == 1, 10.0, -10.0)
        cos, sin = np.cos(theta), np.sin(theta)
        temp = (force + 0.05 * theta_dot**2 * sin) / 1.1
        theta_acc = (9.8 * sin - cos * temp) / (0.5 * (4.0 / 3.0 - 0.1 * cos**2 / 1.1))
        x_acc = temp - 0.05 * theta_acc * cos / 1.1
        stepped = np.stack([x + 0.02 * x_dot, x_dot + 0.02 * x_acc, theta + 0.02 * theta_dot, theta_dot + 0.02 * theta_acc], 1)
        reset = self.ended
        fresh = self.rng.uniform(-0.05, 0.05, (self.n, 4))
        self.state = np.where(reset[:, None], fresh, stepped)
        self.steps = np.where(reset, 0, self.steps + 1)
        terminated = ~reset & ((np.abs(self.state[:, 0]) > 2.4) | (np.abs(self.state[:, 2]) > 12 * 2 * math.pi / 360))
        truncated = ~reset & ~terminated & (self.steps >= 500)
        rewards = np.where(reset, 0.0, 1.0)
        self.ended = terminated | truncated
        return self.observations(), rewards, terminated.astype(np.float64), truncated.astype(np.float64), reset.astype(np.float64)


def synthetic_rollout(agent, rng):
    """a fixed rollout of the task's shapes: standard-normal observations, one termination"""
    T, n = N_STEPS, N_ENVS
    obs = rng.standard_normal(((T + 1) * n, agent.d)).astype(np.float32)
    if agent.kind == "categorical":
        actions = rng.integers(0, agent.k, T * n)
    else:
        actions = rng.standard_normal((T * n, agent.k)).astype(np.float32)
    terminations = np.zeros((T, n))
    terminations[2, 3] = 1.0
    autoreset = np.zeros((T, n))
    autoreset[3, 3] = 1.0
    return obs, actions, np.ones((T, n)), terminations, np.zeros((T, n)), autoreset


class Learner:
    """the whole A2C loop on CartPole: act, step the 8 copies, update every 5 steps"""

    def __init__(self, agent, rng):
        self.agent, self.rng = agent, rng
        self.env = CartPole(N_ENVS, rng)
        self.obs = self.env.observations()

    def iteration(self):
        rows, actions, rewards, terminations, truncations, autoreset = [], [], [], [], [], []
        for _ in range(N_STEPS):
            a = self.agent.act(self.obs, self.rng)
            rows.append(self.obs)
            actions.append(a)
            self.obs, r, term, trunc, reset = self.env.step(a)
            rewards.append(r)
            terminations.append(term)
            truncations.append(trunc)
            autoreset.append(reset)
        rows.append(self.obs)
        rollout = (np.concatenate(rows), np.concatenate(actions), np.stack(rewards), np.stack(terminations), np.stack(truncations), np.stack(autoreset))
        self.agent.update(rollout)


def timed(body, seconds):
    """updates per wall-clock second and per CPU second of this process"""
    updates, elapsed, cpu = timed_calls(body, seconds)
    frames = updates * N_ENVS * N_STEPS
    return {"updates": updates, "seconds": elapsed, "cpuSeconds": cpu, "updatesPerSecond": updates / elapsed, "updatesPerCpuSecond": updates / cpu, "framesPerSecond": frames / elapsed, "framesPerCpuSecond": frames / cpu}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--serve", action="store_true", required=True)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    agents = {task: Agent(task) for task in TASKS}
    rollouts = {task: synthetic_rollout(agents[task], rng) for task in TASKS}
    learner = Learner(Agent("cartpole"), rng)
    print(json.dumps({"ready": True, **describe_peer(torch, np)}), flush=True)
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        if words[0] == "quit":
            break
        if words[0] not in ("update", "learn") or len(words) != 3 or words[1] not in TASKS:
            print(json.dumps({"error": f"unknown command {line.strip()}"}), flush=True)
        elif words[0] == "update":
            agent, rollout = agents[words[1]], rollouts[words[1]]
            print(json.dumps(timed(lambda: agent.update(rollout), float(words[2]))), flush=True)
        elif words[1] != "cartpole":
            print(json.dumps({"error": f"no {words[1]} dynamics in Python: learn is cartpole only"}), flush=True)
        else:
            print(json.dumps(timed(learner.iteration, float(words[2]))), flush=True)


if __name__ == "__main__":
    main()
