"""llama.cpp as the local writer and translator use it: the model loaded once per process, grammar checked
after sampling instead of before, several answers to one prompt decoded side by side, and llama.cpp's own
counts of evaluated tokens.

Grammar last: llama-cpp-python puts the grammar first in its sampler chain, so every step checks all
151,936 vocabulary entries against the JSON grammar (~23 ms a token on 2 cores, a third of decoding).
Here each step samples as if there were no grammar and asks the grammar about that one token; only when
the grammar refuses it is the step sampled again with the grammar over the whole vocabulary. This is
how llama.cpp's own tools sample (common_sampler). Greedy decoding gives the same tokens either way;
at a temperature the kept tokens come from the same truncated distribution.
"""

from __future__ import annotations

import ctypes
import json
import math
import os
import threading
import time
from pathlib import Path

from pipeline.errors import InputError, LLMError

_MODELS: dict[str, object] = {}          # loaded once per process (a batch worker loads it once)
_SIDE_BY_SIDE: dict[str, "SideBySide"] = {}


class GrammarLast:
    """A sampler for llama-cpp-python's Llama: `free` samples, the grammar in `full` vets that one token,
    and `full` (grammar first) samples again only when it is refused."""

    def __init__(self, free, full):
        import llama_cpp

        self.free, self.full, self._c = free, full, llama_cpp
        chain = full.sampler
        self.grammar = next(p for p in (llama_cpp.llama_sampler_chain_get(chain, i)
                                        for i in range(llama_cpp.llama_sampler_chain_n(chain)))
                            if llama_cpp.llama_sampler_name(p) == b"grammar")
        self._one = (llama_cpp.llama_token_data * 1)()
        self._arr = llama_cpp.llama_token_data_array(data=self._one, size=1, selected=-1, sorted=False)
        self.resampled = 0                   # steps whose first token the grammar refused

    def sample(self, ctx, idx: int = -1) -> int:
        c = self._c
        token = c.llama_sampler_sample(self.free.sampler, ctx.ctx, idx)
        self._one[0].id, self._one[0].logit, self._one[0].p = token, 0.0, 0.0
        self._arr.size, self._arr.selected = 1, -1
        c.llama_sampler_apply(self.grammar, ctypes.byref(self._arr))
        if math.isfinite(self._one[0].logit):
            c.llama_sampler_accept(self.full.sampler, token)       # the grammar (and the chain) moves on
            return token
        self.resampled += 1
        token = c.llama_sampler_sample(self.full.sampler, ctx.ctx, idx)   # samples and accepts
        c.llama_sampler_accept(self.free.sampler, token)
        return token


def _grammar_last_class():
    from llama_cpp import Llama

    class GrammarLastLlama(Llama):
        """Llama whose grammar-constrained sampling checks the sampled token instead of the vocabulary."""

        last_sampler = None

        def _init_sampler(self, *args, **kw):
            full = super()._init_sampler(*args, **kw)
            neutral = (kw.get("repeat_penalty", 1.0) == 1.0 and not kw.get("frequency_penalty")
                       and not kw.get("presence_penalty"))
            # penalties would see a refused token; mirostat and Python logits processors keep state of their own
            if (args or kw.get("grammar") is None or kw.get("logits_processor") is not None
                    or kw.get("mirostat_mode") or not neutral):
                return full
            free = super()._init_sampler(**{**kw, "grammar": None})
            self.last_sampler = GrammarLast(free, full)
            return self.last_sampler

    return GrammarLastLlama


def load_llama(path: Path, threads: int | None = None):
    """A llama.cpp model, loaded once per process."""
    key = str(path)
    if key not in _MODELS:
        os.environ.setdefault("OMP_WAIT_POLICY", "passive")   # spinning threads slow decoding 4-15x on shared cores
        try:
            cls = _grammar_last_class()
        except ImportError:
            raise InputError("--llm local needs llama.cpp: pip install -e '.[local]' (it compiles, ~10 min on 2 cores)"
                             ) from None
        try:
            _MODELS[key] = cls(model_path=str(path), n_ctx=2048, n_threads=threads or os.cpu_count() or 2,
                               seed=0, verbose=False)
        except (ValueError, RuntimeError, OSError) as e:
            raise LLMError(f"could not load {path} with llama.cpp ({e}); pass a valid GGUF with --llm-model") from None
    return _MODELS[key]


