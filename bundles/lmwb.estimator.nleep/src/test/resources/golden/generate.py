#!/usr/bin/env python3
"""Golden values for lmwb.estimator.nleep: N-LEEP (Li et al., "Ranking Neural Checkpoints", CVPR 2021) as the
SFDA/NCTI authors' NLEEP code computes it, with scikit-learn doing the PCA and the Gaussian mixture (EM) and numpy
the rest. The one deliberate difference from that code is the mixture's start, which lmwb makes deterministic and
independent of row order: farthest-point centres (the row nearest the mean, then each time the row farthest from
the centres chosen), Lloyd's k-means from there, and the mixture started from that hard assignment exactly as
scikit-learn starts from its own k-means (weights, means, covariances + reg_covar of the one-hot responsibilities).
Score = mean over rows of ln sum_z p(z|x_i) p(y_i|z) (the paper's LEEP; log=false: without the ln, as the code).
Run from this folder: python3 generate.py   (numpy + scikit-learn; Debian: /usr/bin/python3 with python3-sklearn)
"""
import os
import numpy as np
from sklearn.decomposition import PCA
from sklearn.mixture import GaussianMixture

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


def farthest_point_kmeans(z, k, max_iter=300):
    n = z.shape[0]
    d2 = ((z - z.mean(axis=0)) ** 2).sum(axis=1)
    centres = [int(np.argmin(d2))]
    nearest = ((z - z[centres[0]]) ** 2).sum(axis=1)
    while len(centres) < k:
        nxt = int(np.argmax(nearest))
        centres.append(nxt)
        nearest = np.minimum(nearest, ((z - z[nxt]) ** 2).sum(axis=1))
    c = z[centres].copy()
    assign = None
    for _ in range(max_iter):
        dist = ((z[:, None, :] - c[None, :, :]) ** 2).sum(axis=2)
        new = np.argmin(dist, axis=1)
        if assign is not None and np.array_equal(new, assign):
            break
        assign = new
        for j in range(k):
            if np.any(assign == j):
                c[j] = z[assign == j].mean(axis=0)
    return assign


def nleep(x, y, ratio=5, energy=0.8, log=True, reg_covar=1e-6, tol=1e-3, max_iter=100):
    x = x.astype(np.float64)
    _, idx = np.unique(y, return_inverse=True)
    c = idx.max() + 1
    n = len(idx)
    z = PCA(n_components=energy, svd_solver="full").fit_transform(x)
    k = ratio * c
    assign = farthest_point_kmeans(z, k)
    resp = np.eye(k)[assign]
    nk = resp.sum(axis=0) + 10 * np.finfo(float).eps
    means = resp.T @ z / nk[:, None]
    precisions = []
    for j in range(k):
        diff = z - means[j]
        cov = (resp[:, j] * diff.T) @ diff / nk[j] + reg_covar * np.eye(z.shape[1])
        precisions.append(np.linalg.inv(cov))
    gmm = GaussianMixture(n_components=k, covariance_type="full", reg_covar=reg_covar, tol=tol, max_iter=max_iter,
                          weights_init=nk / n, means_init=means, precisions_init=np.array(precisions))
    gmm.fit(z)
    theta = gmm.predict_proba(z)
    joint = np.stack([theta[idx == j].sum(axis=0) for j in range(c)]) / n
    p_y_given_z = joint / joint.sum(axis=0, keepdims=True)
    p = (theta @ p_y_given_z.T)[np.arange(n), idx]
    return float(np.mean(np.log(p)) if log else np.mean(p)), z.shape[1], int(gmm.n_iter_)


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    cases = make_cases()
    write_cases(here, cases)
    with open(os.path.join(here, "expected.tsv"), "w") as f:
        f.write("# case\toptions\tnleep (PCA + GaussianMixture of scikit-learn, numpy LEEP; float64 on the float32 data)\n")
        for name, (x, y) in cases.items():
            value, dims, iters = nleep(x, y)
            f.write("%s\t-\t%r\n" % (name, value))
            print(name, "PCA dims", dims, "EM iterations", iters)
        x, y = cases["sep_n90_d6_c3"]
        f.write("sep_n90_d6_c3\tcomponents-per-class=2,energy=0.9\t%r\n" % nleep(x, y, ratio=2, energy=0.9)[0])
        f.write("sep_n90_d6_c3\tlog=false\t%r\n" % nleep(x, y, log=False)[0])
