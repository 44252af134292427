"""`genvideo clips`: a long recording (a live-selling session) cut into captioned highlight clips per platform.

Modules: source (probe and refuse), transcript (Whisper, streamed and cached), highlights (sentences scored,
silences cut), reframe (the crop that follows the face), render (one clip, one shape), report (the preview page),
job (the whole run)."""

from pipeline.clips.job import ClipSettings, make_clips, parse_length

__all__ = ["ClipSettings", "make_clips", "parse_length"]