def perf_reset(llm) -> None:
    """Zero llama.cpp's counters of evaluated tokens (read back by perf_read after a completion)."""
    try:
        from llama_cpp import llama_perf_context_reset

        llama_perf_context_reset(llm._ctx.ctx)
    except (ImportError, AttributeError):
        pass


def perf_read(llm) -> dict:
    """Tokens llama.cpp evaluated since perf_reset and the time each kind took: prompt tokens not found in the
    KV cache (prompt_tokens, prompt_s) and decoded tokens one at a time (decode_tokens, decode_s). Counts do
    not depend on the machine's load; seconds do. What the call took beyond both is sampling and grammar."""
    try:
        from llama_cpp import llama_perf_context

        p = llama_perf_context(llm._ctx.ctx)
    except (ImportError, AttributeError):
        return {}
    return {"prompt_tokens": p.n_p_eval, "prompt_s": round(p.t_p_eval_ms / 1000, 2),
            "decode_tokens": p.n_eval, "decode_s": round(p.t_eval_ms / 1000, 2)}


class SideBySide:
    """Several answers to one prompt, decoded together: each step is one llama.cpp batch holding the next
    token of every unfinished answer. On a CPU a decoding step is bound by reading the weights, not by
    arithmetic, so three tokens in one batch cost ~2x one token (measured on 2 cores: 62 vs 30 ms) instead
    of 3x. The prompt is evaluated once and its KV cells are shared by all answers; the next call re-uses
    the longest common prefix (the system prompt, in a batch of briefs)."""

    def __init__(self, llm, n_seq: int):
        import llama_cpp
        from llama_cpp import _internals

        self.llm, self.n_seq, self._c = llm, n_seq, llama_cpp
        params = llama_cpp.llama_context_default_params()
        params.n_ctx = 1024 + 512 * n_seq
        params.n_batch = params.n_ubatch = 512
        params.n_seq_max = n_seq
        params.kv_unified = True                  # one pool of cells: the answers share the prompt's
        params.n_threads = params.n_threads_batch = llm.context_params.n_threads
        self.ctx = _internals.LlamaContext(model=llm._model, params=params, verbose=False)
        self.batch = _internals.LlamaBatch(n_tokens=params.n_batch, embd=0, n_seq_max=n_seq, verbose=False)
        self.memory = llama_cpp.llama_get_memory(self.ctx.ctx)
        self.vocab = llama_cpp.llama_model_get_vocab(llm._model.model)
        self.cached: list[int] = []               # the prompt whose cells sequence 0 holds
        self._lock = threading.Lock()             # one sampling at a time (studio workers share the model)

    def _fill(self, items: list[tuple[int, int, int, bool]]) -> None:
        b = self.batch.batch
        b.n_tokens = len(items)
        for i, (token, pos, seq, logits) in enumerate(items):
            b.token[i], b.pos[i], b.n_seq_id[i], b.logits[i] = token, pos, 1, logits
            b.seq_id[i][0] = seq

    def _decode(self, items) -> None:
        self._fill(items)
        if self._c.llama_decode(self.ctx.ctx, self.batch.batch) != 0:
            raise LLMError("llama.cpp could not decode a batch (context full?)")
        self._c.llama_synchronize(self.ctx.ctx)   # so that the clock around a decode measures it

    def _prompt(self, tokens: list[int]) -> int:
        """Sequence 0 holds `tokens` with the last one's logits ready; every other sequence is empty.
        Returns how many tokens were evaluated (the rest were in the cache)."""
        c = self._c
        keep = 0
        for a, b in zip(self.cached, tokens):
            if a != b:
                break
            keep += 1
        keep = min(keep, len(tokens) - 1)         # the last token is decoded again for its logits
        for seq in range(1, self.n_seq):
            c.llama_memory_seq_rm(self.memory, seq, -1, -1)
        if not c.llama_memory_seq_rm(self.memory, 0, keep, -1):
            c.llama_memory_clear(self.memory, True)
            keep = 0
        self.cached = []
        step = self.batch._n_tokens
        for start in range(keep, len(tokens), step):
            chunk = tokens[start:start + step]
            self._decode([(t, start + j, 0, start + j == len(tokens) - 1) for j, t in enumerate(chunk)])
        self.cached = list(tokens)
        return len(tokens) - keep

    def sample(self, prompt: list[int], grammar, seeds: list[int], temperature: float, top_p: float,
               max_tokens: int) -> tuple[list[list[int]], dict]:
        """One answer per seed (at most n_seq), each constrained by `grammar` (a LlamaGrammar), and what it took:
        prompt tokens evaluated (not found in the cache), tokens decoded, batches decoded, seconds of each."""
        with self._lock:
            return self._sample(prompt, grammar, seeds, temperature, top_p, max_tokens)

    def _sample(self, prompt, grammar, seeds, temperature, top_p, max_tokens):
        from llama_cpp import _internals

        c = self._c
        n, n_ctx = len(seeds), c.llama_n_ctx(self.ctx.ctx)
        if n > self.n_seq or len(prompt) + n * max_tokens > n_ctx:
            raise LLMError(f"{n} answers of up to {max_tokens} tokens to a prompt of {len(prompt)} tokens do not fit "
                           f"a context of {n_ctx} tokens for {self.n_seq} sequences")

        def chain(seed: int, with_grammar: bool):
            s = _internals.LlamaSampler()
            if with_grammar:
                s.add_grammar(self.llm._model, grammar)
            if temperature <= 0:
                s.add_greedy()
            else:
                s.add_top_k(40)
                s.add_top_p(top_p, 1)
                s.add_min_p(0.05, 1)
                s.add_temp(temperature)
                s.add_dist(seed)
            return s

        samplers = [GrammarLast(chain(seed, False), chain(seed, True)) for seed in seeds]
        t0 = time.perf_counter()
        evaluated = self._prompt(prompt)
        prompt_s = time.perf_counter() - t0
        for seq in range(1, n):
            c.llama_memory_seq_cp(self.memory, 0, seq, -1, -1)
        out: list[list[int]] = [[] for _ in seeds]
        live = {seq: -1 for seq in range(n)}         # sequence -> row of the last batch's logits it samples from
        pos, steps, decode_s = len(prompt), 0, 0.0
        while live:
            step = []
            for seq, row in live.items():
                token = samplers[seq].sample(self.ctx, row)
                if c.llama_vocab_is_eog(self.vocab, token):
                    continue
                out[seq].append(token)
                if len(out[seq]) < max_tokens:
                    step.append((token, pos, seq, True))
            if not step:
                break
            t = time.perf_counter()
            self._decode(step)
            decode_s += time.perf_counter() - t
            live = {seq: i for i, (_, _, seq, _) in enumerate(step)}
            pos, steps = pos + 1, steps + 1
        self.cached = self.cached[:len(prompt)]   # sequence 0 now also holds its answer: only the prompt is reusable
        return out, {"seconds": round(time.perf_counter() - t0, 2), "prompt_tokens": evaluated,
                     "prompt_s": round(prompt_s, 2), "decode_tokens": sum(len(o) for o in out),
                     "decode_steps": steps, "decode_s": round(decode_s, 2),
                     "resampled": sum(s.resampled for s in samplers)}


