#!/usr/bin/env bash
# Model-vector study: fine-tune all-minilm-l6-v2 (full fine-tuning: every encoder weight trains) with lmwb's
# trainer on four built-in datasets x three seeds, then run lmwb:modelvec and lmwb:deltarank on the twelve
# checkpoints. CPU budget: a few hundred examples, two epochs, short sequences.
#
# usage: study/run.sh [OUT]           (default OUT: ./modelvec-study)
# environment: LMWB       the launcher (default: runtime/lmwb of this checkout)
#              DATASETS   comma list (default: acceptability,sentiment-sentences,pp-attachment,vader-lexicon)
#              SEED       first seed (default 1; runs use SEED, SEED+1, SEED+2)
#              EXAMPLES   examples kept per dataset, stratified (default 320)
#              EPOCHS     epochs (default 2)
#              LR         encoder learning rate (default 1e-4)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../../.." && pwd)
LMWB=${LMWB:-$root/runtime/lmwb}
OUT=${1:-modelvec-study}
DATASETS=${DATASETS:-acceptability,sentiment-sentences,pp-attachment,vader-lexicon}
SEED=${SEED:-1}
EXAMPLES=${EXAMPLES:-320}
EPOCHS=${EPOCHS:-2}
LR=${LR:-1e-4}
BASE=all-minilm-l6-v2
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-PASSIVE}

mkdir -p "$OUT/models"
models=()
IFS=',' read -r -a names <<<"$DATASETS"
for d in "${names[@]}"; do
  if [ -f "$OUT/models/$d/seed-$((SEED + 2))/model.json" ]; then
    echo "== $d: checkpoints exist, skipping training" >&2
  else
    echo "== fine-tuning $BASE on $d (seeds $SEED..$((SEED + 2)))" >&2
    "$LMWB" train --dataset "$d" --models "$BASE" --epochs "$EPOCHS" --downsample "$EXAMPLES" --max-length 48 \
      --batch-size 16 --lr "$LR" --patience "$EPOCHS" --seed "$SEED" --runs 3 --out "$OUT/models/$d" \
      | tee "$OUT/train-$d.txt"
  fi
  models+=("$OUT/models/$d")
done
list=$(IFS=','; echo "${models[*]}")

echo "== rank profiles" >&2
"$LMWB" deltarank --base "$BASE" --models "$list" --tau 0.5,0.9 --out "$OUT/deltarank" | tee "$OUT/deltarank.txt"
for v in reference concat; do
  echo "== model vectors ($v)" >&2
  "$LMWB" modelvec --base "$BASE" --models "$list" --rank 8 --variant "$v" --seed 42 --out "$OUT/modelvec-$v" \
    | tee "$OUT/modelvec-$v.txt"
done
echo "results in $OUT" >&2
