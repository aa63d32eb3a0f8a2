"""The search worker process (``python -m kb.search.worker DOCS QUIZZES``): ``remote.py``
says why it exists and what the messages are."""

from __future__ import annotations

import os
import pickle
import sys
import traceback
from pathlib import Path


def source_texts(docs: Path, quizzes: Path | None) -> list[str]:
    """The pages' and banks' source files: their words are nearly all the pages' words, so a
    dictionary read for them cuts nearly every page as it arrives (the rest waits for the end)."""
    files = [*docs.rglob("*.md"), *(quizzes.glob("*.yml") if quizzes and quizzes.is_dir() else [])]
    texts = []
    for f in files:
        try:
            texts.append(f.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            pass  # the checker has said so; the build made pages from what it could read
    return texts


def serve(inp, out, docs: Path, quizzes: Path | None) -> None:
    from .index import Collector
    from .keywords import load_keywords
    from .synonyms import load_synonyms
    from .vocabulary import start_dictionary

    error = None
    early: list = []  # pages' content as converted, parsed, until the page is written
    try:
        collector = Collector(load_synonyms(), load_keywords())
        syn = collector.synonyms
        # jieba's dictionary is read while the first pages are on their way
        start_dictionary(source_texts(docs, quizzes), [w for g in syn.groups for w in g])
    except Exception:
        error = traceback.format_exc()
    while True:
        try:
            message = pickle.load(inp)
        except EOFError:
            return  # the build stopped without asking for the index
        if message[0] in ("early", "page", "known"):
            if error is None:
                try:
                    if message[0] == "early":
                        early.append(collector.early(message[1]))
                    elif message[0] == "page":
                        collector.add(*message[1:])
                    else:
                        n, url, title, *rest = message[1:]
                        parsed, early[n] = early[n], None
                        collector.add_parsed(url, title, parsed, *rest)
                except Exception:
                    error = traceback.format_exc()
        elif message[0] == "write":
            if error is None:
                try:
                    reply = ("ok", str(collector.write(message[1])))
                except Exception:
                    reply = ("error", traceback.format_exc())
            else:
                reply = ("error", error)
            pickle.dump(reply, out)
            out.flush()
            os._exit(0)  # the build waits for this process: skip freeing what it built


if __name__ == "__main__":
    serve(sys.stdin.buffer, sys.stdout.buffer, Path(sys.argv[1]), Path(sys.argv[2]) if sys.argv[2] else None)
