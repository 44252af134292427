"""Script stage: choose pacing from the persona, ask a writer, check what it wrote."""

from __future__ import annotations

import re

from pipeline.backends.llm.base import ScriptWriter, SpeechEstimate
from pipeline.claims import required_statement
from pipeline.copy.checks import check_script
from pipeline.errors import LLMError
from pipeline.media.emoji import strip_emoji
from pipeline.model.brief import Brief, Persona
from pipeline.model.script import LEAD_IN_S, MAX_TAIL_S, TAIL_S, Pacing, Script, ScriptScene
from pipeline.stages.labeling import audio_label as spoken_disclosure
from pipeline.stages.photos import place_images
from pipeline.text.spoken import spoken_residue, to_spoken

HIGH_TONES = {"energetic", "playful", "fun", "hype", "bold", "活力", "活泼", "热血", "俏皮"}
CALM_TONES = {"warm", "calm", "expert", "gentle", "trustworthy", "elegant", "温暖", "温和", "专业", "亲切", "沉稳"}

PACINGS = {
    "high": Pacing(energy="high", speech_speed=1.1, max_shot_s=2.4, transition_s=0.25, sentence_pause_s=0.15),
    "medium": Pacing(energy="medium", speech_speed=1.0, max_shot_s=3.2, transition_s=0.4, sentence_pause_s=0.25),
    "calm": Pacing(energy="calm", speech_speed=0.9, max_shot_s=4.5, transition_s=0.6, sentence_pause_s=0.45),
}

__all__ = ["script_sheet", "LEAD_IN_S", "MAX_TAIL_S", "TAIL_S", "choose_pacing", "draft_script", "speech_budget_s", "write_script"]


ELDER_WORDS = re.compile(r"叔叔|阿姨|中老年|长辈|老年人|退休|\bseniors\b|senior citizens|retirees?|grandparents?|elderly|"
                         r"over 50|50\+|"
                         r"60\+|65\+|シニア|高齢|年配", re.I)
CALM_FROM_AGE = 30      # a calm tone (warm, expert, elegant) is said slowly, with 您, from this youngest age


def choose_pacing(persona: Persona) -> Pacing:
    """Young/energetic personas get fast cuts and brisk speech; older ones slower, clearer, with 您.

    The pace and the register follow the audience's age first: a warm or elegant tone for 25-year-olds is
    not the slow, formal register of a 60-year-old's ad (it is medium, and the style still turns warm);
    a calm tone is calm from CALM_FROM_AGE, or when the persona names elders."""
    tone = (persona.tone or "").strip().lower()
    ages = persona.age_range
    if (ages and ages[0] >= 45) or ELDER_WORDS.search(persona.name or ""):
        return PACINGS["calm"]
    if tone in CALM_TONES and ages and ages[0] >= CALM_FROM_AGE:
        return PACINGS["calm"]
    if tone in HIGH_TONES or (ages and ages[1] <= 30 and tone not in CALM_TONES):
        return PACINGS["high"]
    return PACINGS["medium"]


def speech_budget_s(target_s: float) -> float:
    """Seconds of narration that fit a video of target_s."""
    return max(2.0, target_s - LEAD_IN_S - TAIL_S)


def write_script(brief: Brief, writer: ScriptWriter, estimate: SpeechEstimate, pacing: Pacing | None = None,
                 budget_s: float | None = None, audio_label: bool | None = None) -> Script:
    """Run the writer, add what the law asks the ad to say, check it, and give every line its spoken form.

    The statements an ad must carry (a finance ad's risk warning, a health food's 本品不能代替药物, a
    franchise's notice) and the spoken AI disclosure (audio_label; default: the brief's wish) come after the
    call to action, whoever wrote the rest; the writer gets the time that is left."""
    pacing = pacing or choose_pacing(brief.persona)
    budget = budget_s if budget_s is not None else speech_budget_s(brief.effective_duration_s())
    closing = []
    risk = required_statement(brief)
    if risk:
        closing.append(ScriptScene(kind="disclosure", narration=risk, on_screen=risk))
    if brief.wants_audio_label() if audio_label is None else audio_label:
        closing.append(ScriptScene(kind="disclosure", narration=spoken_disclosure(brief.lang)))
    for scene in closing:
        budget = max(2.0, budget - estimate(scene.narration) - pacing.sentence_pause_s)
    script = without_emoji(writer.write(brief, pacing, budget, estimate))
    script = script.model_copy(update={"scenes": place_images([*script.scenes, *closing], len(brief.product.images))})
    problems = check_script(script, brief)
    if problems:
        raise LLMError(f"script from {writer.name!r} failed checks: " + "; ".join(problems))
    return with_spoken_form(script, brief.pronounce)


