#!/usr/bin/env python3
"""Golden values for lmwb.estimator.ncti: NCTI (Wang et al., "How far pre-trained models are from neural collapse on
the target dataset informs their transferability", ICCV 2023) as the authors' NCTI_Score and its evaluation script
compute it, with scikit-learn doing the PCA and the linear discriminant analysis and numpy the rest.

Per candidate matrix X (float64 of the float32 data), labels y:
  Z      = PCA(n_components=k).fit_transform(X), k = min(64, N - 1, D) (the authors: 64, which scikit-learn refuses
           when N or D is smaller; N - 1: centred rows span at most N - 1 axes), svd_solver="full" (the authors' "auto" picks "full" for these small cases and a
           randomized SVD, an approximation of the same components, for N > 500)
  s      = max(exp(-sum of the 32 largest explained variances), 1e-10)        shrinkage of the LDA
  lda    = LinearDiscriminantAnalysis(solver="eigen", shrinkage=s).fit(Z, y)  (the authors switch to solver="svd"
           when s is the floor 1e-10; lmwb keeps the eigen solver there, see NctiEstimator)
  seli   = nuclear norm of lda.transform(Z) centred                            (simplex ETF term, higher better)
  ncc    = mean over rows of lda.predict_proba(Z)[i, y_i]                     (nearest-class-centre term)
  vc     = ln sum over classes c of nuclear norm of predict_proba rows of class c  (variability term, lower better)
Across the candidates of one ranking each term is min-max normalised; score = seli' + ncc' - vc'.
Run from this folder: /usr/bin/python3 generate.py   (numpy + scikit-learn; Debian: python3-sklearn)
"""
import os
import numpy as np
from sklearn.decomposition import PCA
from sklearn.discriminant_analysis import LinearDiscriminantAnalysis


def make_cases():
    """Fixed float32 cases: name -> (X, y). Seeds are part of the names' meaning; do not change them."""
    cases = {}
    def gaussian(seed, n_per, d, means_scale, ids, scale=1.0):
        rng = np.random.default_rng(seed)
        xs, ys = [], []
        for cid in ids:
            centre = rng.normal(size=d) * means_scale
            xs.append(centre + rng.normal(size=(n_per, d)) * scale)
            ys.append(np.full(n_per, cid))
        x = np.concatenate(xs).astype(np.float32)
        y = np.concatenate(ys).astype(np.int64)
        order = rng.permutation(len(y))
        return x[order], y[order]
    # the cases every estimator bundle's generator writes (GoldenChecks uses them for its property checks)
    cases["sep_n90_d6_c3"] = gaussian(1, 30, 6, 2.0, [0, 1, 2])
    cases["wide_n40_d60_c4"] = gaussian(2, 10, 60, 0.5, [0, 1, 2, 3])
    cases["sparse_ids_n60_d5_c3"] = gaussian(3, 20, 5, 1.0, [2, 5, 9])
    cases["binary_n80_d12"] = gaussian(4, 40, 12, 0.7, [0, 1])
    rng = np.random.default_rng(5)
    cases["noise_n90_d6_c3"] = (rng.normal(size=(90, 6)).astype(np.float32), rng.integers(0, 3, size=90).astype(np.int64))
    # D >= 64: the authors' 64 PCA components; small scale keeps the top-32 variance sum below 23 (eigen solver)
    cases["sep_n120_d70_c3"] = gaussian(11, 40, 70, 0.15, [0, 1, 2], scale=0.1)
    cases["binary_n100_d80"] = gaussian(12, 50, 80, 0.05, [0, 1], scale=0.1)
    cases["sparse_ids_n90_d66_c3"] = gaussian(13, 30, 66, 0.08, [2, 5, 9], scale=0.1)
    # D < 64: every component kept
    cases["small_n60_d8_c4"] = gaussian(14, 15, 8, 1.0, [0, 1, 2, 3], scale=0.5)
    rng = np.random.default_rng(15)
    cases["noise_n90_d70_c3"] = ((rng.normal(size=(90, 70)) * 0.1).astype(np.float32),
                                 rng.integers(0, 3, size=90).astype(np.int64))
    return cases


