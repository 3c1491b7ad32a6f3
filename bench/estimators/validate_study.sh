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
# embedding pass per (dataset, model) serves both studies' sizes; imdb is 200 reviews (as exported); brown-pos is
# token classification (one row per word: the tokens, not the sentences, decide the time), so it is cut to 50
# sentences, 1,055 tokens (validate leaves out the tags with fewer than 5 tokens, with a note; at 100 sentences, 2,015
# tokens, the probe's ~40-class fits took about a minute per layer here, over an hour for the 46 matrices). ESTIMATORS (comma-separated; default: every installed classification estimator)
# narrows the estimators, ESTIMATORS_<dataset> (with '-' as '_') for one dataset. RANK_ESTIMATORS runs
# `rank --layers layermean` with those estimators into OUT/<dataset>.RANK_NAME.json after the validation (cheap: no
# probe; RANK_NAME defaults to `rank`); the table correlates every OUT/<dataset>.rank*.json with that dataset's probe
# scores (same dataset, downsampling and seed, so the same rows). So one estimator's column is added to finished
# datasets without recomputing the others, e.g. nleep:
#   RANK_ESTIMATORS=nleep RANK_NAME=rank-nleep bench/estimators/validate_study.sh
# brown-pos is the exception: `rank` keeps the rare tags that `validate` leaves out, so its nleep column was made
# by a validate run of that estimator alone (its probe equals the main run's on the same rows):
#   runtime/lmwb validate --dataset brown-pos --downsample 50 --estimator nleep --json \
#       > bench/estimators/validate-study/brown-pos.rank-nleep.json
# Heavy: runs under `nice -n 10`, one dataset at a time. Needs python3 with numpy and scipy for the table.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
RUNTIME=${RUNTIME:-$ROOT/runtime/lmwb}
OUT=${OUT:-$ROOT/bench/estimators/validate-study}
DATASETS=${DATASETS:-"spam-subjects:2000 acceptability:2000 sentiment-sentences:3000 pp-attachment:2000 brown-genre:2000 imdb:200 brown-pos:50"}
PYTHON=${PYTHON:-python3}
RANK_NAME=${RANK_NAME:-rank}
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
        r="$OUT/$ds.$RANK_NAME"
        [[ -n "${RANK_ESTIMATORS:-}" && -f "$OUT/$ds.json" && ! -f "$r.json" ]] || continue
        echo "$(date -u +%H:%M:%S) rank $ds (downsample $n) --estimator $RANK_ESTIMATORS -> $r.json" >&2
        start=$(date +%s)
        if nice -n 10 "$RUNTIME" rank --dataset "$ds" --downsample "$n" --estimator "$RANK_ESTIMATORS" --json \
                >"$r.json.part" 2>"$r.log"; then
            mv "$r.json.part" "$r.json"
            echo "$(date -u +%H:%M:%S) rank $ds done in $(($(date +%s) - start)) s" >&2
        else
            echo "$(date -u +%H:%M:%S) rank $ds FAILED (see $r.log)" >&2
            rm -f "$r.json.part"
        fi
    done
fi
"$PYTHON" "$ROOT/bench/estimators/validate_table.py" "$OUT" >"$OUT/table.md"
echo "table: $OUT/table.md" >&2
