#!/bin/bash
# The study behind RESULTS.md: similarity, clusters and prune for two models on a token task (brown-pos)
# and a sentence-classification task (sentiment-sentences). Usage: run-study.sh LMWB_LAUNCHER
# (runtime/lmwb once the runtime contains lmwb.analysis.redundancy). Writes into study/<run>/.
set -euo pipefail
lmwb=${1:-runtime/lmwb}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
models="all-minilm-l6-v2 bge-small-en-v1.5"
run() {
  local name=$1; shift
  echo "== $name: $*" >&2
  local t0=$(date +%s)
  "$lmwb" "$@" --out "$here/$name" > "$here/$name.txt" 2> "$here/$name.log"
  echo "$(( $(date +%s) - t0 )) s" > "$here/$name.seconds"
}
# Token task: whole Brown sentences drawn with seed 42 until 3,000 words (similarity, clusters) or 6,000 words
# (prune, split 70/15/15 by words); one vector per word, the mean of its sub-words.
run sim-brown similarity --model all-minilm-l6-v2,bge-small-en-v1.5 --dataset brown-pos --samples 3000
run simdeb-brown similarity --model all-minilm-l6-v2,bge-small-en-v1.5 --dataset brown-pos --samples 3000 --measure cka-debiased
for m in $models; do
  run clusters-brown-$m clusters --model $m --dataset brown-pos --samples 3000
  run prune-brown-$m prune --model $m --dataset brown-pos --samples 6000
done
# Sentence task: all 3,000 sentences ([CLS] vectors), split 70/15/15.
run sim-sentiment similarity --model all-minilm-l6-v2,bge-small-en-v1.5 --dataset sentiment-sentences --samples 3000
for m in $models; do
  run clusters-sentiment-$m clusters --model $m --dataset sentiment-sentences --samples 3000
  run prune-sentiment-$m prune --model $m --dataset sentiment-sentences --samples 3000
done
