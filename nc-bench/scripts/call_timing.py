"""The timing loop of the NumPy reference scripts, shaped like a JMH average-time benchmark."""
import time


def mean_seconds(call, warmup, measure):
    """Runs call() for about `warmup` seconds, then returns its mean time per call, in seconds,
    over about `measure` seconds more."""
    def run_for(seconds):
        calls, start = 0, time.perf_counter()
        while time.perf_counter() - start < seconds:
            call()
            calls += 1
        return (time.perf_counter() - start) / calls
    run_for(warmup)
    return run_for(measure)
