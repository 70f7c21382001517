"""Text corpus and tokenizer shared by the language workload builders (build_textenc.py, build_llm.py).

Corpus: the license texts that Debian's base-files package installs in /usr/share/common-licenses
(real English prose, present on every Debian system; symlinks such as GPL -> GPL-3 are skipped by
using the fixed list below). Each file's sha256 goes into the manifests.

Tokenizer (deterministic, written here, no package): lower-case; pieces = runs of letters, runs of
digits, or single other non-space characters; whitespace is dropped. Vocabulary: 4 special tokens
([PAD]=0, [UNK]=1, [CLS]=2, [SEP]=3), 256 byte tokens (4 + byte value), then the corpus's pieces by
descending count (ties: alphabetical) up to the vocabulary size. A piece not in the vocabulary is
encoded as the byte tokens of its UTF-8 bytes (byte fallback), so no text is ever [UNK].
"""
import collections
import os
import re

LICENSE_DIR = "/usr/share/common-licenses"
LICENSE_FILES = ["Apache-2.0", "Artistic", "BSD", "CC0-1.0", "GFDL-1.2", "GFDL-1.3", "GPL-1", "GPL-2", "GPL-3",
                 "LGPL-2", "LGPL-2.1", "LGPL-3", "MPL-1.1", "MPL-2.0"]
PAD, UNK, CLS, SEP = 0, 1, 2, 3
N_SPECIAL = 4
N_BYTES = 256
_PIECE = re.compile(r"[a-z]+|[0-9]+|[^\sa-z0-9]")


def load_corpus():
    """Return (list of (name, text)), {name: sha256} for the license files (UTF-8, errors replaced)."""
    import hashlib
    docs, digests = [], {}
    for n in LICENSE_FILES:
        p = os.path.join(LICENSE_DIR, n)
        with open(p, "rb") as f:
            raw = f.read()
        digests[n] = hashlib.sha256(raw).hexdigest()
        docs.append((n, raw.decode("utf-8", errors="replace")))
    return docs, digests


def pieces(text):
    return _PIECE.findall(text.lower())


def paragraphs(docs, min_pieces=8):
    """Paragraphs (split on blank lines) with at least min_pieces pieces, in corpus order."""
    out = []
    for _, text in docs:
        for para in re.split(r"\n\s*\n", text):
            para = " ".join(para.split())
            if len(pieces(para)) >= min_pieces:
                out.append(para)
    return out


class Tokenizer:
    def __init__(self, docs, vocab_size):
        counts = collections.Counter()
        for _, text in docs:
            counts.update(pieces(text))
        words = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        n_words = vocab_size - N_SPECIAL - N_BYTES
        self.words = [w for w, _ in words[:n_words]]
        self.vocab_size = vocab_size
        self.index = {w: N_SPECIAL + N_BYTES + i for i, w in enumerate(self.words)}
        self.corpus_distinct_pieces = len(counts)

    def encode(self, text):
        ids = []
        for p in pieces(text):
            i = self.index.get(p)
            if i is None:
                ids.extend(N_SPECIAL + b for b in p.encode("utf-8"))
            else:
                ids.append(i)
        return ids

    def describe(self):
        import hashlib
        return {"kind": "lower-case pieces [a-z]+|[0-9]+|single symbol; whole-piece vocabulary by corpus frequency; "
                        "byte fallback (id 4+byte) for pieces outside it",
                "vocab_size": self.vocab_size, "special": {"[PAD]": PAD, "[UNK]": UNK, "[CLS]": CLS, "[SEP]": SEP},
                "byte_tokens": [N_SPECIAL, N_SPECIAL + N_BYTES - 1],
                "word_tokens": len(self.words), "corpus_distinct_pieces": self.corpus_distinct_pieces,
                "words_sha256": hashlib.sha256("\n".join(self.words).encode()).hexdigest()}
