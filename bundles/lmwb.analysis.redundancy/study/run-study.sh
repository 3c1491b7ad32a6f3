#!/bin/bash
# The study behind RESULTS.md: similarity, clusters and prune for two models on a token task (brown-pos)
# and a sentence-classification task (sentiment-sentences). Usage: run-study.sh LMWB_LAUNCHER
# (runtime/lmwb once the runtime contains lmwb.analysis.redundancy) [main|extra|all]. Writes into study/<run>/.
set -euo pipefail
lmwb=${1:-runtime/lmwb}
part=${2:-all}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
models="all-minilm-l6-v2 bge-small-en-v1.5"
run() {
  local name=$1; shift
  echo "== $name: $*" >&2
  local t0=$(date +%s)
  "$lmwb" "$@" --out "$here/$name" > "$here/$name.txt" 2> "$here/$name.log"
  echo "$(( $(date +%s) - t0 )) s" > "$here/$name.seconds"
}
if [ "$part" != extra ]; then
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
fi
if [ "$part" != main ]; then
# Variations: mean pooling (how MiniLM was trained), more probe epochs (the paper's 10 epochs assume ~100k
# instances), the probeless ranker, float16 storage, no clustering, another seed.
run prune-sentiment-all-minilm-l6-v2-mean prune --model all-minilm-l6-v2 --dataset sentiment-sentences --samples 3000 --sentence-pooling mean
run prune-sentiment-all-minilm-l6-v2-epochs50 prune --model all-minilm-l6-v2 --dataset sentiment-sentences --samples 3000 --epochs 50
run prune-brown-bge-small-en-v1.5-cmd prune --model bge-small-en-v1.5 --dataset brown-pos --samples 6000 --ranker class-mean-difference
run prune-brown-all-minilm-l6-v2-f16 prune --model all-minilm-l6-v2 --dataset brown-pos --samples 6000 --float16
run prune-brown-all-minilm-l6-v2-nocluster prune --model all-minilm-l6-v2 --dataset brown-pos --samples 6000 --cluster -1
run prune-brown-all-minilm-l6-v2-seed7 prune --model all-minilm-l6-v2 --dataset brown-pos --samples 6000 --seed 7
# The regression variant (MSE probe, Pearson's r): word valence.
run prune-vader-all-minilm-l6-v2 prune --model all-minilm-l6-v2 --dataset vader-lexicon --samples 3000 --sentence-pooling mean
fi
