"""
The PyTorch reference peer for stochgrad's DisARM Bernoulli-VAE step (run by bench/src/vae-speed/main.ts).

One training step of a linear Bernoulli VAE, batch 50, 784 -> 200 Bernoulli latents -> 784, learned
prior logits, exactly as stochgrad's step:
  alpha = x We + be;  u ~ U(0,1)^[50,200];  b1 = 1[alpha + logit u > 0], b2 = 1[alpha - logit u > 0]
  (an antithetic pair from one uniform draw);  both samples decoded in one matmul;
  f(b) = log p(x|b) + log p(b) - log q(b|x)  (each log-probability as b.a - softplus(a));
  encoder: the DisARM estimate g_i = 1/2 (f(b1) - f(b2)) (-1)^b2_i 1[b1_i != b2_i] sigmoid(|alpha_i|),
  pulled back through the encoder (a surrogate -stop(g).alpha); decoder and prior: the gradient of
  the mean ELBO over both samples; one Adam (1e-4) step on every parameter.
Reference: Dong, Mnih, Tucker, "DisARM: An Antithetic Gradient Estimator for Binary Latent
Variables", NeurIPS 2020, arXiv:2006.10680 (disarm/binary/networks.py).

Modes (JSON on stdout, one object per line):
  --seconds S                 warm up, time S seconds of steps, print one result and exit
  --serve                     read commands from stdin: "warmup S", "block S", "check", "quit"
  --init DIR                  start from DIR/meta.json + DIR/tensors.bin (float32, written by the
                              TS runner): the same batch and weights; "check" then computes one
                              step's gradients for the uniforms in it and writes DIR/torch-grads.bin
Run with /usr/bin/python3 (Debian's python3-torch) and OPENBLAS_NUM_THREADS=1.
"""
import argparse
import json
import os
import sys

from peer_timing import timed_calls  # noqa: E402  (a sibling module)

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

try:
    import torch
    import torch.nn.functional as F
except ImportError as error:  # the runner turns this into a clear message
    print(json.dumps({"error": "no-torch", "message": str(error), "python": sys.executable}), flush=True)
    sys.exit(3)

BATCH, PIXELS, LATENTS = 50, 784, 200
NAMES = ["encoderWeights", "encoderBias", "decoderWeights", "decoderBias", "priorLogits"]


def load_init(directory):
    with open(os.path.join(directory, "meta.json")) as f:
        meta = json.load(f)
    raw = torch.from_file(os.path.join(directory, "tensors.bin"), size=meta["floats"], dtype=torch.float32)
    out = {}
    for entry in meta["tensors"]:
        start, shape = entry["offset"], entry["shape"]
        n = 1
        for d in shape:
            n *= d
        out[entry["name"]] = raw[start:start + n].reshape(shape).clone()
    return out


def make_model(init):
    if init is None:
        generator = torch.Generator().manual_seed(0)
        data = (torch.rand(PIXELS, generator=generator) * 0.9 + 0.05).expand(BATCH, PIXELS)
        init = {
            "data": torch.bernoulli(data, generator=generator),
            "encoderWeights": torch.randn(PIXELS, LATENTS, generator=generator) * 0.01,
            "encoderBias": torch.zeros(LATENTS),
            "decoderWeights": torch.randn(LATENTS, PIXELS, generator=generator) * 0.01,
            "decoderBias": torch.zeros(PIXELS),
            "priorLogits": torch.zeros(LATENTS),
        }
    params = {name: init[name].clone().requires_grad_(True) for name in NAMES}
    return init["data"].clone(), params


def log_bernoulli(b, logits):
    """sum over the last axis of b.logits - softplus(logits)"""
    return (b * logits - F.softplus(logits)).sum(-1)