def json_grammar(schema: dict):
    """The grammar llama-cpp-python makes of a JSON Schema (as create_chat_completion does)."""
    from llama_cpp.llama_grammar import LlamaGrammar

    return LlamaGrammar.from_json_schema(json.dumps(schema), verbose=False)


def chat_prompt(llm, messages: list[dict]) -> list[int] | None:
    """The model's own chat template applied to `messages`, tokenized; None when the GGUF has no template."""
    template = llm.metadata.get("tokenizer.chat_template")
    if not template:
        return None
    from llama_cpp.llama_chat_format import Jinja2ChatFormatter

    model = llm._model
    eos, bos = model.token_eos(), model.token_bos()
    fmt = Jinja2ChatFormatter(template=template, eos_token=model.token_get_text(eos) if eos != -1 else "",
                              bos_token=model.token_get_text(bos) if bos != -1 else "")
    result = fmt(messages=messages)
    return llm.tokenize(result.prompt.encode("utf-8"), add_bos=not result.added_special, special=True)


def forget_prompts(llm) -> None:
    """Drop every cached prompt of this model: the next call evaluates its whole prompt, as a fresh process does."""
    llm.reset()
    have = _SIDE_BY_SIDE.get(str(llm.model_path))
    if have is not None:
        have.cached = []


def side_by_side_context(llm, n_seq: int) -> SideBySide:
    """The model's decoding context for n_seq answers at once (made once, re-made only to grow)."""
    key = str(llm.model_path)
    have = _SIDE_BY_SIDE.get(key)
    if have is None or have.n_seq < n_seq:
        _SIDE_BY_SIDE[key] = have = SideBySide(llm, max(n_seq, 3))
    return have
