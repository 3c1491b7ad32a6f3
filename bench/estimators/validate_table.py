#!/usr/bin/env python3
"""Builds the table of the validate study (validate_study.sh) from its --json documents.

For every dataset (OUT/<dataset>.json, a `validate` result, plus every OUT/<dataset>.rank*.json, `rank` results of the
same dataset, downsampling and seed whose estimators are correlated with the validation's probe) and every estimator:
Pearson, Spearman, Kendall (tau-b) and weighted Kendall tau (scipy.stats.weightedtau, hyperbolic weights, the
estimator's order and the probe's averaged: the measure of the NCTI and SFDA papers) of the estimator's scores against
the probe's 5-fold accuracy,
  - across models: the four models' layer-mean scores (n = 4);
  - across layers: within each model over its layers (12, or 6 for all-MiniLM-L6-v2), then the mean over the models;
  - pooled: all (model, layer) pairs at once (n = 42);
and the estimator's scoring time (sum of score_seconds over the models: every layer and the layer mean).
Usage: validate_table.py OUT   (markdown on stdout)
"""
import glob
import json
import math
import os
import sys

import numpy as np
from scipy import stats


def corr(a, b):
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    ok = np.isfinite(a) & np.isfinite(b)
    a, b = a[ok], b[ok]
    if len(a) < 2 or np.all(a == a[0]) or np.all(b == b[0]):
        return [math.nan] * 4
    return [stats.pearsonr(a, b)[0], stats.spearmanr(a, b)[0], stats.kendalltau(a, b)[0], stats.weightedtau(a, b)[0]]


def probe_of(doc):
    """model -> {layer index (int, 0 = layer mean): probe accuracy}"""
    out = {}
    for model, layers in doc["probe_scores"].items():
        out[model] = {int(k): v for k, v in layers.items()}
    return out


def rows_of(doc, probe):
    out = {}
    for est in doc["estimators"]:
        name = est["estimator"]
        models = [m for m in est["ranking"] if m["model"] in probe]
        across_models = corr([m["layer_mean_score"] for m in models], [probe[m["model"]][0] for m in models])
        within = []
        pooled_e, pooled_p = [], []
        for m in models:
            layers = sorted(int(k) for k in m["layer_scores"])
            e = [m["layer_scores"][str(k)] for k in layers]
            p = [probe[m["model"]][k] for k in layers]
            within.append(corr(e, p))
            pooled_e += e
            pooled_p += p
        out[name] = {
            "models": across_models,
            "layers": list(np.nanmean(np.array(within), axis=0)) if within else [math.nan] * 4,
            "pooled": corr(pooled_e, pooled_p),
            "n_pooled": len(pooled_e),
            "seconds": sum(m["score_seconds"] for m in models),
        }
    return out


def fmt(v):
    return "–" if v is None or (isinstance(v, float) and math.isnan(v)) else "%.2f" % v


def main(folder):
    datasets = {}
    for path in sorted(glob.glob(os.path.join(folder, "*.json"))):
        ds = os.path.basename(path)[:-5]
        if "." in ds:  # OUT/<dataset>.rank*.json: merged below
            continue
        doc = json.load(open(path))
        probe = probe_of(doc)
        rows = rows_of(doc, probe)
        for extra in sorted(glob.glob(os.path.join(folder, ds + ".rank*.json"))):
            rows.update(rows_of(json.load(open(extra)), probe))
        probe_seconds = None
        wall = open(path[:-5] + ".time").read().strip() if os.path.exists(path[:-5] + ".time") else "?"
        datasets[ds] = (doc, probe, rows, wall)
    if not datasets:
        print("no results yet")
        return
    estimators = sorted({e for _, _, rows, _ in datasets.values() for e in rows})
    print("## Summary: mean over %d dataset(s) (%s)\n" % (len(datasets), ", ".join(datasets)))
    print("Pearson / Spearman / Kendall / weighted Kendall τ against the 5-fold probe; time: scoring seconds summed over "
          "the datasets (all layers and the layer mean of the four models).\n")
    print("| estimator | across models (layer mean, n = 4) | across layers (within a model, mean of 4) | "
          "all (model, layer) pairs (n = 42) | datasets | time s |")
    print("|---|---|---|---|---|---|")
    for e in estimators:
        have = [rows[e] for _, _, rows, _ in datasets.values() if e in rows]
        def mean(key):
            return [np.nanmean([h[key][i] for h in have]) for i in range(4)]
        print("| %s | %s | %s | %s | %d | %.0f |" % (e, " / ".join(fmt(v) for v in mean("models")),
              " / ".join(fmt(v) for v in mean("layers")), " / ".join(fmt(v) for v in mean("pooled")), len(have),
              sum(h["seconds"] for h in have)))
    print("\n## Per dataset\n")
    for ds, (doc, probe, rows, wall) in datasets.items():
        samples = doc.get("dataset", {}).get("samples")
        print("### %s (%s examples, %s; validate wall time %s s)\n" % (ds, samples, doc.get("dataset", {}).get("task"), wall))
        print("Probe accuracy, layer mean: " + ", ".join("%s %.3f" % (m, v[0]) for m, v in probe.items()) + "\n")
        print("| estimator | across models P / S / K / wτ | across layers P / S / K / wτ | all pairs P / S / K / wτ | time s |")
        print("|---|---|---|---|---|")
        for e in sorted(rows):
            r = rows[e]
            print("| %s | %s | %s | %s | %.1f |" % (e, " / ".join(fmt(v) for v in r["models"]),
                  " / ".join(fmt(v) for v in r["layers"]), " / ".join(fmt(v) for v in r["pooled"]), r["seconds"]))
        print()


if __name__ == "__main__":
    main(sys.argv[1])
