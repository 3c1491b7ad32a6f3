#!/usr/bin/env bash
# Issue 18 part 4 check: does `rank --combinations 2` order the pairs of models as training them does? Per dataset:
#   1. rank --layers lastlayer --combinations 2 with the estimators below (the estimated score of every pair's
#      concatenated last-layer embeddings) -> OUT/<dataset>.combinations.json
#   2. train --combine concat --frozen (last layer, mean pooling: train's defaults, the same matrices) for each of the
#      6 pairs of the four built-in models, RUNS seeds, EPOCHS epochs -> OUT/<dataset>.<a>+<b>.json
#   3. trained_pairs.py: per estimator, the Spearman correlation of the 6 estimated scores with the 6 mean test
#      accuracies, and the per-pair figures -> OUT/table.md
# The downsampling (count, stratified, seed 42) is the same for rank and train, so both see the same examples; train
# splits them 80/10/10 (seed 42) and reports the test split. A file that exists is not made again.
#   bench/estimators/trained_pairs.sh
#   DATASETS="spam-subjects:2000" RUNS=1 bench/estimators/trained_pairs.sh
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
RUNTIME=${RUNTIME:-$ROOT/runtime/lmwb}
OUT=${OUT:-$ROOT/bench/estimators/trained-pairs}
DATASETS=${DATASETS:-"sentiment-sentences:3000 spam-subjects:2000"}
MODELS=(all-minilm-l6-v2 bge-small-en-v1.5 e5-small-v2 bge-small-en)
ESTIMATORS=${ESTIMATORS:-hscore,logme,knn,gbc,transrate,sfda,pactran}
RUNS=${RUNS:-3}
EPOCHS=${EPOCHS:-10}
PYTHON=${PYTHON:-python3}
mkdir -p "$OUT"
for spec in $DATASETS; do
    ds=${spec%%:*}; n=${spec##*:}
    f="$OUT/$ds.combinations.json"
    if [[ ! -f "$f" ]]; then
        echo "$(date -u +%H:%M:%S) rank $ds --combinations 2" >&2
        nice -n 10 "$RUNTIME" rank --dataset "$ds" --downsample "$n" --models "$(IFS=,; echo "${MODELS[*]}")" \
            --estimator "$ESTIMATORS" --layers lastlayer --combinations 2 --json >"$f.part" 2>"$OUT/$ds.combinations.log"
        mv "$f.part" "$f"
    fi
    for ((i = 0; i < ${#MODELS[@]}; i++)); do
        for ((j = i + 1; j < ${#MODELS[@]}; j++)); do
            a=${MODELS[i]}; b=${MODELS[j]}
            f="$OUT/$ds.$a+$b.json"
            [[ -f "$f" ]] && continue
            echo "$(date -u +%H:%M:%S) train $ds $a+$b" >&2
            nice -n 10 "$RUNTIME" train --dataset "$ds" --downsample "$n" --models "$a,$b" --combine concat --frozen \
                --runs "$RUNS" --epochs "$EPOCHS" --json >"$f.part" 2>"$OUT/$ds.$a+$b.log"
            mv "$f.part" "$f"
        done
    done
done
"$PYTHON" "$ROOT/bench/estimators/trained_pairs.py" "$OUT" >"$OUT/table.md"
echo "table: $OUT/table.md" >&2
