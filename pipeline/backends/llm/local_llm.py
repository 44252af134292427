"""`--llm local`: a language model on this machine through llama.cpp (extra: genvideo[local]).

The default model is the packaged Qwen2.5-Coder-1.5B-Instruct GGUF (see packaged_model.py); --llm-model
takes any other GGUF file. The model writes what a small model writes well and a template cannot: the
hook and the benefit lines, in the audience's register, constrained by a JSON Schema grammar so every
answer parses. The parts a small model gets wrong and a script cannot do without come from the built-in
writer's grammar: the product named with what it is (second sentence), the offer as one story, the call
to action that fits the category. Every model line is checked on its own (numbers and awards only from
the brief, Chinese numerals included, no claims, length) and dropped when it fails; N candidates are
sampled (decoded side by side, see llama_runtime.py) and the one that keeps most of the model's words and
fits the time best is used. When no
candidate gives a usable hook and two lines, the built-in script is used and the notes say so.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

from pipeline.backends.llm.base import SpeechEstimate
from pipeline.backends.llm.builtin import BuiltinCopywriter, place_images
from pipeline.backends.llm.llama_runtime import (chat_prompt, json_grammar, load_llama, perf_read, perf_reset,
                                                  side_by_side_context)
from pipeline.errors import InputError
from pipeline.model.brief import Brief
from pipeline.model.script import Pacing, Script, ScriptScene

PROMPT_VERSION = 8                        # 8: unpaired quote marks dropped from model lines
MAX_LINE = {"zh": 32, "en": 22}           # characters (zh) / words (en) in one spoken line
MAX_HOOK = {"zh": 20, "en": 12}           # a hook is short (COPY.md: <= 15 characters / 8 words, with slack)
MIN_GROUNDING = {"zh": 0.5, "en": 0.3}
# JSON Schema maxLength per line, in characters. Chinese lines over MAX_LINE are cut back to whole clauses
# anyway, so letting the model run on to 60 characters only spent tokens (the zh median was 24.8 s/script)
LINE_CAP = {"zh": 44, "en": 140}
HOOK_CAP = {"zh": 26, "en": 70}    # share of a line's characters / content words found in the brief
# a Chinese clause that cannot end a sentence: it ends on a preposition or conjunction, is a "...时" clause, or
# is 让 + "your hair" with nothing done to it
DANGLING_ZH = r"([在让把被给对从向和与及将跟并或]|(?<![小及准随同按当定])时|让[您你我他她]们?的[^，,；;。！？!?]{1,2})[。.]?$"
DANGLING_EN = (r"\b(the|a|an|to|of|and|or|but|your|my|our|their|his|her|its|with|for|in|on|at|by|from|into|that|than"
               r"|as|so|because|when|where|which|who|is|are|was|were|be|can|will|would)[.,;:]?$")
EN_STOP = set("the a an and or but with for your you our this that these those are is was were be been have has "
              "had will can just more than from into onto over under about every each some any it its they them "
              "their there here what when where who how why not no yes all also very really make makes made get "
              "gets got feel feels like need needs want wants".split())


def _number_units(text: str) -> set[tuple[str, str]]:
    """(value, unit) of every number followed by a measure word, Arabic or Chinese numerals alike."""
    import cn2an

    out = set()
    for m in re.finditer(r"(\d+(?:\.\d+)?|[零一二两三四五六七八九十百千万]+)\s?([点个小时分钟天周年月元块倍折人杯袋盒克斤%％])", text):
        num = m.group(1)
        if not num[0].isdigit():
            try:
                num = str(cn2an.cn2an(num, "smart"))
            except (ValueError, KeyError):
                continue
        out.add((num.rstrip("0").rstrip(".") if "." in num else num, m.group(2)))
    return out


def grounding(line: str, corpus: str, lang: str) -> float:
    """How much of a line is the brief's own vocabulary (1 = all of it)."""
    if lang == "zh":
        chars = [c for c in line if "\u4e00" <= c <= "\u9fff"]
        return sum(c in corpus for c in chars) / len(chars) if chars else 1.0
    words = [w for w in re.findall(r"[a-z]+", line.lower()) if len(w) > 2 and w not in EN_STOP]
    low = corpus.lower()
    return sum(w[:5] in low for w in words) / len(words) if words else 1.0

