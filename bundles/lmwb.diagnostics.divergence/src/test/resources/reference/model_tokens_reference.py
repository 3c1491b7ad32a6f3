"""Independent reference for divergence --tokens model on the tiny WordPiece tokenizer (src/test/resources/tiny/
tokenizer.json: BERT normaliser with lowercasing, BERT pre-tokeniser, vocabulary of 30 tokens incl. run ##ning ##s un
##know ##n). The tokens below are written BY HAND from WordPiece's rules (split on white space and punctuation,
lowercase, then the longest vocabulary prefix, continuations with ##, [UNK] for a word that cannot be split); SciPy's
jensenshannon (base 2, squared) of the add-one smoothed distributions gives the expected divergence.
Writes model_tokens_reference.json. Run: /usr/bin/python3 model_tokens_reference.py  (Debian python3-scipy)."""
import json
from collections import Counter
from scipy.spatial.distance import jensenshannon

texts = {"a": ["The cat is running!", "A big dog runs."], "b": ["Hello, world", "The unknown house is new?"]}
tokens = {
    "The cat is running!": ["the", "cat", "is", "run", "##ning", "!"],
    "A big dog runs.": ["a", "big", "dog", "run", "##s", "."],
    "Hello, world": ["hello", ",", "world"],
    "The unknown house is new?": ["the", "un", "##know", "##n", "house", "is", "new", "?"],
}
a = Counter(t for s in texts["a"] for t in tokens[s])
b = Counter(t for s in texts["b"] for t in tokens[s])
v = sorted(set(a) | set(b))
p = [(a[w] + 1) / (sum(a.values()) + len(v)) for w in v]
q = [(b[w] + 1) / (sum(b.values()) + len(v)) for w in v]
json.dump({"texts": texts, "tokens": tokens, "js_bits": jensenshannon(p, q, base=2) ** 2, "vocabulary": len(v)},
          open("model_tokens_reference.json", "w"), indent=1)
print("ok", jensenshannon(p, q, base=2) ** 2, len(v))
