#!/usr/bin/env python3
"""The full-batch gradient-descent steps of ModelStepBenchmark, written the straightforward way
in NumPy: forward pass, loss, hand-derived gradients, update.

Usage: ufm_numpy.py THREADS DIR   (THREADS = 0 means every processor)

DIR is what `java -cp nc-bench/target/benchmarks.jar io.github.nc4j.bench.ModelStepReference DIR`
writes: one folder per setting with the initial parameters as .npy and setting.json. For each
setting the script first takes the first steps from those parameters and checks that its
objectives and gradient norms are nc4j's (relative difference below 1e-9, else it exits
non-zero), then times steps the way JMH does for ModelStepBenchmark: a warm-up of 5 s, then
five 1 s iterations, each restarting from the initial parameters. Prints one JSON object:
{"<SETTING>": microseconds per step}. OPENBLAS_NUM_THREADS is set before NumPy is imported,
which is why each thread count needs its own process.
"""
import json
import os
import sys
import time

threads = int(sys.argv[1])
os.environ["OPENBLAS_NUM_THREADS"] = str(threads or os.cpu_count())
import numpy as np  # noqa: E402  (after the environment is set)


def load(folder):
    spec = json.load(open(os.path.join(folder, "setting.json")))
    depth = len(spec["lambda_w"])
    params = {"H": np.load(os.path.join(folder, "H.npy"))}
    for l in range(depth):
        params[f"W{l + 1}"] = np.load(os.path.join(folder, f"W{l + 1}.npy"))
    if spec["bias"]:
        params["b"] = np.load(os.path.join(folder, "b.npy")).ravel()
    labels = np.repeat(np.arange(len(spec["class_sizes"])), spec["class_sizes"])
    return spec, params, labels


def step(spec, p, labels):
    """One gradient-descent step in place; returns the objective and the gradient norm."""
    depth = len(spec["lambda_w"])
    relu_between = spec["architecture"] == "dufm"
    n = labels.size
    H = p["H"]
    inputs, pre = [H], []  # inputs[l] is the input of layer l; pre[l] its pre-activation
    x = H
    for l in range(depth):
        a = x @ p[f"W{l + 1}"].T
        pre.append(a)
        x = np.maximum(a, 0) if relu_between and l < depth - 1 else a
        inputs.append(x)
    z = x + p["b"] if spec["bias"] else x

    if spec["loss"] == "mse":
        y = np.zeros_like(z)
        y[np.arange(n), labels] = 1
        e = z - y
        loss = 0.5 * np.sum(e * e) / n
        dz = e / n
    else:
        shifted = z - z.max(axis=1, keepdims=True)
        log_norm = np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        log_p = shifted - log_norm
        loss = -log_p[np.arange(n), labels].mean()
        dz = np.exp(log_p)
        dz[np.arange(n), labels] -= 1
        dz /= n

    grads = {}
    g = dz
    for l in reversed(range(depth)):
        w = p[f"W{l + 1}"]
        lam = spec["lambda_w"][l]
        loss += 0.5 * lam * np.sum(w * w)
        grads[f"W{l + 1}"] = g.T @ inputs[l] + lam * w
        g = g @ w
        if relu_between and l > 0:
            g = g * (pre[l - 1] > 0)
    loss += 0.5 * spec["lambda_h"] * np.sum(H * H)
    grads["H"] = g + spec["lambda_h"] * H
    if spec["bias"]:
        loss += 0.5 * spec["lambda_b"] * np.sum(p["b"] ** 2)
        grads["b"] = dz.sum(axis=0) + spec["lambda_b"] * p["b"]

    norm_squared = {name: np.sum(gr * gr) for name, gr in grads.items()}
    if spec["architecture"] == "relu-ufm":
        # For H >= 0 nc4j reports the projected gradient's norm: an entry held at 0 by a
        # gradient that pushes it below does not count.
        held = (H == 0) & (grads["H"] > 0)
        norm_squared["H"] = np.sum(np.where(held, 0.0, grads["H"] * grads["H"]))
    norm = np.sqrt(sum(norm_squared.values()))
    lr = spec["learning_rate"]
    for name, gr in grads.items():
        p[name] -= lr * gr
    if spec["architecture"] == "relu-ufm":
        np.maximum(p["H"], 0, out=p["H"])
    return loss, norm


def check(name, spec, initial, labels):
    p = {k: v.copy() for k, v in initial.items()}
    for t, (objective, norm) in enumerate(zip(spec["objectives"], spec["gradient_norms"])):
        loss, g = step(spec, p, labels)
        worst = max(abs(loss - objective) / abs(objective), abs(g - norm) / abs(norm))
        if not worst < 1e-9:
            sys.exit(f"{name}: step {t} differs from nc4j: objective {loss!r} vs {objective!r},"
                     f" gradient norm {g!r} vs {norm!r}")


def seconds_per_step(spec, initial, labels, iterations, seconds):
    calls, elapsed = 0, 0.0
    for _ in range(iterations):
        p = {k: v.copy() for k, v in initial.items()}
        start = time.perf_counter()
        while time.perf_counter() - start < seconds:
            step(spec, p, labels)
            calls += 1
        elapsed += time.perf_counter() - start
    return elapsed / calls


results = {}
root = sys.argv[2]
for name in sorted(os.listdir(root)):
    spec, initial, labels = load(os.path.join(root, name))
    check(name, spec, initial, labels)
    seconds_per_step(spec, initial, labels, 5, 1.0)
    results[name] = 1e6 * seconds_per_step(spec, initial, labels, 5, 1.0)
print(json.dumps(results))
