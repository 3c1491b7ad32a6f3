#!/usr/bin/env python3
"""Golden values for lmwb.estimator.sfda, from an independent numpy/scipy implementation of SFDA written from the
authors' published code semantics (Shao et al. 2022): shrunk within-class scatter with s = max(exp(-5 lambda), 1e-10)
(lambda from 3 double power-iteration steps), the discriminant through ALL generalised eigenvectors of
(S_b, S) (scipy.linalg.eigh, as the authors do; the Java code solves S^-1 mu directly), ConfMix towards the mean of
the other classes' means with twice-softmaxed probabilities, second fit with the same s, mean true-class probability.
Run from this folder: python3 generate.py   (numpy + scipy)
"""
import os
import numpy as np
import scipy.linalg

# --- fixed data (identical in every estimator bundle's generator) ---
def make_cases():
    """Fixed float32 cases: name -> (X, y). Seeds are part of the names' meaning; do not change them."""
    cases = {}
    def gaussian(seed, n_per, d, means_scale, ids):
        rng = np.random.default_rng(seed)
        xs, ys = [], []
        for k, cid in enumerate(ids):
            centre = rng.normal(size=d) * means_scale
            xs.append(centre + rng.normal(size=(n_per, d)))
            ys.append(np.full(n_per, cid))
        x = np.concatenate(xs).astype(np.float32)
        y = np.concatenate(ys).astype(np.int64)
        order = rng.permutation(len(y))
        return x[order], y[order]
    cases["sep_n90_d6_c3"] = gaussian(1, 30, 6, 2.0, [0, 1, 2])
    cases["wide_n40_d60_c4"] = gaussian(2, 10, 60, 0.5, [0, 1, 2, 3])
    cases["sparse_ids_n60_d5_c3"] = gaussian(3, 20, 5, 1.0, [2, 5, 9])
    cases["binary_n80_d12"] = gaussian(4, 40, 12, 0.7, [0, 1])
    rng = np.random.default_rng(5)
    cases["noise_n90_d6_c3"] = (rng.normal(size=(90, 6)).astype(np.float32), rng.integers(0, 3, size=90).astype(np.int64))
    return cases


def write_cases(folder, cases):
    for name, (x, y) in cases.items():
        with open(os.path.join(folder, name + ".txt"), "w") as f:
            f.write("%d %d\n" % x.shape)
            f.write(" ".join(str(int(v)) for v in y) + "\n")
            for row in x:
                f.write(" ".join(repr(float(v)) for v in row) + "\n")


def largest_eigenvalue(a, steps=3):
    x = a.sum(axis=1)
    for _ in range(steps):
        t = a @ x
        v = t / np.linalg.norm(t)
        t = a @ v
        x = t / np.linalg.norm(t)
    return x @ a @ v


def fit(x, idx, c, shrinkage=None):
    n, d = x.shape
    priors = np.bincount(idx, minlength=c) / n
    means = np.stack([x[idx == k].mean(axis=0) for k in range(c)])
    sw = sum(priors[k] * np.cov(x[idx == k].T, bias=True).reshape(d, d) for k in range(c))
    if shrinkage is None:
        shrinkage = max(np.exp(-5 * largest_eigenvalue(sw)), 1e-10)
    shrunk = (1 - shrinkage) * sw + shrinkage * np.trace(sw) / d * np.eye(d)
    st = np.cov(x.T, bias=True).reshape(d, d)
    _, vecs = scipy.linalg.eigh(st - shrunk, shrunk)
    coef = means @ vecs @ vecs.T
    intercept = -0.5 * np.sum(means * coef, axis=1) + np.log(priors)
    return coef, intercept, means, shrinkage


def softmax(z):
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def sfda(x, y, shrinkage=None):
    x = x.astype(np.float64).copy()
    _, idx = np.unique(y, return_inverse=True)
    c = idx.max() + 1
    n = len(idx)
    coef, intercept, means, s = fit(x, idx, c, shrinkage)
    q = softmax(softmax(x @ coef.T + intercept))
    outer = (means.sum(axis=0, keepdims=True) - means) / (c - 1)
    p = q[np.arange(n), idx][:, None]
    x = p * x + (1 - p) * outer[idx]
    coef, intercept, _, _ = fit(x, idx, c, s)
    prob = softmax(x @ coef.T + intercept)
    return prob[np.arange(n), idx].mean()


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    cases = make_cases()
    write_cases(here, cases)
    with open(os.path.join(here, "expected.tsv"), "w") as f:
        f.write("# case\toptions\tsfda (numpy/scipy, float64 on the float32 data)\n")
        for name, (x, y) in cases.items():
            f.write("%s\t-\t%r\n" % (name, float(sfda(x, y))))
            if name == "sep_n90_d6_c3":
                f.write("%s\tshrinkage=0.3\t%r\n" % (name, float(sfda(x, y, shrinkage=0.3))))
