#!/usr/bin/env python3
"""PyTorch's training speed for the MLP of `nc4j mlp`, the reference of BENCHMARKS.md's
"MLP training against PyTorch" section.

Usage: mlp_torch.py [--width 256] [--depth 4] [--train-size 10000] [--epochs 3]
                    [--batch-size 128] [--threads 1] [--dtype float32|float64]
                    [--data /usr/share/datasets/fashion-mnist]

Trains the configuration nc4j mlp trains: Fashion-MNIST images standardized by the global mean
and standard deviation, a 784-(width x depth)-10 ReLU MLP with biases and PyTorch's default
initialization, cross-entropy, SGD with momentum 0.9, learning rate 0.05, weight decay only on
the weight matrices (nc4j's penalty), mini-batches drawn by a fresh permutation each epoch.
The first epoch is warm-up; samples/s counts the optimization alone (forward, backward, update)
of the later epochs, as nc4j's metrics.json does. Prints one JSON line.

Run it with /usr/bin/python3 (Debian's python3-torch, with libopenblas0-pthread as its BLAS).
--threads sets torch.set_num_threads and, before torch is imported, OMP_NUM_THREADS and
OPENBLAS_NUM_THREADS, so that PyTorch does not start more threads than cores.
"""
import argparse
import gzip
import json
import os
import struct
import sys
import time

parser = argparse.ArgumentParser()
parser.add_argument("--width", type=int, default=256)
parser.add_argument("--depth", type=int, default=4)
parser.add_argument("--train-size", type=int, default=10000)
parser.add_argument("--epochs", type=int, default=3)
parser.add_argument("--batch-size", type=int, default=128)
parser.add_argument("--threads", type=int, default=1)
parser.add_argument("--dtype", choices=["float32", "float64"], default="float32")
parser.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
args = parser.parse_args()
if args.epochs < 2:
    sys.exit("--epochs must be at least 2: the first epoch is warm-up")

for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[variable] = str(args.threads)
import numpy as np  # noqa: E402  (after the environment is set)
import torch  # noqa: E402

torch.set_num_threads(args.threads)
torch.manual_seed(0)
dtype = torch.float32 if args.dtype == "float32" else torch.float64


def read_idx(name):
    with gzip.open(os.path.join(args.data, name), "rb") as f:
        raw = f.read()
    dims = raw[3]
    shape = struct.unpack(">" + "I" * dims, raw[4:4 + 4 * dims])
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


images = read_idx("train-images-idx3-ubyte.gz").reshape(60000, -1).astype(np.float64)
labels = read_idx("train-labels-idx1-ubyte.gz").astype(np.int64)
rng = np.random.default_rng(0)
per_class = args.train_size // 10
chosen = np.concatenate([rng.choice(np.flatnonzero(labels == k), per_class, replace=False)
                         for k in range(10)])
x = images[chosen]
x = (x - x.mean()) / x.std()
x = torch.tensor(x, dtype=dtype)
y = torch.tensor(labels[chosen])

layers = []
width_in = x.shape[1]
for _ in range(args.depth):
    layers += [torch.nn.Linear(width_in, args.width), torch.nn.ReLU()]
    width_in = args.width
layers.append(torch.nn.Linear(width_in, 10))
model = torch.nn.Sequential(*layers).to(dtype)
weights = [p for name, p in model.named_parameters() if name.endswith("weight")]
biases = [p for name, p in model.named_parameters() if name.endswith("bias")]
optimizer = torch.optim.SGD([{"params": weights, "weight_decay": 5e-4},
                             {"params": biases, "weight_decay": 0.0}],
                            lr=0.05, momentum=0.9)
loss_function = torch.nn.CrossEntropyLoss()

epoch_seconds = []
for epoch in range(args.epochs):
    order = torch.randperm(x.shape[0])
    start = time.perf_counter()
    for first in range(0, x.shape[0], args.batch_size):
        batch = order[first:first + args.batch_size]
        optimizer.zero_grad(set_to_none=True)
        loss = loss_function(model(x[batch]), y[batch])
        loss.backward()
        optimizer.step()
    epoch_seconds.append(time.perf_counter() - start)

timed = epoch_seconds[1:]
with torch.no_grad():
    accuracy = (model(x).argmax(1) == y).double().mean().item()
print(json.dumps({
    "trainer": "pytorch", "torch": torch.__version__, "dtype": args.dtype,
    "threads": args.threads, "width": args.width, "depth": args.depth,
    "train_size": x.shape[0], "batch_size": args.batch_size, "epochs_timed": len(timed),
    "samples_per_s": round(x.shape[0] * len(timed) / sum(timed)),
    "epoch_s": [round(s, 3) for s in epoch_seconds], "train_accuracy": round(accuracy, 4)}))
