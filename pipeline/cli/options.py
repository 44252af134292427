"""The option sets several commands share, defined once: where runs go, which platforms, which voice, which
script writer. Each set arrives in the command as one value (`Out`, `Speech`, `Writer`), not a row of flags."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import click


def llm_options_for(llm: str, model: str | None = None, base_url: str | None = None,
                    api_key_env: str = "OPENAI_API_KEY", timeout: float = 60.0) -> dict:
    """The options each script backend takes, from the command line's --llm-* flags."""
    if llm == "transformers":
        return {"model": model}
    if llm == "openai":
        return {"model": model, "base_url": base_url, "api_key_env": api_key_env, "timeout_s": timeout}
    if llm == "local":
        return {"model": model}
    return {}


@dataclass(frozen=True)
class Writer:
    """--llm and its flags: which writer writes the words."""

    name: str
    options: dict
    fallback: str | None

    def settings(self) -> dict:
        """As MakeSettings and campaigns take it."""
        return {"llm": self.name, "llm_options": self.options, "llm_fallback": self.fallback}


@dataclass(frozen=True)
class Speech:
    """--tts and --voice."""

    tts: str | None
    voice: str | None


def _compose(options: list, collect):
    """A decorator adding `options` to a command and handing their values to it as one argument."""
    def decorate(f):
        @functools.wraps(f)
        def wrapper(*args, **kw):
            return f(*args, **collect(kw))
        for opt in reversed(options):
            wrapper = opt(wrapper)
        return wrapper
    return decorate


WRITER_OPTIONS = [
    click.option("--llm", default="builtin", show_default=True, envvar="GENVIDEO_LLM",
                 help="Script writer: builtin, local (the built-in writer judged by the packaged Qwen2.5 1.5B), "
                      "transformers, openai."),
    click.option("--llm-model", default=None, envvar="GENVIDEO_LLM_MODEL",
                 help="local: a .gguf file (default: the packaged model); transformers: model folder, .gguf or "
                      "'smollm2'; openai: model name."),
    click.option("--llm-base-url", default=None, envvar="GENVIDEO_LLM_BASE_URL",
                 help="openai: endpoint base URL, e.g. http://localhost:11434/v1 for Ollama."),
    click.option("--llm-api-key-env", default="OPENAI_API_KEY", show_default=True,
                 help="openai: name of the environment variable holding the API key."),
    click.option("--llm-timeout", type=float, default=60.0, show_default=True, help="openai: seconds per request."),
    click.option("--llm-fallback", type=click.Choice(["builtin"]), default=None,
                 help="If the model gives no usable script, write with the built-in writer (noted in the report)."),
]


def _writer(kw: dict) -> dict:
    name, fallback = kw.pop("llm"), kw.pop("llm_fallback")
    options = llm_options_for(name, kw.pop("llm_model"), kw.pop("llm_base_url"), kw.pop("llm_api_key_env"),
                              kw.pop("llm_timeout"))
    kw["writer"] = Writer(name, options, fallback)
    return kw


def _speech(kw: dict) -> dict:
    tts, voice = kw.pop("tts"), kw.pop("voice")
    kw["speech"] = Speech(tts, voice)
    return kw


writer_options = _compose(WRITER_OPTIONS, _writer)
speech_options = _compose([
    click.option("--tts", default=None, envvar="GENVIDEO_TTS", help="Speech backend: piper, kokoro, gtts "
                                                                    "(default: by language)."),
    click.option("--voice", default=None, help="Voice name (genvideo voices) or a voice file."),
], _speech)


def out_option(help_text: str = "Output root; runs go to OUT/<product>/<run-id>/."):
    return click.option("--out", "out_root", type=click.Path(path_type=Path), default=Path("outputs"),
                        show_default=True, envvar="GENVIDEO_OUT", help=help_text)


platforms_option = click.option("--platform", "platforms", multiple=True,
                                help="Override the brief's platforms (repeatable).")
json_option = click.option("--json", "json_out", is_flag=True, help="Print the result as JSON on stdout.")