SYSTEM = {
    "zh": ("你是资深短视频广告文案，写抖音、小红书、视频号的口播。\n"
           "规则：\n"
           "1. 只用【产品资料】里的事实。不准编造数字、价格、时间、销量、奖项、认证、功效；资料里没有的就不写。\n"
           "2. 不用绝对化用语（最、第一、顶级、100%、保证、根治）。\n"
           "3. hook 是开头第一句，不超过15个字，说观众自己的处境，不提品牌。\n"
           "4. lines 每句只讲一个卖点，把卖点说成观众得到的好处；句式要有变化，不要“另外”“还有”开头。\n"
           "5. 不写产品名、价格、优惠和行动号召（这些另有安排）。\n"
           "6. 口语、自然、通顺的简体中文。\n"
           "只输出 JSON：{\"hook\": 开头句, \"lines\": [卖点句, ...]}"),
    "en": ("You are a senior short-video ad copywriter (TikTok, Reels, Shorts).\n"
           "Rules:\n"
           "1. Use ONLY facts from the brief. Never invent numbers, prices, times, reviews, awards, results.\n"
           "2. No superlatives or absolute claims (best, #1, perfect, guaranteed, cures).\n"
           "3. hook: the first line, at most 8 words, about the viewer's situation, not the brand.\n"
           "4. lines: one selling point each, said as what the viewer gets; vary how lines start; "
           "fragments are fine, broken grammar is not.\n"
           "5. Do not write the product name, prices, offers or a call to action (they are added separately).\n"
           "6. Natural spoken English.\n"
           'Output JSON only: {"hook": first line, "lines": [line, ...]}'),
}
HOOK_ASK = {
    "pain": {"zh": "用观众的痛点发问", "en": "a question about the viewer's pain point"},
    "persona": {"zh": "直接点名目标人群", "en": "call out the audience by name"},
    "benefit": {"zh": "直接说出最大的好处（不用“最”字）", "en": "a bold statement of the main benefit"},
    "number": {"zh": "用资料里的一个数字制造好奇", "en": "a number from the brief that makes people curious"},
    "scenario": {"zh": "描述一个场景（当你……的时候）", "en": "a POV scene (\"POV: ...\")"},
    "plain": {"zh": "一句自然的开场", "en": "a simple, natural opener"},
}
REGISTER = {
    "high": {"zh": "年轻、口语、有网感，句子短", "en": "young, casual, platform-native, short lines"},
    "medium": {"zh": "清楚自然", "en": "clear and natural"},
    "calm": {"zh": "语气亲切稳重，称呼用“您”，一句一个重点，不用网络流行语",
             "en": "calm, warm and clear; one point per line; no slang"},
}


def _schema(n_lines: int, lang: str) -> dict:
    cap = LINE_CAP[lang]                       # a loose cap: maxLength cuts words off, so the prompt sets length
    return {"type": "object", "additionalProperties": False, "required": ["hook", "lines"],
            "properties": {"hook": {"type": "string", "maxLength": HOOK_CAP[lang]},
                           "lines": {"type": "array", "minItems": n_lines, "maxItems": n_lines,
                                     "items": {"type": "string", "maxLength": cap}}}}


def repeats(line: str, said: str, name: str) -> bool:
    """Whether a line mostly says again what the script already says (the grammar's sentence naming the
    product, which often quotes the brief's description): 60% of its character 3-grams, the product's name
    left out, are in `said`."""
    from pipeline.batch import _ngrams

    grams = _ngrams(line.replace(name, " "))
    return bool(grams) and len(grams & _ngrams(said.replace(name, " "))) >= 0.6 * len(grams)


def _max_tokens(n_lines: int, lang: str) -> int:
    return n_lines * (48 if lang == "zh" else 40) + 64


