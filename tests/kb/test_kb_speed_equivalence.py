"""Speed-ups of kb/ that must not change a result: each is checked against the code it replaces."""
from __future__ import annotations

import random

import pytest

from kb import search
from kb.fold import words
from kb.search import parse_query, snippet

WORDS = ("Казахстан Казахстана Қазақстанның центр центра орталығы markazi Тоқаевтың Токаев Tokayev Toqayevning "
         "строительство терминала идёт по графику, сообщил министр. Trade grew; the border opened").split()


def snippet_folding_every_word(text, parsed, width=30, lang=None):
    """kb.search.snippet as it was: every word of the text folded before the window was chosen."""
    found = list(words(text))
    hits = {i for i, m in enumerate(found) if search._matches(m.group(), parsed, lang)}
    if not hits:
        return ""
    first = max(0, min(hits) - width // 3)
    last = min(len(found), first + width) - 1
    out, pos = [], found[first].start()
    for i in range(first, last + 1):
        m = found[i]
        out.append(text[pos:m.start()])
        out.append(f"[{m.group()}]" if i in hits else m.group())
        pos = m.end()
    body = " ".join("".join(out).split())
    return ("…" if first > 0 else "") + body + ("…" if last < len(found) - 1 else "")


@pytest.mark.parametrize("seed", range(5))
def test_snippet_folding_up_to_the_window_gives_the_same_snippets(seed):
    rng = random.Random(seed)
    queries = [parse_query(q) for q in ("Tokayev", "центр", '"Казахстан центр"', "Tok*", "border OR markaz",
                                        "нетакогослова")]
    for trial in range(300):
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 90)))
        if trial % 7 == 0:
            text = "  \n".join(text.split(" ", 5))         # odd spacing kept out of the snippet the same way
        parsed = rng.choice(queries)
        width = rng.choice([1, 2, 5, 30])
        lang = rng.choice(["ru", "kk", "en", None])
        assert snippet(text, parsed, width, lang) == snippet_folding_every_word(text, parsed, width, lang)
