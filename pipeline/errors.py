"""Exception tree. Library code raises these; only the CLI turns them into exit codes.

    GenVideoError
    ├── InputError            (exit 2: the user can fix it)
    │   ├── BriefError        a field of the brief is wrong
    │   ├── TemplateError     a template file is wrong
    │   ├── AssetError        an image/logo is missing, unreadable or corrupt
    │   ├── OutputError       the output folder cannot be written
    │   ├── ComplianceError   blocking claim/privacy findings (override: --allow-claims)
    │   └── ResultsError      a performance export or results file cannot be used
    ├── BackendError          (exit 1)
    │   ├── LLMError
    │   └── TTSError
    └── RenderError           (exit 1) carries the ffmpeg argv and its stderr tail
"""

from __future__ import annotations


class GenVideoError(Exception):
    """Base of every error genvideo raises on purpose."""

    exit_code = 1


class InputError(GenVideoError):
    """Something the user gave is wrong; the message says what and how to fix it."""

    exit_code = 2


class BriefError(InputError):
    """A brief (or campaign) field has a bad value."""


class TemplateError(InputError):
    """A template or phrase file is malformed."""


class AssetError(InputError):
    """An image or logo named by the brief cannot be used."""


class OutputError(InputError):
    """The output location cannot be written."""


class ComplianceError(InputError):
    """The ad text has blocking claim or privacy findings; `findings` keeps them all as data."""

    def __init__(self, message: str, findings: list[dict] | None = None):
        super().__init__(message)
        self.findings = findings or []


class ResultsError(InputError, ValueError):
    """A performance export or campaign that cannot be used; the message names file, row and column."""


class BackendError(GenVideoError):
    """A model backend (LLM or TTS) failed."""


class LLMError(BackendError):
    """Script-writing backend failure."""


class TTSError(BackendError):
    """Speech backend failure."""


class RenderError(GenVideoError):
    """ffmpeg failed; keeps the command and the end of its stderr for diagnosis."""

    def __init__(self, message: str, argv: list[str] | None = None, stderr_tail: str = ""):
        super().__init__(message)
        self.argv = argv or []
        self.stderr_tail = stderr_tail

    def __str__(self) -> str:
        base = super().__str__()
        if self.stderr_tail:
            return f"{base}\n--- ffmpeg said ---\n{self.stderr_tail}"
        return base
