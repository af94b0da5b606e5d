"""Timing and the description of the Python side, shared by the PyTorch peers of the bench (disarm_vae_step.py, a2c_update.py, sac_update.py)."""
import os
import sys
import time


def timed_calls(body, seconds):
    """Calls body() at least 3 times and for at least `seconds`; returns (calls, wall seconds, CPU seconds of this process)."""
    calls = 0
    start = time.perf_counter()
    cpu_start = time.process_time()
    elapsed = 0.0
    while calls < 3 or elapsed < seconds:
        body()
        calls += 1
        elapsed = time.perf_counter() - start
    return calls, elapsed, time.process_time() - cpu_start


def blas_library(torch):
    """the BLAS shared library this process mapped (after one matmul), resolved through symlinks"""
    torch.ones(2, 2) @ torch.ones(2, 2)
    with open("/proc/self/maps") as maps:
        paths = {line.split()[-1] for line in maps if "blas" in line.split()[-1].lower()}
    return ", ".join(sorted(os.path.realpath(p) for p in paths)) or "none mapped"


def describe_peer(torch, np):
    """torch, numpy and Python versions, threads and the BLAS library, for the results' header"""
    return {
        "torch": torch.__version__,
        "numpy": np.__version__,
        "threads": torch.get_num_threads(),
        "openblasThreads": os.environ.get("OPENBLAS_NUM_THREADS"),
        "python": sys.version.split()[0],
        "blas": blas_library(torch),
    }
