#!/usr/bin/env python3
"""Table of trained_pairs.sh: per dataset, each pair's estimated score (rank --combinations 2, last layer) and its
trained frozen-concat test accuracy (mean over the runs), and per estimator the Spearman correlation between the two
over the 6 pairs (scipy.stats.spearmanr). Usage: trained_pairs.py OUT"""
import glob
import json
import os
import sys

from scipy import stats


def main(folder):
    for comb in sorted(glob.glob(os.path.join(folder, "*.combinations.json"))):
        ds = os.path.basename(comb)[: -len(".combinations.json")]
        doc = json.load(open(comb))
        trained = {}
        for path in glob.glob(os.path.join(folder, ds + ".*+*.json")):
            pair = os.path.basename(path)[len(ds) + 1: -5]
            t = json.load(open(path))
            trained[frozenset(pair.split("+"))] = (t["mean"]["accuracy"], t["std"]["accuracy"], len(t["runs"]))
        print("### %s (%s examples)\n" % (ds, doc["dataset"]["samples"]))
        ests = [e for e in doc["estimators"] if e.get("combinations")]
        print("| pair | trained test accuracy (mean ± std) | " + " | ".join(e["estimator"] for e in ests) + " |")
        print("|---|---|" + "---|" * len(ests))
        pairs = sorted(trained, key=lambda p: -trained[p][0])
        for p in pairs:
            cells = []
            for e in ests:
                c = next(c for c in e["combinations"] if frozenset(c["models"]) == p)
                cells.append("%.4g (#%d)" % (c["score"], c["rank"]))
            acc, sd, runs = trained[p]
            print("| %s | %.4f ± %.4f (%d runs) | %s |" % (" + ".join(sorted(p)), acc, sd, runs, " | ".join(cells)))
        print("| **Spearman with the trained order** | | " + " | ".join(
            "%.2f" % stats.spearmanr([next(c["score"] for c in e["combinations"] if frozenset(c["models"]) == p) for p in pairs],
                                     [trained[p][0] for p in pairs])[0] for e in ests) + " |")
        print()


if __name__ == "__main__":
    main(sys.argv[1])