def draft_script(brief: Brief, writer: ScriptWriter | None = None, rate: float | None = None,
                 audio_label: bool | None = None) -> Script:
    """The one recipe for the words: `genvideo script`, `check`, the studio and campaigns draft with it, and
    `make` starts from it (rate: speech units per second at speed 1.0; default: the measured rate of the voice
    the brief will be spoken by, see narration.voice_rate)."""
    from pipeline.backends.registry import get_llm
    from pipeline.stages.narration import estimator, voice_rate

    pacing = choose_pacing(brief.persona)
    writer = writer or get_llm("builtin")
    rate = rate or voice_rate(brief.lang, brief.voice, brief.voice_gender)
    return write_script(brief, writer, estimator(rate, brief.lang, pacing.speech_speed), pacing,
                        audio_label=audio_label)


def without_emoji(script: Script) -> Script:
    """Narration is captioned and spoken, and neither draws emoji: they stay on the cards (on_screen) only."""
    def clean(text: str) -> str:
        # the brief's emoji, and the gaps and doubled stops they leave ("sugar 🔥?" -> "sugar ?")
        text = strip_emoji(text)
        text = re.sub(r"([.。!！?？])\s*[.。]", r"\1", text)
        return re.sub(r"(?<=\w) +(?=[?!.,;:])", "", text)

    scenes = [s.model_copy(update={"narration": clean(s.narration)}) if clean(s.narration) != s.narration else s
              for s in script.scenes]
    return script.model_copy(update={"scenes": scenes})


def with_spoken_form(script: Script, pronounce: dict[str, str] | None = None) -> Script:
    """Every scene with `spoken` filled: what the voice says for its written narration (the brief's
    `pronounce` entries first, then the rules)."""
    scenes = [s if s.spoken else s.model_copy(update={"spoken": to_spoken(s.narration, script.language, pronounce)})
              for s in script.scenes]
    notes = list(script.notes)
    for s in scenes:
        left = spoken_residue(s.spoken, script.language)
        if left:    # said as written: the writer's rules do not know this shorthand; the brief's pronounce can say it
            notes.append(f"the voice may misread {', '.join(repr(x) for x in dict.fromkeys(left))} in "
                         f"{s.narration!r}: add it to the brief's pronounce, or rephrase")
    return script.model_copy(update={"scenes": scenes, "notes": notes})


def script_sheet(script: Script, brief: Brief) -> dict:
    """The script as `genvideo script` shows it (and `make --script` reads it back): every scene with its estimated
    time window, written, spoken and on-screen form; the notes; the checks; the estimated speech and video length
    (a short script makes a shorter video: the end card holds TAIL_S after the last word)."""
    from pipeline.copy.checks import text_checks
    from pipeline.stages.narration import estimator, voice_rate

    pacing = script.pacing
    estimate = estimator(voice_rate(brief.lang, brief.voice, brief.voice_gender), brief.lang, pacing.speech_speed)
    t, lines = LEAD_IN_S, []
    for i, sc in enumerate(script.scenes):
        d = estimate(sc.narration)
        lines.append({"index": i, "kind": sc.kind, "start_s": round(t, 1), "end_s": round(t + d, 1),
                      "narration": sc.narration, "spoken": sc.spoken, "on_screen": sc.on_screen})
        t += d + pacing.sentence_pause_s
    target = brief.effective_duration_s()
    speech = round(t - pacing.sentence_pause_s - LEAD_IN_S, 1)
    return {"product": brief.product.name, "language": brief.lang, "writer": script.writer, "energy": pacing.energy,
            "target_s": target, "speech_budget_s": round(speech_budget_s(target), 1), "estimated_speech_s": speech,
            "estimated_video_s": round(min(target, max(6.0, LEAD_IN_S + speech + TAIL_S)), 1), "scenes": lines,
            "notes": script.notes, "fine_print": script.fine_print,
            "checks": {k: {"ok": not v, "problems": v} for k, v in text_checks(script, brief).items()}}
