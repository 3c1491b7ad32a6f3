#!/usr/bin/env bash
# Issue 18 part 2: which estimator to trust. Runs `validate` (every installed classification estimator
# against the 5-fold cross-validated probe, the four built-in models, every layer and the layer mean) on each
# built-in classification dataset, keeps each run's --json document as OUT/<dataset>.json (with its stderr in
# OUT/<dataset>.log and the wall time in OUT/<dataset>.time), then builds the table (validate_table.py):
# Pearson, Spearman, Kendall and weighted Kendall tau of every estimator against the probe, across layers and
# across models, and each estimator's scoring time. A dataset whose .json exists is not run again, so the
# study can be stopped and resumed; delete the file to redo it.
#
#   bench/estimators/validate_study.sh                      # every dataset below, then the table
#   DATASETS="spam-subjects:2000" bench/estimators/validate_study.sh
#   TABLE_ONLY=1 bench/estimators/validate_study.sh         # only rebuild OUT/table.md from the .json files
#
# Sizes (stratified downsampling, seed 42) are the diagnostics export's (bench/diagnostics/embed.sh), so one
# embedding pass per (dataset, model) serves both studies' sizes; brown-pos is token classification (one row
# per word), so it is cut to 100 sentences. ESTIMATORS (comma-separated; default: every installed classification
# estimator) narrows the estimators, ESTIMATORS_<dataset> (with '-' as '_') for one dataset. RANK_ESTIMATORS runs
# `rank --layers layermean` with those estimators into OUT/<dataset>.rank.json after the validation (cheap: no probe);
# the table correlates them with that dataset's probe scores (same dataset, downsampling and seed, so the same rows).
# Heavy: runs under `nice -n 10`, one dataset at a time. Needs python3 with numpy and scipy for the table.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
RUNTIME=${RUNTIME:-$ROOT/runtime/lmwb}
OUT=${OUT:-$ROOT/bench/estimators/validate-study}
DATASETS=${DATASETS:-"spam-subjects:2000 acceptability:2000 sentiment-sentences:3000 pp-attachment:2000 brown-genre:2000 imdb:600 brown-pos:100"}
PYTHON=${PYTHON:-python3}
mkdir -p "$OUT"
if [[ -z "${TABLE_ONLY:-}" ]]; then
    for spec in $DATASETS; do
        ds=${spec%%:*}; n=${spec##*:}
        [[ -f "$OUT/$ds.json" ]] && continue
        var="ESTIMATORS_${ds//-/_}"
        est=()
        if [[ -n "${!var:-}" ]]; then est=(--estimator "${!var}"); elif [[ -n "${ESTIMATORS:-}" ]]; then est=(--estimator "$ESTIMATORS"); fi
        echo "$(date -u +%H:%M:%S) validate $ds (downsample $n) ${est[*]}" >&2
        start=$(date +%s)
        if nice -n 10 "$RUNTIME" validate --dataset "$ds" --downsample "$n" "${est[@]}" --json >"$OUT/$ds.json.part" 2>"$OUT/$ds.log"; then
            mv "$OUT/$ds.json.part" "$OUT/$ds.json"
            echo "$(($(date +%s) - start))" >"$OUT/$ds.time"
            echo "$(date -u +%H:%M:%S) $ds done in $(cat "$OUT/$ds.time") s" >&2
        else
            echo "$(date -u +%H:%M:%S) $ds FAILED (see $OUT/$ds.log)" >&2
            rm -f "$OUT/$ds.json.part"
        fi
    done
    for spec in $DATASETS; do
        ds=${spec%%:*}; n=${spec##*:}
        [[ -n "${RANK_ESTIMATORS:-}" && -f "$OUT/$ds.json" && ! -f "$OUT/$ds.rank.json" ]] || continue
        echo "$(date -u +%H:%M:%S) rank $ds (downsample $n) --estimator $RANK_ESTIMATORS" >&2
        if nice -n 10 "$RUNTIME" rank --dataset "$ds" --downsample "$n" --estimator "$RANK_ESTIMATORS" --json \
                >"$OUT/$ds.rank.json.part" 2>"$OUT/$ds.rank.log"; then
            mv "$OUT/$ds.rank.json.part" "$OUT/$ds.rank.json"
        else
            echo "$(date -u +%H:%M:%S) rank $ds FAILED (see $OUT/$ds.rank.log)" >&2
            rm -f "$OUT/$ds.rank.json.part"
        fi
    done
fi
"$PYTHON" "$ROOT/bench/estimators/validate_table.py" "$OUT" >"$OUT/table.md"
echo "table: $OUT/table.md" >&2