def loss_fn(x, p, u):
    """-(DisARM surrogate of the mean ELBO); its gradient is the estimator's, its value -ELBO."""
    alpha = torch.addmm(p["encoderBias"], x, p["encoderWeights"])
    with torch.no_grad():
        noise = torch.log(u) - torch.log1p(-u)  # logit u, compared in logit space as stochgrad does
        a = alpha.detach()
        b1 = (a + noise > 0).float()
        b2 = (a - noise > 0).float()
    b = torch.cat([b1, b2], 0)  # both samples in one decoder matmul
    decoded = torch.addmm(p["decoderBias"], b, p["decoderWeights"])
    likelihood = -F.binary_cross_entropy_with_logits(decoded, x.repeat(2, 1), reduction="none").sum(-1)
    alpha_both = alpha.detach().repeat(2, 1)  # -log q: the encoder gets the DisARM estimate only
    f = likelihood + log_bernoulli(b, p["priorLogits"]) - log_bernoulli(b, alpha_both)
    f1, f2 = f[:BATCH], f[BATCH:]
    with torch.no_grad():
        factor = (b1 - b2) * torch.sigmoid(alpha.detach().abs())  # (-1)^b2 1[b1 != b2] sigmoid(|alpha|)
        g = 0.5 * (f1 - f2).unsqueeze(-1) * factor
    surrogate = 0.5 * (f1 + f2) + (g * alpha).sum(-1)
    return -surrogate.mean(), f.detach()


def make_step(x, p, optimizer):
    def step():
        u = torch.rand(BATCH, LATENTS).clamp_(2.0 ** -24, 1 - 2.0 ** -24)
        optimizer.zero_grad(set_to_none=True)
        loss, _ = loss_fn(x, p, u)
        loss.backward()
        optimizer.step()
        return loss
    return step


def timed(step, seconds):
    """steps per wall-clock second and per CPU second of this process (robust to other load)"""
    steps, elapsed, cpu = timed_calls(step, seconds)
    return {"steps": steps, "seconds": elapsed, "cpuSeconds": cpu, "stepsPerSecond": steps / elapsed, "stepsPerCpuSecond": steps / cpu}


def check(x, params, init, directory):
    """one step's gradients (no update) for the runner's uniforms, written as float32"""
    u = init["checkUniforms"].reshape(BATCH, LATENTS)
    for value in params.values():
        value.grad = None
    loss, f = loss_fn(x, params, u)
    loss.backward()
    parts = [params[name].grad.reshape(-1) for name in NAMES] + [f.reshape(-1)]
    torch.cat(parts).contiguous().numpy().tofile(os.path.join(directory, "torch-grads.bin"))
    for value in params.values():
        value.grad = None
    return {"loss": float(loss)}


def describe():
    return {
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "openblasThreads": os.environ.get("OPENBLAS_NUM_THREADS"),
        "python": sys.version.split()[0],
        "blas": "openblas" if any("openblas" in line for line in open("/proc/self/maps")) else "unknown",
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--warmup", type=float, default=2.0)
    parser.add_argument("--serve", action="store_true")
    parser.add_argument("--init", default=None)
    args = parser.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(1)
    init = load_init(args.init) if args.init else None
    x, params = make_model(init)
    optimizer = torch.optim.Adam(list(params.values()), lr=1e-4)
    step = make_step(x, params, optimizer)
    if not args.serve:
        timed(step, args.warmup)
        print(json.dumps({**describe(), **timed(step, args.seconds)}), flush=True)
        return
    print(json.dumps({"ready": True, **describe()}), flush=True)
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        if words[0] == "quit":
            break
        if words[0] in ("warmup", "block"):
            print(json.dumps(timed(step, float(words[1]))), flush=True)
        elif words[0] == "check":
            if init is None or "checkUniforms" not in init:
                print(json.dumps({"error": "check needs --init with checkUniforms"}), flush=True)
            else:
                print(json.dumps(check(x, params, init, args.init)), flush=True)
        else:
            print(json.dumps({"error": f"unknown command {words[0]}"}), flush=True)


if __name__ == "__main__":
    main()
