"""How well gap clustering groups questions by meaning, per similarity threshold (chooses DEFAULT_SIMILARITY).

Usage: .venv/bin/python bench/gaps.py [--semantic]
Clusters the in-scope questions of each set (their expected article is the true group) with the lexical
embedder and prints the adjusted Rand index (pair agreement with the true groups, 0 = chance, 1 = perfect),
the V-measure and the number of clusters. The threshold is chosen on banking77 val only.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sklearn.metrics import adjusted_rand_score, v_measure_score  # noqa: E402

from kb.embedder_e5 import default_embedder  # noqa: E402
from kb.embedding import CachedEncoder  # noqa: E402
from kb.gaps import DEFAULT_SIMILARITY, Embedder, LexicalEmbedder, SentenceEmbedder, cluster_texts  # noqa: E402
from kb.loader import load_directory  # noqa: E402

ANCHORS = {  # the knowledge base each set's questions are asked of: the sentence vectors are centred on it
    "banking77 val": ROOT.parent / "shared" / "datasets" / "banking77-openset" / "articles-all.jsonl",
}
SETS = {
    "banking77 val": ROOT.parent / "shared" / "datasets" / "banking77-openset" / "queries-val.jsonl",
    "kb-nl": ROOT / "bench" / "data" / "kb-nl-queries.jsonl",
    "kb-en": ROOT / "bench" / "data" / "kb-en-queries.jsonl",
}
THRESHOLDS = (0.10, 0.15, 0.20, 0.25, 0.30, 0.40, 0.50)
SEMANTIC_THRESHOLDS = (0.15, 0.20, 0.25, 0.30, 0.35, 0.40, 0.50, 0.60)


def _embedder(name: str) -> Embedder:
    """`--semantic`: the packaged sentence model, centred on the set's knowledge base (as the bot centres on its
    own): the bundled KB for kb-nl and kb-en, the benchmark's articles for banking77."""
    if "--semantic" not in sys.argv:
        return LexicalEmbedder()
    encoder = default_embedder()
    if encoder is None:
        raise SystemExit("--semantic needs the semantic extra")
    if name in ANCHORS:
        lines = ANCHORS[name].read_text(encoding="utf-8").splitlines()
        anchors = [q for line in lines for q in json.loads(line)["questions"][:5]]
    else:
        anchors = [p for article in load_directory(ROOT / "kb" / "articles").articles for p in article.phrasings]
    return SentenceEmbedder(_ENCODER.setdefault("e5", CachedEncoder(encoder)), anchors)


_ENCODER: dict[str, CachedEncoder] = {}


def main() -> None:
    print(f"default similarity {DEFAULT_SIMILARITY}")
    for name, path in SETS.items():
        if not path.is_file():
            print(f"{name}: {path} not found, skipped")
            continue
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        rows = [row for row in rows if row.get("expected")]
        texts, truth = [row["text"] for row in rows], [row["expected"] for row in rows]
        print(f"== {name}: {len(texts)} questions, {len(set(truth))} articles")
        embedder = _embedder(name)
        for threshold in SEMANTIC_THRESHOLDS if "--semantic" in sys.argv else THRESHOLDS:
            began = time.perf_counter()
            clusters = cluster_texts(texts, embedder, similarity=threshold)
            found = [0] * len(texts)
            for number, cluster in enumerate(clusters):
                for index in cluster.members:
                    found[index] = number
            ari, v = adjusted_rand_score(truth, found), v_measure_score(truth, found)
            seconds = time.perf_counter() - began
            print(f"   {threshold:.2f}  ARI {ari:.3f}  V {v:.3f}  {len(clusters):>4} clusters  {seconds:.2f} s")


if __name__ == "__main__":
    main()