def write_cases(folder, cases):
    for name, (x, y) in cases.items():
        with open(os.path.join(folder, name + ".txt"), "w") as f:
            f.write("%d %d\n" % x.shape)
            f.write(" ".join(str(int(v)) for v in y) + "\n")
            for row in x:
                f.write(" ".join(repr(float(v)) for v in row) + "\n")


def terms(x, y, components=64, top=32, floor=1e-10, shrinkage=None):
    x = x.astype(np.float64)
    _, idx = np.unique(y, return_inverse=True)
    c = idx.max() + 1
    k = min(components, x.shape[0] - 1, x.shape[1])
    pca = PCA(n_components=k, svd_solver="full")
    z = pca.fit_transform(x)
    s = max(np.exp(-pca.explained_variance_[:top].sum()), floor) if shrinkage is None else shrinkage
    # at the floor the authors' code switches to solver="svd"; lmwb keeps the eigen solver (see NctiEstimator)
    lda = LinearDiscriminantAnalysis(solver="eigen", shrinkage=float(s))
    low = lda.fit_transform(z, idx)
    low = low - low.mean(axis=0, keepdims=True)
    seli = np.linalg.norm(low, ord="nuc")
    p = lda.predict_proba(z)
    ncc = np.sum(p[np.arange(len(idx)), idx]) / len(idx)
    vc = np.log(sum(np.linalg.norm(p[idx == j], ord="nuc") for j in range(c)))
    return float(seli), float(ncc), float(vc), float(s)


def combine(raw):
    raw = np.array(raw)
    out = np.zeros(len(raw))
    for t, sign in ((0, 1.0), (1, 1.0), (2, -1.0)):
        col = raw[:, t]
        out += sign * (col - col.min()) / (col.max() - col.min())
    return out


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    cases = make_cases()
    write_cases(here, {k: v for k, v in cases.items() if k != "wide_n40_d60_c4"})
    with open(os.path.join(here, "terms.tsv"), "w") as f, open(os.path.join(here, "expected.tsv"), "w") as g:
        f.write("# case\tseli\tncc\tvc\tshrinkage (scikit-learn PCA + LinearDiscriminantAnalysis(solver=eigen), numpy norms)\n")
        g.write("# case\toptions\tseli + ncc - vc, the un-normalised value of one matrix (terms.tsv has the terms)\n")
        for name, (x, y) in cases.items():
            if name == "wide_n40_d60_c4":
                # 40 rows, 39 components, 4 classes: the within-class covariance has rank 36 and the shrinkage is at
                # its floor, so the projections are ill-conditioned (seli ~ 2e6): no stable golden value
                continue
            t = terms(x, y)
            f.write("%s\t%r\t%r\t%r\t%r\n" % ((name,) + t))
            g.write("%s\t-\t%r\n" % (name, t[0] + t[1] - t[2]))
        x, y = cases["sep_n120_d70_c3"]
        t = terms(x, y, components=10)
        g.write("sep_n120_d70_c3\tcomponents=10\t%r\n" % (t[0] + t[1] - t[2]))
        t = terms(x, y, shrinkage=0.5)
        g.write("sep_n120_d70_c3\tshrinkage=0.5\t%r\n" % (t[0] + t[1] - t[2]))
    # one ranking: the same labels, four candidate matrices (the separated case, two noisier versions of it, noise)
    x, y = cases["sep_n120_d70_c3"]
    rng = np.random.default_rng(16)
    candidates = [x, x + (rng.normal(size=x.shape) * 0.05).astype(np.float32),
                  x + (rng.normal(size=x.shape) * 0.15).astype(np.float32),
                  (rng.normal(size=x.shape) * 0.1).astype(np.float32)]
    candidates = [m.astype(np.float32) for m in candidates]
    write_cases(here, {"ranking_sd005": (candidates[1], y), "ranking_sd015": (candidates[2], y),
                       "ranking_noise": (candidates[3], y)})
    raw = [terms(m, y)[:3] for m in candidates]
    with open(os.path.join(here, "ranking.tsv"), "w") as f:
        f.write("# candidate\tseed-16 noise added to sep_n120_d70_c3 (sd)\tncti after min-max normalisation over the four\n")
        for i, (sd, v) in enumerate(zip(["0", "0.05", "0.15", "noise only (sd 0.1)"], combine(raw))):
            f.write("%d\t%s\t%r\n" % (i, sd, v))
