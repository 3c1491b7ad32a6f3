#!/usr/bin/env bash
# Exports every layer of the four built-in models for the built-in classification datasets (downsampled,
# seeded) as .npy files, once: the injected-noise study and the difficulty table (bench/diagnostics/run.sh)
# read them, so each (dataset, model) is embedded one time. Usage:
#   RUNTIME=runtime/lmwb OUT=/tmp/diag-embeddings bench/diagnostics/embed.sh
set -euo pipefail
RUNTIME=${RUNTIME:-runtime/lmwb}
OUT=${OUT:-/tmp/diag-embeddings}
MODELS=${MODELS:-"all-minilm-l6-v2 bge-small-en-v1.5 e5-small-v2 bge-small-en"}
# dataset:examples kept (stratified, seed 42); imdb's reviews run to 512 tokens, so fewer of them
DATASETS=${DATASETS:-"sentiment-sentences:3000 spam-subjects:2000 acceptability:2000 brown-genre:2000 pp-attachment:2000 imdb:600"}
for spec in $DATASETS; do
  ds=${spec%%:*}; n=${spec##*:}
  for m in $MODELS; do
    dir="$OUT/$ds/$m"
    if [ -f "$dir/labels.npy" ]; then continue; fi
    start=$(date +%s)
    "$RUNTIME" embed --dataset "$ds" --model "$m" --layers all --downsample "$n" --out "$dir" --force >/dev/null
    echo "$ds $m $((($(date +%s) - start))) s" >&2
  done
done
