"""Backend lookup by name. Built-in backends register the same way third-party ones would."""

from __future__ import annotations

import difflib
import threading
from collections.abc import Callable
from importlib.metadata import entry_points

from pipeline.errors import InputError

_TTS: dict[str, Callable[[], object]] = {}
_LLM: dict[str, Callable[[], object]] = {}
_instances: dict[tuple[str, str], object] = {}
_loading = threading.RLock()    # studio workers look backends up from several threads at once
_loaded = threading.Event()


def register_tts(name: str, factory: Callable[[], object]) -> None:
    _TTS[name] = factory


def register_llm(name: str, factory: Callable[[], object]) -> None:
    _LLM[name] = factory


def _load_builtins() -> None:
    """Fill the tables once; every other thread waits until they are full (not merely started)."""
    if _loaded.is_set():
        return
    with _loading:
        if not _loaded.is_set():
            _register_builtins()
            _loaded.set()


def _register_builtins() -> None:
    from pipeline.copy.writer import Copywriter
    from pipeline.backends.tts.gtts import GoogleTTS
    from pipeline.backends.tts.kokoro import KokoroTTS
    from pipeline.backends.tts.piper import PiperTTS

    register_tts("piper", PiperTTS)
    register_tts("kokoro", KokoroTTS)
    register_tts("gtts", GoogleTTS)
    from pipeline.backends.llm.local_llm import local_writer
    from pipeline.backends.llm.openai_llm import OpenAIWriter
    from pipeline.backends.llm.transformers_llm import TransformersWriter

    register_llm("builtin", Copywriter)
    register_llm("local", local_writer)
    register_llm("transformers", TransformersWriter)
    register_llm("openai", OpenAIWriter)
    # Third-party backends: entry points in the "genvideo.tts" / "genvideo.llm" groups.
    for group, table in (("genvideo.tts", _TTS), ("genvideo.llm", _LLM)):
        for ep in entry_points(group=group):
            table.setdefault(ep.name, ep.load())


def _get(kind: str, table: dict, name: str):
    _load_builtins()
    if name not in table:
        near = difflib.get_close_matches(name, list(table), n=3, cutoff=0.4)
        hint = f" Did you mean {', '.join(near)}?" if near else ""
        raise InputError(f"unknown {kind} backend {name!r}.{hint} Available: {', '.join(sorted(table))}")
    key = (kind, name)
    if key not in _instances:
        with _loading:
            if key not in _instances:
                _instances[key] = table[name]()
    return _instances[key]


def get_tts(name: str):
    """The TTS backend called `name` (one shared instance per process)."""
    return _get("tts", _TTS, name)


def get_llm(name: str, options: dict | None = None, fallback: str | None = None):
    """The script-writing backend called `name`, built with its options; wrapped to fall back if asked."""
    _load_builtins()
    if name not in _LLM:
        _get("llm", _LLM, name)  # raises with suggestions
    opts = {k: v for k, v in (options or {}).items() if v is not None}
    writer = _LLM[name](**opts) if opts else _get("llm", _LLM, name)
    if fallback and fallback != name:
        from pipeline.backends.llm.model_writer import FallbackWriter

        writer = FallbackWriter(writer, get_llm(fallback))
    return writer


def default_tts_name(lang: str, gender: str | None = None) -> str:
    """The backend of the measured default voice for a language (and gender)."""
    from pipeline.backends.tts.voices import default

    return default(lang, gender).backend


def resolve_voice(lang: str, tts: str | None, voice: str | None, gender: str | None) -> tuple[str, str]:
    """(speech backend, voice) from what the user asked: a backend, a voice, a gender, or nothing."""
    from pipeline.backends.tts.voices import default

    if voice:
        return tts or backend_for_voice(voice, lang) or default_tts_name(lang, gender), voice
    if tts:
        return tts, get_tts(tts).default_voice(lang)
    d = default(lang, gender)
    return d.backend, d.name


def speak(text: str, lang: str, voice: str | None = None):
    """(audio, sample rate, voice, backend name) of one text said by a voice, through the script's spoken form."""
    from pipeline.text.spoken import to_spoken

    backend, name = resolve_voice(lang, None, voice, None)
    tts = get_tts(backend)
    audio, rate = tts.synthesize(to_spoken(text, lang), lang, name, 1.0)
    return audio, rate, name, tts.name


def check_voice(voice: str, lang: str, tts_name: str, given: str) -> None:
    """Refuse a voice that does not exist or does not speak the language, before any work starts, naming where it
    was given (`--voice`, or the brief's `voice` field)."""
    from pathlib import Path

    from pipeline.backends.tts.voices import catalogue

    if voice.endswith((".onnx", ".npy", ".bin")) or "/" in voice:
        if not Path(voice).expanduser().is_file():
            raise InputError(f"{given} = {voice!r}: no such voice file; give a voice name (`genvideo voices --lang "
                             f"{lang}` lists them) or the path of a Kokoro .npy/.bin or Piper .onnx file")
        return
    tts = get_tts(tts_name)
    known = tts.voices() if hasattr(tts, "voices") else None
    if known is not None and voice not in known:
        names = sorted({v.name for v in catalogue() if v.lang == lang} | set(known))
        near = difflib.get_close_matches(voice, names, n=3, cutoff=0.5)
        hint = f"did you mean {', '.join(near)}? " if near else ""
        raise InputError(f"{given} = {voice!r}: no such {tts_name} voice; {hint}`genvideo voices --lang {lang}` "
                         "lists them")
    if lang not in tts.languages():
        raise InputError(f"{given} = {voice!r}: a {tts_name} voice, which does not speak {lang!r}; choose a {lang} "
                         f"voice (`genvideo voices --lang {lang}`)")


def backend_for_voice(voice: str, lang: str) -> str | None:
    """Which backend speaks a named voice (or voice file); None when the catalogue does not know it."""
    from pipeline.backends.tts.voices import find

    if voice.endswith(".onnx"):
        return "piper"
    if voice.endswith((".npy", ".bin")):
        return "kokoro"
    v = find(voice)
    return v.backend if v else None


def list_backends() -> dict[str, list[str]]:
    _load_builtins()
    return {"tts": sorted(_TTS), "llm": sorted(_LLM)}


LLM_ABOUT = {"builtin": "offline  the brief's own sentences, told in an order that sells (default)",
             "local": "offline  the built-in writer judged by the packaged Qwen2.5 1.5B GGUF (extra: local)",
             "transformers": "offline  local model via transformers: --llm-model PATH|smollm2 (extra: llm)",
             "openai": "network  OpenAI-compatible endpoint: --llm-base-url URL --llm-model NAME"}


def describe_llm(name: str) -> str:
    """One line on what a script backend is (a third-party one: its module)."""
    if name in LLM_ABOUT:
        return LLM_ABOUT[name]
    factory = _LLM.get(name)
    return f"plug-in  {getattr(factory, '__module__', '?')}"
