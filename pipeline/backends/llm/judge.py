"""The packaged model as a judge of fluency, not as a writer: how surprised it is by each token of a line.

Qwen2.5-Coder-1.5B (Q4_K_M, llama.cpp) writes ad copy worse than the built-in writer, but as a language model
it still knows which of two lines reads like Chinese or English people write: the mean surprisal of a line's
tokens (negative log-probability in nats, after a short fixed context that says what the line is) is low for
"Dry hands every winter?" and high for "Tired of need a break from the city?". The built-in writer asks it to
choose among a frame's options, among hooks, and whether a list of fragments reads better as one sentence.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import numpy as np

from pipeline.errors import InputError, LLMError

JUDGE_VERSION = 4
CONTEXT = {"zh": "下面是一条短视频广告的口播文案中的一句：\n", "en": "Here is one line from a short video ad's voice-over:\n",
           "ja": "以下はショート動画広告のナレーションの一文です：\n"}
JOIN_ASK = {
    "en": "Join the selling points the user gives into ONE short, natural English sentence for a spoken video ad. "
          "Keep every word and every number exactly as given, in the same order; add only small joining words "
          "(and, with, plus, it's, that). Do not add any fact. Answer with the sentence only.",
    "zh": "把用户给的几个卖点连成一句自然、口语化的中文短视频广告文案。每个词和数字都原样保留、顺序不变，只能加“、”“和”“还”“也”"
          "这样的连接字，不许加任何新的事实。只回答这一句话。",
    "ja": "ユーザーが挙げる訴求点を、動画広告のナレーションとして自然な日本語の一文にまとめてください。言葉と数字はそのまま、順番も変えず、"
          "つなぎの言葉だけを足し、新しい事実は足さないこと。その一文だけを答えてください。",
}
ANSWER = {"zh": "观众问：{q}\n广告回答：", "en": "The viewer asks: {q}\nThe ad answers: ",
          "ja": "視聴者の質問：{q}\n広告の答え："}
_JUDGES: dict[str, object] = {}
_LOCK = threading.Lock()


def _load(path: Path, threads: int | None):
    key = str(path)
    with _LOCK:
        if key not in _JUDGES:
            os.environ.setdefault("OMP_WAIT_POLICY", "passive")
            try:
                from llama_cpp import Llama
            except ImportError:
                raise InputError("--llm local needs llama.cpp: pip install -e '.[local]' (it compiles, ~10 min on 2 "
                                 "cores)") from None
            try:
                _JUDGES[key] = Llama(model_path=key, n_ctx=512, n_batch=512, logits_all=True, seed=0, verbose=False,
                                     n_threads=threads or os.cpu_count() or 2)
            except (ValueError, RuntimeError, OSError) as e:
                raise LLMError(f"could not load {path} with llama.cpp ({e}); pass a valid GGUF with --llm-model") from None
        return _JUDGES[key]


class LocalJudge:
    """Mean per-token surprisal of lines under the packaged model (lower reads better)."""

    name = "local"

    def __init__(self, model: str | None = None, threads: int | None = None, **_: object):
        from pipeline.backends.llm.packaged_model import file_sha256, packaged_model

        if model:
            path = Path(model).expanduser()
            if not path.is_file():
                raise InputError(f"--llm-model {model}: no such file; give a .gguf model file")
            self.path, self.sha256 = path, file_sha256(path)
        else:
            self.path, self.sha256 = packaged_model()
        self.threads = threads
        self._cache: dict[tuple[str, str], float] = {}      # (context, line) -> surprisal
        self.calls = 0

    def cache_key(self) -> list:
        return ["judge", self.sha256, JUDGE_VERSION]

    def scores(self, lines: list[str], lang: str) -> list[float]:
        return self._many(lines, lang, CONTEXT.get(lang, CONTEXT["en"]))

    def score(self, line: str, lang: str) -> float:
        return self.scores([line], lang)[0]

    def join(self, items: list[str], lang: str) -> str | None:
        """The selling points as one spoken sentence, written by the model (greedy), or None. The caller keeps it
        only when every word and number of every item survives and it reads better than the list."""
        from pipeline.backends.llm.llama_runtime import load_llama

        llm = load_llama(self.path, self.threads)
        ask = JOIN_ASK.get(lang, JOIN_ASK["en"])
        with _LOCK:
            out = llm.create_chat_completion(
                messages=[{"role": "system", "content": ask}, {"role": "user", "content": "\n".join(items)}],
                temperature=0.0, max_tokens=80, seed=0)
        self.calls += 1
        text = (out["choices"][0]["message"]["content"] or "").strip().strip('"“”').split("\n")[0].strip()
        return text or None

    def relevance(self, question: str, lines: list[str], lang: str) -> list[float]:
        """How much each line answers a question: its surprisal after a neutral context minus its surprisal right
        after the question (nats per token; above zero the question makes the line more expected)."""
        plain = self.scores(lines, lang)
        asked = self._many(lines, lang, ANSWER.get(lang, ANSWER["en"]).format(q=question))
        return [a - b for a, b in zip(plain, asked)]

    def _many(self, lines: list[str], lang: str, context: str) -> list[float]:
        """Mean surprisal of each line after `context`: the context is evaluated once and its KV cells kept; each
        line is evaluated after it (llama.cpp drops the previous line's cells)."""
        todo = [x for x in dict.fromkeys(lines) if (context, x) not in self._cache]
        if todo:
            llm = _load(self.path, self.threads)
            with _LOCK:
                head = llm.tokenize(context.encode("utf-8"), add_bos=True)
                if getattr(llm, "_judge_head", None) != head:
                    llm.reset()
                    llm.eval(head)
                    llm._judge_head = head
                last = np.asarray(llm.scores[len(head) - 1], dtype=np.float64)
                for line in todo:
                    toks = llm.tokenize(line.encode("utf-8"), add_bos=False, special=False)[: 480 - len(head)]
                    if not toks:
                        self._cache[(context, line)] = 0.0
                        continue
                    llm.n_tokens = len(head)
                    llm.eval(toks)
                    rows = np.vstack([last[None, :],
                                      np.asarray(llm.scores[len(head): len(head) + len(toks) - 1], dtype=np.float64)])
                    rows = rows - rows.max(axis=1, keepdims=True)
                    logz = np.log(np.exp(rows).sum(axis=1))
                    picked = rows[np.arange(len(rows)), toks]
                    self._cache[(context, line)] = float(np.mean(logz - picked))
                    self.calls += 1
                llm.n_tokens = len(head)
        return [self._cache[(context, x)] for x in lines]
