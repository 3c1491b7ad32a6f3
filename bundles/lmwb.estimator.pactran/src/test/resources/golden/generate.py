#!/usr/bin/env python3
"""Golden values for lmwb.estimator.pactran, from an independent numpy/scipy implementation of PACTran-Gaussian
written from the authors' published code semantics (Ding et al. 2022, calculate_pac_gauss): centred features,
L-BFGS-B (scipy) on the L2-regularised cross-entropy from a seeded random start but run to a tight tolerance
(the objective is convex, so the optimum does not depend on the start; the Java code starts from zero), the
authors' Hessian-diagonal sum and bound; the value written is the NEGATED bound (lmwb: higher is better).
Run from this folder: python3 generate.py   (numpy + scipy)
"""
import os
import numpy as np
import scipy.optimize
import scipy.special

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


def pactran(x, y, lda_factor=1.0, s2_factor=None):
    if s2_factor is None:
        s2_factor = 100 * lda_factor
    f = x.astype(np.float64)
    f = f - f.mean(axis=0, keepdims=True)
    _, idx = np.unique(y, return_inverse=True)
    n, d = f.shape
    c = idx.max() + 1
    onehot = np.eye(c)[idx]
    lam = lda_factor * n

    def split(theta):
        t = theta.reshape(d + 1, c)
        return t[:d], t[d:]

    def loss_and_grad(theta):
        w, b = split(theta)
        logits = f @ w + b
        logq = logits - scipy.special.logsumexp(logits, axis=1, keepdims=True)
        loss = np.sum(onehot * (np.log(onehot + 1e-10) - logq)) / n + 0.5 * np.sum(w * w) / lam
        g = (np.exp(logq) - onehot) / n
        grad = np.concatenate([f.T @ g + w / lam, g.sum(axis=0, keepdims=True)])
        return loss, grad.ravel()

    rng = np.random.default_rng(7)
    start = np.concatenate([rng.normal(size=(d, c)) * 0.03, np.zeros((1, c))]).ravel()
    res = scipy.optimize.minimize(loss_and_grad, start, jac=True, method="L-BFGS-B",
                                  options=dict(maxiter=100000, gtol=1e-13, ftol=1e-16, maxcor=20))
    loss, _ = loss_and_grad(res.x)
    w, b = split(res.x)
    p = scipy.special.softmax(f @ w + b, axis=1)
    pq = p - p * p
    h = np.sum((f * f).T @ pq + 1.0 / lam) + np.sum(pq)
    sigma2_inv = h * lam / (d * c) + 1e-10
    bound = loss + 0.5 * d * c / lam * (s2_factor / d) * np.log(sigma2_inv)
    return -bound


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    cases = make_cases()
    write_cases(here, cases)
    with open(os.path.join(here, "expected.tsv"), "w") as f:
        f.write("# case\toptions\tpactran = -pac_gauss (numpy/scipy, float64 on the float32 data)\n")
        for name, (x, y) in cases.items():
            f.write("%s\t-\t%r\n" % (name, float(pactran(x, y))))
            if name == "sep_n90_d6_c3":
                f.write("%s\tlda-factor=10\t%r\n" % (name, float(pactran(x, y, lda_factor=10.0))))
                f.write("%s\tlda-factor=0.1,s2-factor=1\t%r\n" % (name, float(pactran(x, y, lda_factor=0.1, s2_factor=1.0))))
