"""Balanced line breaking by measured width: fewest lines, even lengths, breaks after punctuation."""

from __future__ import annotations

from functools import lru_cache

from pipeline.media.fonts import text_width

BREAK_AFTER = set("，。！？、；：,.!?;:")
NO_LINE_START = set("，。！？、；：,.!?;:)）」』”’》%％")
# Chinese particles that lean on the word before them: a line starting with one splits a phrase
# ("专为熬夜赶作业 | 的大学生")
LEANING = set("的地得了着过们吗呢吧啊呀嘛么")
# English words that lean on the word after them: a line ending with one splits a phrase ("a | double-wall")
LEAD_WORDS = {"a", "an", "the", "of", "to", "for", "with", "and", "or", "in", "on", "at", "by", "your", "our", "my",
              "its", "their", "from", "into", "no", "not", "is", "are"}


def join(words: list[str] | tuple[str, ...], lang: str) -> str:
    return " ".join(words) if lang == "en" else "".join(words)


def torn(words: list[str], j: int, lang: str) -> bool:
    """Whether a line break before words[j] tears a phrase: a Chinese particle leaning on the word before it
    starts the line, or an English line ends with an article or preposition."""
    if lang == "en":
        return words[j - 1].lower().strip("\"'(") in LEAD_WORDS
    return words[j][:1] in LEANING


def break_lines(words: list[str], lang: str, px: int, max_w: float, max_chars: int | None = None,
                avoid: frozenset[int] = frozenset()) -> list[list[int]]:
    """Indices of words per line. Never splits a word; never starts a line with closing punctuation; never
    tears a phrase (see torn) nor breaks before a word in `avoid` (inside a name or term too long to keep on one
    line) unless nothing else fits; among layouts with the fewest lines, picks the most even one, preferring
    breaks after punctuation."""
    n = len(words)
    if n == 0:
        return []

    @lru_cache(maxsize=None)
    def width(i: int, j: int) -> float:
        return text_width(join(words[i:j], lang).rstrip("，。、,. "), px)

    def fits(i: int, j: int) -> bool:
        if j - i == 1:
            return True  # a single over-long word still gets its own line
        text = join(words[i:j], lang)
        return width(i, j) <= max_w and (max_chars is None or len(text.rstrip("，。、,. ")) <= max_chars)

    INF = float("inf")

    def solve(strict: bool) -> list[tuple[float, float, int]]:
        # best[i] = (lines, cost, end of the first line) for words[i:]
        best: list[tuple[float, float, int]] = [(INF, INF, n)] * (n + 1)
        best[n] = (0, 0.0, n)
        for i in range(n - 1, -1, -1):
            for j in range(i + 1, n + 1):
                if not fits(i, j):
                    break
                if j < n and words[j][:1] in NO_LINE_START:
                    continue
                tear = j < n and (torn(words, j, lang) or j in avoid)
                if tear and strict:
                    continue
                lines, cost, _ = best[j]
                if lines == INF:
                    continue
                slack = (max_w - width(i, j)) / max_w
                penalty = 0.0 if j == n or words[j - 1][-1:] in BREAK_AFTER else 0.15
                penalty += 5.0 if tear else 0.0
                if j - i == 1 and len(words[i]) <= 1 and n > 1:
                    penalty += 1.0  # an orphan character on its own line
                cand = (lines + 1, cost + slack * slack + penalty, j)
                if (cand[0], cand[1]) < (best[i][0], best[i][1]):
                    best[i] = cand
        return best

    best = solve(strict=True)
    if best[0][0] == INF:
        best = solve(strict=False)
    out, i = [], 0
    while i < n:
        j = best[i][2]
        if j <= i:  # unreachable in practice: fall back to one word per line
            j = i + 1
        out.append(list(range(i, j)))
        i = j
    return out
