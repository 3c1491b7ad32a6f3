"""Independent reference for lmwb.diagnostics.core.SoftmaxProbe: scikit-learn's multinomial LogisticRegression
(lbfgs) with C = 1 / (n * lambda) — the same objective as the probe's mean cross-entropy + lambda/2 ||W||^2 —
on a seeded 3-class problem, features standardised with the training rows' mean and (population) deviation.
Writes probe_reference.json. Run: /usr/bin/python3 probe_reference.py  (Debian python3-numpy + python3-sklearn 1.2.1)."""
import json
import numpy as np
from sklearn.linear_model import LogisticRegression

rng = np.random.default_rng(7)
n, d, c = 90, 6, 3
y = np.arange(n) % c
x = rng.normal(0, 1, (n, d)) + np.eye(c, d)[y] * 1.5
x = x.astype(np.float32)
train = np.arange(n) < 60
mu = x[train].mean(0, dtype=np.float64); sd = x[train].std(0, dtype=np.float64)
xs = (x - mu) / sd
out = []
for lam in (0.1, 0.01):
    m = LogisticRegression(C=1.0 / (train.sum() * lam), tol=1e-12, max_iter=100000)
    m.fit(xs[train], y[train])
    out.append({"lambda": lam, "test_probabilities": m.predict_proba(xs[~train]).tolist()})
json.dump({"x": x.astype(float).tolist(), "y": y.tolist(), "train": int(train.sum()), "fits": out},
          open("probe_reference.json", "w"))
print("ok")
