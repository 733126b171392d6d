#!/usr/bin/env python3
"""NumPy reference for `nc4j metrics`: the same metrics (docs/definitions.md §2), written the way a NumPy user
would, reading the features in chunks of rows (float64 accumulation) so memory stays bounded.

Usage: nc_metrics_numpy.py H.npy y.npy [W.npy [b.npy]] [--centering global|none]
Prints one JSON object with the keys of `nc4j metrics --json`; the elapsed time (seconds, after
the imports) goes to stderr as "numpy seconds: T".

Conventions as in nc4j: sample-weighted global mean, Sigma_W divided by N, NC1 divided by K,
numpy.linalg.pinv with rcond = max(d, K) * eps (nc1_rank: the singular values of Sigma_B it
keeps), CDNV with squared distances, std with ddof=1, NC4 with numpy's first-index ties. Two
passes for the statistics (means, then scatter about them) and one for NC4.
"""
import json
import sys
import time

import numpy as np

CHUNK = 8192


def main(argv):
    centering = "global"
    if "--centering" in argv:
        i = argv.index("--centering")
        centering = argv[i + 1]
        del argv[i:i + 2]
    paths = argv[1:]
    start = time.perf_counter()
    H = np.load(paths[0], mmap_mode="r")
    y = np.load(paths[1]).astype(np.int64)
    N, d = H.shape
    K = int(y.max()) + 1
    eps = np.finfo(np.float64).eps

    sums = np.zeros((K, d))
    for s in range(0, N, CHUNK):
        h = np.asarray(H[s:s + CHUNK], dtype=np.float64)
        onehot = np.zeros((len(h), K))
        onehot[np.arange(len(h)), y[s:s + CHUNK]] = 1
        sums += onehot.T @ h
    counts = np.bincount(y, minlength=K).astype(np.float64)
    mu = sums / counts[:, None]
    hG = sums.sum(0) / N
    Sw = np.zeros((d, d))
    squares = np.zeros(K)
    for s in range(0, N, CHUNK):
        hc = np.asarray(H[s:s + CHUNK], dtype=np.float64) - mu[y[s:s + CHUNK]]
        Sw += hc.T @ hc
        squares += np.bincount(y[s:s + CHUNK], weights=(hc ** 2).sum(1), minlength=K)
    Sw /= N
    V = squares / counts
    M = mu - hG
    Sb = M.T @ M / K
    rcond = max(d, K) * eps
    sigma_b = np.linalg.svd(Sb, compute_uv=False)
    k, l = np.triu_indices(K, 1)
    distances = ((mu[k] - mu[l]) ** 2).sum(1)
    out = {
        "nc1": float(np.trace(Sw @ np.linalg.pinv(Sb, rcond=rcond)) / K),
        "nc1_trace_ratio": float(np.trace(Sw) / np.trace(Sb)),
        "nc1_rank": int((sigma_b > rcond * sigma_b.max()).sum()),
        "cdnv": float(((V[k] + V[l]) / (2 * distances)).mean()),
    }
    etf = (np.eye(K) - np.ones((K, K)) / K) / np.sqrt(K - 1)

    def normalized(G):
        return G / np.linalg.norm(G)

    def nc2_etf(G):
        return float(np.linalg.norm(normalized(G) - etf))

    def nc2_of(G):
        return float(np.linalg.norm(normalized(G) - np.eye(K) / np.sqrt(K)))

    def orthogonality(G):
        return float(np.linalg.norm(normalized(G) - np.diag(np.diag(normalized(G)))))

    def nc3(W, means):
        return float(np.linalg.norm(W / np.linalg.norm(W) - means / np.linalg.norm(means)))

    Mc = M if centering == "global" else mu
    W = np.load(paths[2]).astype(np.float64) if len(paths) > 2 else None
    b = np.load(paths[3]).astype(np.float64) if len(paths) > 3 else np.zeros(K)
    out["nc2_etf_means"] = nc2_etf(Mc @ Mc.T)
    out["nc2_of_means"] = nc2_of(mu @ mu.T)
    out["orthogonality_means"] = orthogonality(mu @ mu.T)
    norms = np.linalg.norm(Mc, axis=1)
    cos = (Mc @ Mc.T) / np.outer(norms, norms)
    off = cos[~np.eye(K, dtype=bool)]
    out["equinorm_means"] = float(norms.std(ddof=1) / norms.mean())
    out["equiangularity_means"] = float(off.std(ddof=1))
    out["max_angle_means"] = float(np.abs(off + 1 / (K - 1)).mean())
    if W is not None:
        out["nc2_etf_classifier"] = nc2_etf(W @ W.T)
        out["nc2_of_classifier"] = nc2_of(W @ W.T)
        out["orthogonality_classifier"] = orthogonality(W @ W.T)
        out["nc3"] = nc3(W, Mc)
        scaled = np.sqrt(counts)[:, None] * mu
        out["nc3_scaled_means"] = nc3(W, scaled - scaled.mean(0))
        mismatches = 0
        mu_sq = (mu ** 2).sum(1)
        for s in range(0, N, CHUNK):
            h = np.asarray(H[s:s + CHUNK], dtype=np.float64)
            pred = (h @ W.T + b).argmax(1)
            nearest = (mu_sq - 2 * h @ mu.T).argmin(1)
            mismatches += int((pred != nearest).sum())
        out["nc4"] = mismatches / N
    out.update({"num_classes": K, "num_samples": N, "dim": d})
    print(f"numpy seconds: {time.perf_counter() - start:.3f}", file=sys.stderr)
    print(json.dumps(out))


if __name__ == "__main__":
    main(list(sys.argv))
