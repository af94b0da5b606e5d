"""
The PyTorch reference peer for stochgrad's SAC speed (run by bench/src/rl-sac-speed/main.ts).

The SAC update of stochgrad's sac (packages/rl/src/agents/sac.ts, update(); a squashed-Gaussian
policy with the exact log-density) at Stable-Baselines3's settings and HalfCheetah-v5's sizes:
17 observations, 6 actions; actor 17 -> 256 -> 256 -> 2*6 (ReLU; mean and log-std, log-std clamped
to [-20, 2]), twin critics (17 + 6) -> 256 -> 256 -> 1 (ReLU) with Polyak targets (tau 0.005),
gamma 0.99, learned alpha (log alpha, alpha_0 = 1, target entropy -6), Adam (lr 3e-4) for actor,
critics and alpha, batch 256 drawn uniformly with replacement from a replay buffer of fixed
random transitions. One update, piece by piece in stochgrad's order:
  draw 256 rows (numpy indices, rows gathered and turned into tensors, as SB3's ReplayBuffer);
  eps ~ N(0, I) [256, 6];  alpha = exp(log alpha) (before this step's alpha update, as SB3);
  alpha loss: log pi(a~|s) at u = mu(s) + sigma(s) eps, no tape through the actor;
    -mean(log alpha * (log pi + target entropy)); Adam step on log alpha;
  critic target, no tape: u' = mu(s') + sigma(s') eps', eps' ~ N(0, I); log pi(a'|s');
    y = r + gamma (1 - terminated)(min_i Qbar_i(s', tanh u') - alpha log pi(a'|s'));
  critic loss: mean over both critics and the batch of (Q_i(s, a) - y)^2; Adam step;
  actor loss: u = mu(s) + sigma(s) eps (the alpha step's eps), on the tape;
    mean(alpha log pi(tanh u|s) - min_i Q_i(s, tanh u)) with the critics just updated; Adam step
    (gradients with respect to the actor only: the critics' weights do not ask for gradients here,
    as stochgrad differentiates with respect to the policy's variables alone);
  Polyak: Qbar <- (1 - tau) Qbar + tau Q.
log pi(a|s) = log N(u; mu, sigma^2) - sum_i 2 (log 2 - u_i - softplus(-2 u_i)) (the tanh change of
variables, in stochgrad's stable form). The two critics are two networks (SB3's ContinuousCritic);
stochgrad evaluates them as one batched network, the same arithmetic.

Commands on stdin (one JSON object per line on stdout):
  update S   time S seconds of updates
  act S      time S seconds of acting: one observation (numpy) -> actor forward -> a draw -> tanh
             -> numpy (the per-step acting of a SAC loop, without an environment: there is no
             MuJoCo in this Python)
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
    import torch.nn.functional as F
    import numpy as np
except ImportError as error:  # the runner turns this into a clear message
    print(json.dumps({"error": "no-torch", "message": str(error), "python": sys.executable}), flush=True)
    sys.exit(3)

OBSERVATIONS, ACTIONS = 17, 6
HIDDEN = 256
BATCH = 256
BUFFER = 100_000
GAMMA, TAU, LEARNING_RATE = 0.99, 0.005, 3e-4
TARGET_ENTROPY = -float(ACTIONS)
LOG_STD_MIN, LOG_STD_MAX = -20.0, 2.0
LOG_2PI = math.log(2 * math.pi)


def mlp(inputs, outputs, output_gain):
    """2 x 256 ReLU, orthogonal init (hidden gain sqrt 2, zero biases), as stochgrad"""
    layers = [nn.Linear(inputs, HIDDEN), nn.ReLU(), nn.Linear(HIDDEN, HIDDEN), nn.ReLU(), nn.Linear(HIDDEN, outputs)]
    for layer, gain in ((layers[0], math.sqrt(2)), (layers[2], math.sqrt(2)), (layers[4], output_gain)):
        nn.init.orthogonal_(layer.weight, gain)
        nn.init.zeros_(layer.bias)
    return nn.Sequential(*layers)


def tanh_log_det(u):
    """sum_i log(1 - tanh(u_i)^2) over the last axis, finite for any u"""
    return (2.0 * (math.log(2.0) - u - F.softplus(-2.0 * u))).sum(-1)


class Sac:
    def __init__(self, rng):
        self.rng = rng
        self.actor = mlp(OBSERVATIONS, 2 * ACTIONS, 0.01)
        self.critics = nn.ModuleList([mlp(OBSERVATIONS + ACTIONS, 1, 1.0) for _ in range(2)])
        self.targets = nn.ModuleList([mlp(OBSERVATIONS + ACTIONS, 1, 1.0) for _ in range(2)])
        self.targets.load_state_dict(self.critics.state_dict())
        self.targets.requires_grad_(False)
        self.log_alpha = torch.zeros((), requires_grad=True)  # alpha_0 = 1
        self.actor_optimizer = torch.optim.Adam(self.actor.parameters(), lr=LEARNING_RATE)
        self.critic_optimizer = torch.optim.Adam(self.critics.parameters(), lr=LEARNING_RATE)
        self.alpha_optimizer = torch.optim.Adam([self.log_alpha], lr=LEARNING_RATE)
        self.critic_params = list(self.critics.parameters())
        self.target_params = list(self.targets.parameters())
        # a full replay buffer of fixed random transitions of HalfCheetah's sizes
        self.observations = rng.standard_normal((BUFFER, OBSERVATIONS)).astype(np.float32)
        self.actions = rng.uniform(-1, 1, (BUFFER, ACTIONS)).astype(np.float32)
        self.rewards = rng.standard_normal(BUFFER).astype(np.float32)
        self.next_observations = rng.standard_normal((BUFFER, OBSERVATIONS)).astype(np.float32)
        self.terminations = (rng.random(BUFFER) < 0.001).astype(np.float32)

    def distribution(self, observations):
        out = self.actor(observations)
        return out[:, :ACTIONS], out[:, ACTIONS:].clamp(LOG_STD_MIN, LOG_STD_MAX)

    def draw_with_log_prob(self, observations, noise):
        mean, log_std = self.distribution(observations)
        u = mean + log_std.exp() * noise
        z = (u - mean) / log_std.exp()
        log_density = (-0.5 * z.square() - (log_std + 0.5 * LOG_2PI)).sum(-1)
        return u, log_density - tanh_log_det(u)

    def min_q(self, networks, observations, actions):
        x = torch.cat([observations, actions], 1)
        return torch.minimum(networks[0](x), networks[1](x)).squeeze(-1)

    def sample(self):
        rows = self.rng.integers(0, BUFFER, BATCH)
        return (
            torch.from_numpy(self.observations[rows]),
            torch.from_numpy(self.actions[rows]),
            torch.from_numpy(self.rewards[rows]),
            torch.from_numpy(self.terminations[rows]),
            torch.from_numpy(self.next_observations[rows]),
        )

    def update(self):
        obs, actions, rewards, terminations, next_obs = self.sample()
        noise = torch.randn(BATCH, ACTIONS)
        alpha = self.log_alpha.detach().exp()
        # alpha
        with torch.no_grad():
            _, log_pi = self.draw_with_log_prob(obs, noise)
        alpha_loss = -(self.log_alpha * (log_pi + TARGET_ENTROPY)).mean()
        self.alpha_optimizer.zero_grad(set_to_none=True)
        alpha_loss.backward()
        self.alpha_optimizer.step()
        # critics
        with torch.no_grad():
            next_u, next_log_pi = self.draw_with_log_prob(next_obs, torch.randn(BATCH, ACTIONS))
            next_q = self.min_q(self.targets, next_obs, next_u.tanh())
            y = rewards + (1.0 - terminations) * GAMMA * (next_q - alpha * next_log_pi)
        x = torch.cat([obs, actions], 1)
        critic_loss = 0.5 * sum(((net(x).squeeze(-1) - y).square().mean() for net in self.critics))
        self.critic_optimizer.zero_grad(set_to_none=True)
        critic_loss.backward()
        self.critic_optimizer.step()
        # actor, against the critics just updated; gradients for the actor only
        self.critics.requires_grad_(False)
        u, log_pi = self.draw_with_log_prob(obs, noise)
        actor_loss = (alpha * log_pi - self.min_q(self.critics, obs, u.tanh())).mean()
        self.actor_optimizer.zero_grad(set_to_none=True)
        actor_loss.backward()
        self.actor_optimizer.step()
        self.critics.requires_grad_(True)
        # Polyak
        with torch.no_grad():
            torch._foreach_mul_(self.target_params, 1.0 - TAU)
            torch._foreach_add_(self.target_params, self.critic_params, alpha=TAU)

    def act(self, observation):
        """one action in [-1, 1]^6 for one observation (numpy in, numpy out)"""
        with torch.no_grad():
            mean, log_std = self.distribution(torch.from_numpy(observation).unsqueeze(0))
            return (mean + log_std.exp() * torch.randn(1, ACTIONS)).tanh().squeeze(0).numpy()


def timed(body, seconds):
    """calls per wall-clock second and per CPU second of this process"""
    calls, elapsed, cpu = timed_calls(body, seconds)
    return {"calls": calls, "seconds": elapsed, "cpuSeconds": cpu, "perSecond": calls / elapsed, "perCpuSecond": calls / cpu}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--serve", action="store_true", required=True)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    agent = Sac(rng)
    observation = rng.standard_normal(OBSERVATIONS).astype(np.float32)
    print(json.dumps({"ready": True, **describe_peer(torch, np)}), flush=True)
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        if words[0] == "quit":
            break
        if words[0] not in ("update", "act") or len(words) != 2:
            print(json.dumps({"error": f"unknown command {line.strip()}"}), flush=True)
        elif words[0] == "update":
            print(json.dumps(timed(agent.update, float(words[1]))), flush=True)
        else:
            print(json.dumps(timed(lambda: agent.act(observation), float(words[1]))), flush=True)


if __name__ == "__main__":
    main()
