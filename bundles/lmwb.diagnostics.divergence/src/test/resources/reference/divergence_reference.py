"""Independent reference for lmwb.diagnostics.divergence.UnigramDivergence: SciPy's jensenshannon (base 2, squared:
SciPy returns the JS *distance*, the square root of the divergence) of the two labels' add-one smoothed unigram
distributions over the union of their vocabularies; tokens are lowercased runs of letters and digits.
Writes divergence_reference.json. Run: /usr/bin/python3 divergence_reference.py  (Debian python3-scipy)."""
import json, re
from collections import Counter
from scipy.spatial.distance import jensenshannon

texts = {
    "pos": ["A great, GREAT film!", "Loved it: great acting", "Ça marche très bien 10/10"],
    "neg": ["A dull film", "Hated it; dull, dull acting", "nul, très nul 2/10"],
    "meh": ["It was a film", "ok acting, ok film"],
}
def counts(ts):
    c = Counter()
    for t in ts:
        c.update(w.lower() for w in re.findall(r"[^\W_]+", t))
    return c
out = []
labels = list(texts)
for i in range(len(labels)):
    for j in range(i + 1, len(labels)):
        a, b = counts(texts[labels[i]]), counts(texts[labels[j]])
        v = sorted(set(a) | set(b))
        p = [(a[w] + 1) / (sum(a.values()) + len(v)) for w in v]
        q = [(b[w] + 1) / (sum(b.values()) + len(v)) for w in v]
        out.append({"a": labels[i], "b": labels[j], "js_bits": jensenshannon(p, q, base=2) ** 2, "vocabulary": len(v)})
json.dump({"texts": texts, "pairs": out}, open("divergence_reference.json", "w"), ensure_ascii=False, indent=1)
print(out)
