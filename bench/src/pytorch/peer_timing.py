"""Timing shared by the PyTorch peers of the bench (disarm_vae_step.py, a2c_update.py)."""
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
