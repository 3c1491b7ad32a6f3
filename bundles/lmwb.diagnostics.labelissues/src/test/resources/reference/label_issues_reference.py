"""Independent reference for lmwb.diagnostics.labelissues.ConfidentLearning (numpy, written from the issue's and
cleanlab's documented definitions, not from the Java code). Writes label_issues_reference.json:
inputs (seeded random out-of-sample probabilities with injected label noise) and the expected outputs.
Run: python3 label_issues_reference.py  (numpy only)."""
import json
import numpy as np

def case(seed, n, c):
    rng = np.random.default_rng(seed)
    truth = rng.integers(0, c, n)
    logits = rng.normal(0, 1, (n, c)); logits[np.arange(n), truth] += 2.0
    p = np.exp(logits); p /= p.sum(1, keepdims=True)
    labels = truth.copy()
    flip = rng.random(n) < 0.2
    labels[flip] = (labels[flip] + rng.integers(1, c, flip.sum())) % c
    for k in range(c):  # every class given
        if not (labels == k).any():
            labels[k] = k
    return p, labels

def expected(p, s):
    n, c = p.shape
    t = np.array([p[s == j, j].mean() for j in range(c)])
    conf = p >= t - 1e-6
    guess = np.full(n, -1)
    for i in range(n):
        js = np.flatnonzero(conf[i])
        if len(js):
            guess[i] = js[np.argmax(p[i, js])]
    C = np.zeros((c, c), dtype=int)
    for i in range(n):
        if guess[i] >= 0:
            C[s[i], guess[i]] += 1
    counts = np.bincount(s, minlength=c)
    cal = (C.T / C.sum(1) * counts).T
    cal = cal / cal.sum() * n
    calr = []
    for row in cal:
        f = np.floor(row).astype(int); miss = int(round(row.sum())) - f.sum()
        order = sorted(range(c), key=lambda k: (-(row[k] - np.floor(row[k])), k))
        for r in range(miss):
            f[order[r]] += 1
        calr.append(f)
    cal = np.array(calr)
    published_n = int(np.floor(n * (1 - np.trace(C) / C.sum())))
    other = p.copy(); other[np.arange(n), s] = -1
    margin = p[np.arange(n), s] - other.max(1)
    selfconf = p[np.arange(n), s]
    published = sorted(range(n), key=lambda i: (margin[i], i))[:published_n]

    def keep_one(M):
        M = M.copy()
        for i in range(c):
            off = M[i].sum() - M[i, i]
            cap = counts[i] - 1
            if off > cap:
                for j in range(c):
                    if j != i:
                        M[i, j] = int(np.floor(C_used[i, j] * cap / off))
        return M

    def by_noise_rate(M):
        out = set()
        for i in range(c):
            idx = np.flatnonzero(s == i)
            for j in range(c):
                if j != i and M[i, j] > 0:
                    order = sorted(idx, key=lambda x: (-(p[x, j] - p[x, i]), x))
                    out |= set(int(x) for x in order[:M[i, j]])
        return out

    def by_class(M):
        out = set()
        for i in range(c):
            idx = np.flatnonzero(s == i)
            k = M[i].sum() - M[i, i]
            order = sorted(idx, key=lambda x: (p[x, i], x))
            out |= set(int(x) for x in order[:k])
        return out

    res = {}
    for calibrate in (False, True):
        C_used = cal if calibrate else C
        M = keep_one(C_used)
        nr, bc = by_noise_rate(M), by_class(M)
        res["calibrated" if calibrate else "uncalibrated"] = {
            "prune_by_noise_rate": sorted(nr), "prune_by_class": sorted(bc), "both": sorted(nr & bc)}
    return {
        "thresholds": t.tolist(), "confident_joint": C.tolist(), "calibrated_joint": cal.tolist(),
        "published_count": published_n, "published": [int(i) for i in published],
        "published_scores": [float(margin[i]) for i in published],
        "confident_learning": sorted(int(i) for i in range(n) if guess[i] >= 0 and guess[i] != s[i]),
        "predicted_neq_given": sorted(int(i) for i in range(n) if p[i].argmax() != s[i]),
        "filters": res, "self_confidence": selfconf.tolist(), "margin": margin.tolist()}

cases = []
for seed, n, c in [(1, 60, 3), (2, 200, 5), (3, 40, 2)]:
    p, s = case(seed, n, c)
    cases.append({"seed": seed, "probabilities": p.tolist(), "labels": s.tolist(), "expected": expected(p, s)})
json.dump(cases, open("label_issues_reference.json", "w"))
print("wrote", len(cases), "cases")