def _parsed(text: str, stat: dict) -> tuple[dict, dict]:
    """The answer's JSON (empty when it does not parse) and its stats with the raw text."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        data = {}
    parsed = isinstance(data, dict) and "hook" in data
    return (data if parsed else {}), {**stat, "raw": text, "parsed": parsed}


class LocalWriter:
    name = "local"
    offline = True

    def __init__(self, model: str | None = None, candidates: int = 3, temperature: float = 0.8,
                 threads: int | None = None, side_by_side: bool = True, **_: object):
        from pipeline.backends.llm.packaged_model import file_sha256, packaged_model

        if model:
            path = Path(model).expanduser()
            if not path.is_file():
                raise InputError(f"--llm-model {model}: no such file; give a .gguf model file")
            self.path, self.sha256 = path, file_sha256(path)
        else:
            self.path, self.sha256 = packaged_model()
        self.candidates = max(1, int(candidates))
        self.temperature, self.threads = temperature, threads
        self.side_by_side = side_by_side        # False: one candidate after another (bench_llm --one-by-one)
        self.stats: list[dict] = []

    def cache_key(self) -> list:
        return ["local", self.sha256, self.candidates, self.temperature, PROMPT_VERSION,
                *([] if self.side_by_side else ["one-by-one"])]

    # ------------------------------------------------------------------ prompting

    def messages(self, brief: Brief, pacing: Pacing, hook_kind: str, n_lines: int) -> list[dict]:
        lang, p, per = brief.lang, brief.product, brief.persona
        ages = f"{per.age_range[0]}-{per.age_range[1]}" if per.age_range else ""
        if lang == "zh":
            user = (f"【产品资料】（唯一可用的事实）\n产品：{p.name}\n介绍：{p.description}\n"
                    f"卖点：{'；'.join(p.features) or '（见介绍）'}\n"
                    f"【目标人群】{per.name or '大众'}{f'（{ages}岁）' if ages else ''}；"
                    f"痛点：{'、'.join(per.pain_points) or '无'}；兴趣：{'、'.join(per.interests) or '无'}\n"
                    f"【说话方式】{REGISTER[pacing.energy]['zh']}\n"
                    f"【开头】hook {HOOK_ASK[hook_kind]['zh']}\n"
                    f"【要求】写 {n_lines} 句 lines，每句不超过20个字。")
        else:
            user = (f"BRIEF (the only facts you may use)\nProduct: {p.name}\nDescription: {p.description}\n"
                    f"Selling points: {'; '.join(p.features) or '(see description)'}\n"
                    f"Audience: {per.name or 'general'}{f' (ages {ages})' if ages else ''}; "
                    f"pain points: {'; '.join(per.pain_points) or 'none'}; interests: {', '.join(per.interests) or 'none'}\n"
                    f"Register: {REGISTER[pacing.energy]['en']}\n"
                    f"Hook: {HOOK_ASK[hook_kind]['en']}\n"
                    f"Write exactly {n_lines} lines, each at most 12 words.")
        return [{"role": "system", "content": SYSTEM[lang]}, {"role": "user", "content": user}]

    def answers(self, messages: list[dict], n_lines: int, lang: str, seeds: list[int]) -> list[tuple[dict, dict]]:
        """One parsed answer per seed with its stats, all candidates decoded side by side (a GGUF without a chat
        template: one after another through create_chat_completion). The shared costs (seconds, prompt
        tokens, decoding) are the first candidate's; every candidate has its own tokens and raw text."""
        llm = load_llama(self.path, self.threads)
        prompt = chat_prompt(llm, messages) if self.side_by_side else None
        if prompt is None:
            return [self.complete(messages, n_lines, lang, seed) for seed in seeds]
        out, cost = side_by_side_context(llm, len(seeds)).sample(
            prompt, json_grammar(_schema(n_lines, lang)), seeds, self.temperature, 0.95, _max_tokens(n_lines, lang))
        return [_parsed(llm.detokenize(tokens).decode("utf-8", errors="ignore"),
                        {**(cost if i == 0 else {"seconds": 0.0}), "tokens": len(tokens), "side_by_side": len(seeds)})
                for i, tokens in enumerate(out)]

    def complete(self, messages: list[dict], n_lines: int, lang: str, seed: int) -> tuple[dict, dict]:
        """One answer through llama-cpp-python's chat completion."""
        llm = load_llama(self.path, self.threads)
        t = time.perf_counter()
        perf_reset(llm)
        out = llm.create_chat_completion(
            messages=messages, temperature=self.temperature, top_p=0.95, seed=seed,
            max_tokens=_max_tokens(n_lines, lang),
            response_format={"type": "json_object", "schema": _schema(n_lines, lang)})
        text = out["choices"][0]["message"]["content"]
        return _parsed(text, {"seconds": round(time.perf_counter() - t, 2),
                              "tokens": out.get("usage", {}).get("completion_tokens"), **perf_read(llm),
                              "resampled": getattr(llm.last_sampler, "resampled", None)})

    # ------------------------------------------------------------------ checking lines

    def _line_ok(self, line: str, brief: Brief, lang: str, taken: list[str], hook: bool = False) -> str | None:
        """The line, cleaned, if it may be used; None if it breaks a rule."""
        from pipeline.copy.checks import _brief_corpus, screen_line

        line = re.sub(r"\s+", " ", str(line or "")).strip().strip('"“”')
        if lang == "zh":
            # the end of the line before, carried over ("…一家三口能吃三" / "顿。零下18度急冻锁鲜…")
            line = re.sub(r"^[\u4e00-\u9fff]{1,2}[。.]\s*", "", line).lstrip("，,。.；;、 ")
        if len(line) >= (HOOK_CAP if hook else LINE_CAP)[lang] - 1:
            # cut off by maxLength: keep its complete sentences, else its complete clauses (what follows the last
            # sentence is unfinished: "Are you tired of X? Don't let foot traffic," keeps the question)
            # (an English clause before a comma is rarely a whole thought: "Stuck in a job, what's a 12-week")
            m = re.match(r"^(.*[。！？!?.])", line) or (re.match(r"^(.*[，,；;])", line) if lang == "zh" else None)
            line = m.group(1) if m else ""
        line = line.rstrip("；;，,、 ")
        # a quote mark whose partner was cut off or never written goes ("看番总得等字幕…又忘了”。")
        for a, b in (("“", "”"), ("「", "」"), ("‘", "’")):
            if line.count(a) != line.count(b):
                line = line.replace(a, "").replace(b, "")
        if line.count('"') % 2:
            line = line.replace('"', "")
        if not line or len(line) < 3:
            return None
        limit = MAX_LINE[lang] if not hook else MAX_HOOK[lang]
        size = (lambda t: len(re.sub(r"[\W_]", "", t)) if lang == "zh" else len(t.split()))
        if size(line) > limit:
            # a run-on line: keep its first clauses while they fit (a small model strings selling points together)
            clauses = [c for c in re.split(r"(?<=[，,；;])\s*|\s+[—–]\s+", line) if c.strip()]
            kept = ""
            for c in clauses:
                if size(kept + c) > limit:
                    break
                kept += c if lang == "zh" else (" " + c if kept else c)
            line = kept.rstrip("，,；; ")
            if not line or size(line) < 4:
                return None
        if lang == "zh" and re.search(DANGLING_ZH, line):
            # its last clause breaks off mid-phrase ("断网也能开单，让您在", "账单到半夜时"): keep the clauses before it
            m = re.match(r"^(.*)[，,；;]", line)
            line = m.group(1).rstrip("，,；; ") if m else ""
            if size(line) < 4:
                return None
        if lang == "en" and (re.match(r"(and|or|but|so|because|which|than)\b|[a-z][\w'-]*[?!.,]", line)
                             or re.search(DANGLING_EN, line)):
            return None                        # a sentence the model split over two lines ("...makes your" / "phone? It's")
        corpus = _brief_corpus(brief)
        nums = set(re.findall(r"\d+(?:\.\d+)?", corpus.replace(",", "")))
        if any(n not in nums for n in re.findall(r"\d+(?:\.\d+)?", line.replace(",", ""))):
            return None
        if lang == "zh":
            # 凌晨四点 is a number too, and it must be the brief's number of the same thing (4人 is not 4点)
            pairs = _number_units(corpus)
            for value, unit in _number_units(line):
                if (value, unit) not in pairs:
                    return None
        if screen_line(line, brief):
            return None
        if grounding(line, corpus, lang) < MIN_GROUNDING[lang]:
            return None                    # mostly words the brief never uses: likely an invented quality
        if re.search(r"award|prize|certified|patent|获奖|认证|专利|冠军", line, re.I) and not re.search(
                r"award|prize|certified|patent|获奖|认证|专利|冠军", corpus, re.I):
            return None
        from pipeline.batch import similarity

        if any(similarity(line, t) > 0.6 for t in taken):
            return None
        if lang == "zh" and not re.search(r"[。！？!?]$", line):
            line += "。"
        if lang == "en" and not re.search(r"[.!?]$", line):
            line += "."
        if lang == "en" and re.match(r"[a-z]+\b", line):
            line = line[0].upper() + line[1:]  # "practical talks." is a caption and a sentence: capitalised
        return line

    # ------------------------------------------------------------------ writing

    def write(self, brief: Brief, pacing: Pacing, speech_budget_s: float, estimate: SpeechEstimate) -> Script:
        from pipeline.copy.checks import check_script

        lang = brief.lang
        base = BuiltinCopywriter().write(brief, pacing, speech_budget_s, estimate)
        if lang not in SYSTEM:     # the model's prompts and line checks are written for zh and en
            return base.model_copy(update={"notes": [*base.notes, f"the local model writes zh and en; this {lang} "
                                                     "script is the built-in copywriter's"]})
        hook_scene = next((s for s in base.scenes if s.kind == "hook"), None)
        intro = next(s for s in base.scenes if s.kind == "intro")
        tail = [s for s in base.scenes if s.kind in ("offer", "cta")]
        fixed = [x for x in (hook_scene, intro, *tail) if x]
        pause = pacing.sentence_pause_s
        room = speech_budget_s - sum(estimate(s.narration) + pause for s in fixed)
        per_line = 2.6 if pacing.energy != "calm" else 3.4
        n_lines = max(1, min(5, round(room / per_line)))
        hook_kind = brief.hook_style or ("pain" if brief.persona.pain_points else
                                         "persona" if brief.persona.name else "benefit")
        messages = self.messages(brief, pacing, hook_kind, n_lines)
        best, self.stats = None, []
        seeds = [brief.seed * 101 + i for i in range(self.candidates)]
        for i, (data, stat) in enumerate(self.answers(messages, n_lines, lang, seeds)):
            taken: list[str] = []
            hook = self._line_ok(data.get("hook", ""), brief, lang, taken, hook=True) if stat["parsed"] else None
            hook = None if hook and repeats(hook, intro.narration, brief.product.name) else hook
            lines = []
            for raw in (data.get("lines") or [])[:n_lines] if stat["parsed"] else []:
                ok = self._line_ok(raw, brief, lang, taken + lines + ([hook] if hook else []))
                if ok and not repeats(ok, intro.narration, brief.product.name):
                    lines.append(self._register(ok, pacing, lang))
            hook = self._register(hook, pacing, lang) if hook else None
            scenes = [ScriptScene(kind="hook", narration=hook, on_screen=brief.product.name) if hook else hook_scene,
                      intro]
            scenes = [s for s in scenes if s]
            body = [ScriptScene(kind="feature", narration=ln) for ln in lines]
            while body and sum(estimate(s.narration) + pause for s in scenes + body + tail) - pause > speech_budget_s:
                body.pop()
            script = base.model_copy(update={"scenes": scenes + body + tail, "writer": self.name})
            problems = check_script(script, brief)
            used = (1 if hook else 0) + len(body)
            est = sum(estimate(s.narration) for s in script.scenes) + pause * (len(script.scenes) - 1)
            stat.update({"hook_used": bool(hook), "lines_used": len(body), "lines_asked": n_lines,
                         "problems": problems, "fit": round(est / speech_budget_s, 3)})
            self.stats.append(stat)
            # usable: the model's own lines carry the body; its hook is a bonus (a small model's hooks run long,
            # and then the grammar's hook is kept)
            usable = not problems and (len(body) >= min(2, n_lines) or (hook is not None and len(body) >= 1)
                                       or (hook is not None and n_lines <= 1))
            score = (usable, used, -abs(1 - est / speech_budget_s))
            if usable and (best is None or score > best[0]):
                best = (score, script, i)
        if best is None:
            note = (f"local model gave no usable lines in {self.candidates} candidate(s) "
                    f"({'; '.join(str(s.get('problems') or 'lines failed the checks') for s in self.stats)[:300]}); "
                    "built-in writer's script used")
            return base.model_copy(update={"notes": [note, *base.notes], "writer": "builtin"})
        _, script, i = best
        secs = sum(s["seconds"] for s in self.stats)
        note = (f"written by the local model ({self.path.name}): candidate {i + 1} of {self.candidates}, "
                f"{self.stats[i]['lines_used']} of {n_lines} lines kept, "
                f"{'its hook' if self.stats[i]['hook_used'] else 'the grammar hook'}, {secs:.0f} s")
        return script.model_copy(update={"notes": [note],
                                         "scenes": place_images(script.scenes, len(brief.product.images))})

    @staticmethod
    def _register(line: str, pacing: Pacing, lang: str) -> str:
        """Register rules a small model does not keep: a calm Chinese script says 您 throughout."""
        if lang == "zh" and pacing.energy == "calm":
            return line.replace("你们", "您").replace("你", "您")
        return line
