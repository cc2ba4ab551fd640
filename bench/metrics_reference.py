"""numpy/scipy reference timings for bench/metrics.ts. Usage: python3 metrics_reference.py DIR
Reads the float64 matrices that bench/metrics.ts wrote to DIR (NAME.bin + NAME.json with the shape), runs the
task list in DIR/tasks.json with straightforward numpy/scipy implementations of the same formulas, timed as
bench/metrics.ts times its own (3 repetitions after an untimed warm-up for tasks under 1 s; a repetition runs the
task until 0.2 s have passed and gives the mean time per run), and prints one JSON object
{task: {"seconds": best, "worst": worst, "value": v}} on stdout."""
import json
import sys
import time
import numpy as np
from scipy.spatial import cKDTree

D = sys.argv[1]


def load(name):
    shape = json.load(open(f"{D}/{name}.json"))["shape"]
    return np.fromfile(f"{D}/{name}.bin", dtype="<f8").reshape(shape)


def cka(x, y):
    x = x - x.mean(0); y = y - y.mean(0)
    return np.linalg.norm(y.T @ x) ** 2 / (np.linalg.norm(x.T @ x) * np.linalg.norm(y.T @ y))


def hsic1(x, y):  # unbiased HSIC of linear kernels, feature space
    n = len(x)
    kd = (x * x).sum(1); ld = (y * y).sum(1)
    tr = np.linalg.norm(x.T @ y) ** 2 - kd @ ld
    k1 = x @ x.sum(0) - kd; l1 = y @ y.sum(0) - ld
    return (tr + k1.sum() * l1.sum() / ((n - 1) * (n - 2)) - 2 / (n - 2) * (k1 @ l1)) / (n * (n - 3))


def debiased(x, y):
    x = x - x.mean(0); y = y - y.mean(0)
    return hsic1(x, y) / np.sqrt(hsic1(x, x) * hsic1(y, y))


def procrustes(x, y):
    x = x - x.mean(0); y = y - y.mean(0)
    x /= np.linalg.norm(x); y /= np.linalg.norm(y)
    return np.linalg.norm(y.T @ x, ord="nuc")


def tc(x):
    c = np.cov(x.T)
    s, ld = np.linalg.slogdet(c)
    return 0.5 * (np.log(np.diag(c)).sum() - ld)


def avg_mi(x, bins=20):
    n, d = x.shape
    codes = np.empty((d, n), dtype=np.int64)
    for j in range(d):
        codes[j] = np.clip(np.digitize(x[:, j], np.histogram(x[:, j], bins)[1][:-1]) - 1, 0, bins - 1)
    counts = np.stack([np.bincount(c, minlength=bins) for c in codes]).astype(float)
    total = 0.0
    for i in range(d):
        for j in range(i + 1, d):
            joint = np.bincount(codes[i] * bins + codes[j], minlength=bins * bins).reshape(bins, bins)
            nz = joint > 0
            total += 2 * np.sum(joint[nz] / n * np.log(joint[nz] * n / np.outer(counts[i], counts[j])[nz]))
    return total / (d * d - d)


def erank(x):
    s = np.linalg.svd(np.cov(x.T), compute_uv=False)
    s = s[s > 1e-12 * s.max()]; p = s / s.sum()
    return np.exp(-(p * np.log(p)).sum())


def knn(x, k):
    if x.shape[1] <= 32:
        return cKDTree(x).query(x, k + 1)[0][:, 1:]
    sq = (x * x).sum(1)
    out = np.empty((len(x), k))
    for s in range(0, len(x), 1000):
        d2 = sq[s:s + 1000, None] + sq[None, :] - 2 * x[s:s + 1000] @ x.T
        d2[np.arange(d2.shape[0]), np.arange(s, s + d2.shape[0])] = np.inf
        idx = np.argpartition(d2, k, axis=1)[:, :k]
        out[s:s + 1000] = np.sqrt(np.maximum(np.sort(np.take_along_axis(d2, idx, 1), 1), 0))
    return out


def mle(x, k=20):
    t = knn(np.unique(x, axis=0), k)
    inv = np.mean(np.log(t[:, k - 1:k] / t[:, :k - 1]), axis=1)
    return 1 / inv.mean()


def twonn(x):
    t = knn(np.unique(x, axis=0), 2)
    mu = np.sort(t[:, 1] / t[:, 0]); n = len(mu); keep = int(n * 0.9)
    lx = np.log(mu[:keep]); ly = -np.log(1 - np.arange(1, keep + 1) / n)
    return lx @ ly / (lx @ lx)


FUNCS = dict(cka=cka, debiasedCKA=debiased, procrustes=procrustes, tc=tc, averagedMI=avg_mi, effectiveRank=erank, mle=mle, twoNN=twonn)
out = {}
cache = {}
for task in json.load(open(f"{D}/tasks.json")):
    args = [cache.setdefault(a, load(a)) for a in task["inputs"]]
    fn = FUNCS[task["metric"]]

    def repetition():
        elapsed, runs = 0.0, 0
        while elapsed < 0.2 or runs == 0:
            fresh = [a.copy() for a in args]  # untimed: polarlab's inputs are not copied inside its timing either
            t = time.perf_counter()
            result = fn(*fresh)
            elapsed += time.perf_counter() - t
            runs += 1
        return elapsed / runs, result

    first, v = repetition()
    times = [] if first < 1 else [first]
    while len(times) < 3:
        s, v = repetition()
        times.append(s)
    out[task["name"]] = dict(seconds=min(times), worst=max(times), value=float(v))
print(json.dumps(out))
