"""Fitting the words to the time: write, speak, and write again until the speech fits the ad's length.

The first take is the script `genvideo script` shows (the voice's measured speech rate, the same recipe,
`scripting.write_script`). Too long, or short while the writer left lines out: write again with a budget scaled by
how far the voice was off (up to 2 more tries), then speed the voice up by at most 15%. Still short: the brief's
material is used up, so the video is made shorter (planning holds the end card at most MAX_TAIL_S); pauses never
stretch and no silence is added.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.model.brief import Brief
from pipeline.model.narration import Narration
from pipeline.model.script import LEAD_IN_S, TAIL_S, Pacing, Script
from pipeline.backends.tts.voices import speech_rate
from pipeline.stages.narration import SentenceCache, estimator, narrate
from pipeline.stages.scripting import speech_budget_s, write_script

TAKES = 3             # scripts written at most
FITS = 1.04           # a take fits up to this share of the target
SHORT = 0.93          # ... and is rewritten with more when below this while lines were left out
MAX_SPEEDUP = 1.15    # the voice's last resort


def fit_speech(brief: Brief, writer, pacing: Pacing, tts, voice: str, wav: Path, cache: SentenceCache,
               measured_rate: float, audio_label: bool) -> tuple[Script, Narration]:
    """The script and its narration (written to `wav`) that fit the brief's effective duration."""
    lang, target = brief.lang, brief.effective_duration_s()
    fixed = LEAD_IN_S + TAIL_S
    speed = pacing.speech_speed
    # the first take is the one `genvideo script` shows when the voice is the brief's: its catalogue rate
    estimate = estimator(speech_rate(lang, voice) or measured_rate, lang, speed)
    budget = speech_budget_s(target)
    takes = []
    for _ in range(TAKES):
        script = write_script(brief, writer, estimate, pacing, budget, audio_label=audio_label)
        narration = narrate(script, tts, voice, wav, cache, speed=speed)
        ratio = (fixed + narration.duration_s) / target
        takes.append((ratio, script, narration))
        left_out = any(n.startswith("left out to fit") for n in script.notes)
        if ratio <= FITS and (ratio >= SHORT or not left_out):
            break
        # too long: ask for less; too short while lines were left out: the estimate was high, ask for more
        spoken = narration.duration_s - pacing.sentence_pause_s * (len(script.scenes) - 1)
        said = sum(estimate(s.narration) for s in script.scenes)
        budget *= said / spoken if spoken > 0 else 1.0
    # the longest take that fits, else the shortest (speeding the voice up below is the last resort)
    fitting = [t for t in takes if t[0] <= FITS]
    ratio, script, narration = max(fitting, key=lambda t: t[0]) if fitting else min(takes, key=lambda t: t[0])
    if narration is not takes[-1][2]:
        narration = narrate(script, tts, voice, wav, cache, speed=speed)   # its sentences come from the cache
    pauses = pacing.sentence_pause_s * (len(script.scenes) - 1)
    if fixed + narration.duration_s > target * FITS:
        speech = narration.duration_s - pauses
        room = max(target * 0.98 - fixed - pauses, 1.0)
        speed = min(speed * speech / room, pacing.speech_speed * MAX_SPEEDUP)
        narration = narrate(script, tts, voice, wav, cache, speed=speed)
    return script, narration
