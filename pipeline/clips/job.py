"""`genvideo clips`: a long recording in, the best 15-30 s highlights out, each an ad per platform.

recording -> transcript (cached per source) -> sentences scored -> the best clips that do not overlap -> per
clip: silences cut, the crop path per shape, the sound at -14 LUFS, captions + hook + call to action + AI label
-> MP4 per platform, clips.json and preview.html. The run folder is made as a partial folder and renamed when
complete: a run that fails leaves nothing behind."""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path

from pipeline.clips.highlights import (Candidate, Cues, TimeMap, correct_names, find_highlights, hook_title,
                                       product_of, read_comments, sentence_cues)
from pipeline.clips.reframe import detect, face_on_screen, plan_crop, sample_frames
from pipeline.clips.render import (CTA_S, HOOK_S, clip_ass, clip_audio, clip_narration, clip_plan, look_for,
                                   render_clip)
from pipeline.clips.source import Source, open_source
from pipeline.clips.transcript import LANGS, Transcript, join_words, transcribe
from pipeline.errors import InputError
from pipeline.media.probe import probe
from pipeline.model.brief import Brief, parse_brief, read_brief_file
from pipeline.model.platform import Profile, platforms, profiles, suggest_platform
from pipeline.runner import _check_writable, partial_run, slugify
from pipeline.stages.assets import ai_label_text
from pipeline.stages.labeling import aigc_json, aigc_metadata
from pipeline.store import key, write_json
from pipeline.text.sentences import speakable, strip_end

Progress = Callable[[str, float | None], None]
MIN_SPEECH_S = 3.0


@dataclass
class ClipSettings:
    out_root: Path = Path("outputs")
    brief: Path | None = None
    count: int = 5
    length: tuple[float, float] = (15.0, 30.0)
    platforms: list[str] | None = None       # platform ids or shapes (9x16, 3x4, 1x1...); default: the brief's
    lang: str | None = None                  # default: the brief's, else what Whisper hears
    comments: Path | None = None
    allow_claims: bool = False
    scale: float = 1.0
    quality: str = "final"
    keep_work: bool = False
    timings: dict = field(default_factory=dict)


def parse_length(text: str) -> tuple[float, float]:
    """'15-30' or '20' -> (min s, max s)."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(?:-\s*(\d+(?:\.\d+)?))?\s*s?\s*", text or "")
    if not m:
        raise InputError(f"--length {text!r}: give seconds as MIN-MAX, like 15-30 (or one number)")
    lo = float(m.group(1))
    hi = float(m.group(2)) if m.group(2) else lo * 1.25
    lo = lo if m.group(2) else lo * 0.75
    if not (3 <= lo <= hi <= 180):
        raise InputError(f"--length {text!r}: clips may run 3 to 180 s with MIN <= MAX, like 15-30")
    return lo, hi


def resolve_outputs(names: list[str]) -> list[tuple[str, Profile]]:
    """(name, profile) per requested platform id or shape id (9x16, 3x4, 1x1, 4x5, 16x9)."""
    out, known, shapes = [], platforms(), profiles()
    for n in dict.fromkeys(names):
        if n in known:
            out.append((n, known[n].profile))
        elif n.replace(":", "x") in shapes:
            out.append((n.replace(":", "x"), shapes[n.replace(":", "x")]))
        else:
            near = suggest_platform(n)
            hint = f"did you mean {', '.join(near)}? " if near else ""
            raise InputError(f"--platform {n!r}: no such platform or shape; {hint}platforms: {', '.join(known)}; "
                             f"shapes: {', '.join(shapes)}")
    return out


def _stand_in_brief(source: Source, t: Transcript, outputs: list[str]) -> Brief:
    """Without a brief: one made from the recording (its file name, its first words), so the claim rules, the
    AI label and the call to action have the language and platforms to go by."""
    text = join_words([w.text for w in t.words[:120]], t.lang) or source.path.stem
    return parse_brief({"product": {"name": source.path.stem[:100] or "live", "description": text[:1000]},
                        "language": t.lang, "platforms": [p for p in outputs if p in platforms()] or None},
                       f"{source.path.name} (no brief)")


def call_to_action(brief: Brief) -> str:
    """The brief's call to action as shown on a card; without one, the one the writer would close its ad with."""
    if brief.cta:
        return strip_end(speakable(brief.cta))
    from pipeline.stages.scripting import draft_script

    script = draft_script(brief)
    last = next((s for s in reversed(script.scenes) if s.kind == "cta"), None)
    return strip_end(speakable(last.on_screen or last.narration)) if last else ""


def _no_speech(source: Source, t: Transcript) -> InputError:
    loud = sorted(t.levels_db)[len(t.levels_db) // 2] if t.levels_db else -90.0
    what = ("has sound but no speech Whisper could hear (music or noise only)" if loud > -50 else "is silent")
    return InputError(f"{source.path}: {what} ({t.speech_s:.1f} s of words in {t.duration_s:.0f} s); clips are cut "
                      f"where the host speaks: pass a recording with speech (or --lang if the language was "
                      f"misheard)")


def make_clips(recording: Path, s: ClipSettings, progress: Progress | None = None) -> dict:
    progress = progress or (lambda stage, frac: None)
    t_start = time.perf_counter()
    timings: dict[str, float] = {}

    def timed(name, fn, *a, **kw):
        t0 = time.perf_counter()
        try:
            return fn(*a, **kw)
        finally:
            timings[name] = round(timings.get(name, 0.0) + time.perf_counter() - t0, 3)

    if not 1 <= s.count <= 50:
        raise InputError(f"--count {s.count}: make 1 to 50 clips")
    if s.lang and s.lang not in LANGS:
        raise InputError(f"--lang {s.lang!r}: genvideo clips understands {', '.join(LANGS)}")
    lo, hi = s.length
    brief = None
    if s.brief:
        brief, _ = read_brief_file(s.brief)
    requested = resolve_outputs(s.platforms) if s.platforms else None
    # the shortest platform's cap (the default platforms, douyin or tiktok, take 60 s)
    caps = [platforms()[n].max_duration_s for n in ([n for n, _ in requested] if requested else
                                                    (brief.platforms if brief else ["douyin"])) if n in platforms()]
    if caps and hi > min(caps):
        raise InputError(f"--length up to {hi:.0f} s: longer than {min(caps):.0f} s, what the shortest of the "
                         f"platforms asked for takes; lower it")
    comments = read_comments(s.comments) if s.comments else None
    source = open_source(recording)
    _check_writable(s.out_root)
    lang = s.lang or (brief.lang if brief else None)
    if lang and lang not in LANGS:
        raise InputError(f"{s.brief}: language {lang!r}; genvideo clips understands {', '.join(LANGS)}")
    product = product_of(brief, lang or "")
    # Chinese: the name in Whisper's prompt (brand names come out as homophones otherwise); English: none (a name in
    # the prompt made it write prices where there were none); names heard wrong are corrected after (correct_names)
    prompt_extra = f"{product.name}。" if product.name and lang == "zh" else ""
    progress("transcript", 0.0)
    transcript, cached = timed("transcribe", transcribe, source.path, source.fingerprint, lang,
                               s.out_root / ".cache", prompt_extra,
                               lambda at: progress("transcript", min(1.0, at / max(source.duration_s, 1e-6))))
    if transcript.speech_s < MIN_SPEECH_S:
        raise _no_speech(source, transcript)
    lang = transcript.lang
    product = product_of(brief, lang)
    names = [n for n, _ in requested] if requested else (brief.platforms if brief else
                                                         ["douyin" if lang == "zh" else "tiktok"])
    outputs = requested or resolve_outputs(names)
    # the brief the claim rules, the label and the call to action go by: its platforms are the ones asked for
    plats = [n for n in names if n in platforms()]
    if brief is None:
        rules_brief = _stand_in_brief(source, transcript, names)
    elif plats and set(plats) != set(brief.platforms or []):
        rules_brief = parse_brief({**brief.model_dump(exclude_none=True), "platforms": plats}, str(s.brief))
    else:
        rules_brief = brief
    allow = s.allow_claims
    transcript, corrections = correct_names(transcript, product)
    if transcript.picture_s is not None:            # no clip runs past the end of the picture
        transcript = replace(transcript, sentences=[x for x in transcript.sentences if x.end <= transcript.picture_s - 0.3])
    progress("highlights", None)
    cues: list[Cues] = timed("score", lambda: [sentence_cues(x, transcript, product, rules_brief, allow)
                                               for x in transcript.sentences])
    chosen, weighed = timed("score", find_highlights, transcript, cues, s.count, lo, hi, comments)
    if not chosen:
        longest = max((x.end - x.start for x in transcript.sentences), default=0.0)
        raise InputError(f"{source.path}: no stretch of {lo:.0f}-{hi:.0f} s of whole sentences was found "
                         f"({len(transcript.sentences)} sentences, {transcript.speech_s:.0f} s of speech, the longest "
                         f"sentence {longest:.1f} s); lower --length (e.g. --length {max(3, int(lo / 2))}-{int(hi)})")
    notes = list(source.notes) + list(transcript.notes)
    usable = min(transcript.duration_s, transcript.picture_s or transcript.duration_s)
    if usable < source.duration_s * 0.97 - 1.0:
        notes.append(f"only {usable:.0f} s of the recording's {source.duration_s:.0f} s decode (sound and picture): "
                     "the file looks cut short; clips come from what decodes")
    if len(chosen) < s.count:
        notes.append(f"{len(chosen)} clip(s) of {lo:.0f}-{hi:.0f} s found, {s.count} asked for: no other stretch of "
                     "whole sentences that long says anything that sells (the product, a price, an offer, a selling "
                     "point, an answer...) without overlapping these")
    notes.append("delivery: speech rate and loudness are scored; laughter is not detected (no offline model for it)")
    for c in corrections:
        notes.append(f"the product's name was heard as {c['heard']!r} at {c['at_s']:.1f} s; written {c['written']!r}")
    label = ai_label_text(rules_brief)
    cta = call_to_action(rules_brief)

    slug = slugify(product.name or source.path.stem)
    run_id = "clips-" + datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S") + "-" + key(
        [source.fingerprint, time.time_ns()])[:6]
    final_dir = s.out_root / slug / run_id
    with partial_run(final_dir) as run_dir:
        clips = []
        for rank, c in enumerate(chosen, start=1):
            progress(f"clip {rank}/{len(chosen)}", None)
            clips.append(_make_clip(rank, c, source, transcript, cues, outputs, rules_brief, product, label, cta,
                                    run_dir, s, timed))
        if not s.keep_work:
            shutil.rmtree(run_dir / "work", ignore_errors=True)
        findings = [f for q in cues for f in q.findings]
        shown = {i for c in chosen for i in c.kept}
        for f in findings:
            f["in_clip"] = f["sentence"] in shown
            f["left_out"] = f["severity"] == "block" and not allow
        report = {
            "source": {"file": str(source.path), "duration_s": round(source.duration_s, 3), "width": source.width,
                       "height": source.height, "fps": source.fps, "vfr": source.vfr, "rotation": source.rotation},
            "product": product.name or None, "brief": str(s.brief) if s.brief else None, "language": lang,
            "length_s": [lo, hi], "ai_label": label, "cta": cta, "platforms": [n for n, _ in outputs],
            "transcript": {"file": "transcript.json", "cached": cached, "model": transcript.model,
                           "sentences": len(transcript.sentences), "words": len(transcript.words),
                           "speech_s": round(transcript.speech_s, 1), "corrections": corrections},
            "candidates_weighed": weighed, "clips": clips, "compliance": {
                "findings": findings, "allow_claims": allow,
                "left_out": sum(1 for f in findings if f["left_out"])},
            "notes": notes, "mode": s.quality,
        }
        write_json(run_dir / "transcript.json", transcript.to_json())
        timings["total"] = round(time.perf_counter() - t_start, 3)
        report["timings_s"] = timings
        write_json(run_dir / "clips.json", report)
        from pipeline.clips.report import write_preview
        write_preview(run_dir, report)
    report["run_dir"] = str(final_dir)
    return report


def _make_clip(rank: int, c: Candidate, source: Source, t: Transcript, cues: list[Cues],
               outputs: list[tuple[str, Profile]], brief: Brief, product, label: str, cta: str, run_dir: Path,
               s: ClipSettings, timed) -> dict:
    clip_id = f"clip{rank:02d}"
    folder = run_dir / clip_id
    work = run_dir / "work" / clip_id
    folder.mkdir(parents=True)
    work.mkdir(parents=True)
    tm = TimeMap(c.segments)
    lang = t.lang
    # the kept words on the clip's timeline
    words, sentences = [], []
    for i in c.kept:
        sent = t.sentences[i]
        idx = []
        for k in range(sent.first, sent.last + 1):
            w = t.words[k]
            a, b = tm.to_clip(w.start), tm.to_clip(w.end)
            if b - a <= 0.0:
                continue            # a filler cut out
            idx.append(len(words))
            words.append((w.text, a, b, w.start))
        sentences.append(idx)
    duration = tm.duration
    narration = clip_narration([(w[0], w[1], w[2]) for w in words], sentences, duration, lang)
    hook = hook_title(c, cues, t, product)
    audio, loud, warnings = timed("sound", clip_audio, source.path, c.segments, work)
    frames_, times = timed("reframe", sample_frames, str(source.path), c.segments[0][0], c.segments[-1][1],
                           source.width, source.height)
    samples = timed("reframe", detect, frames_, times, source.width, source.height)
    del frames_
    files = []
    for name, profile in outputs:
        look = look_for(brief, profile, lang)
        crop = timed("reframe", plan_crop, samples, tm, profile.width, profile.height)
        plan = clip_plan(narration, profile, lang, look, label, product.name, duration)
        faces = {"hook": face_on_screen(samples, tm, crop, profile.width, profile.height, 0.0, HOOK_S),
                 "cta": face_on_screen(samples, tm, crop, profile.width, profile.height, duration - CTA_S, duration)}
        ass, boxes = clip_ass(plan, hook, cta, look, lang, faces)
        out = folder / f"{name}.mp4"
        produce_id = f"{run_dir.name.strip('.').removesuffix('.partial')}-{clip_id}-{profile.id}"
        meta = {"AIGC": aigc_json(aigc_metadata(produce_id, plan.model_dump_json())),
                "comment": "AI-edited clip of a recording, made with genvideo clips"}
        timed("render", render_clip, source.path, tm, crop, plan, ass, audio, out, work / name, s.scale, s.quality,
              meta)
        write_json(folder / f"plan.{name}.json", plan.model_dump())
        write_json(folder / f"crop.{name}.json", {"width": crop.width, "height": crop.height, "fps": 30,
                                                  "x": crop.x, "y": crop.y, "shots": crop.shots})
        pr = probe(out)
        files.append({"platform": name, "cut": profile.id, "file": f"{clip_id}/{name}.mp4",
                      "plan": f"{clip_id}/plan.{name}.json", "crop": f"{clip_id}/crop.{name}.json",
                      "width": pr.width, "height": pr.height, "duration_s": round(pr.duration_s, 3),
                      "integrated_lufs": round(loud.integrated_lufs, 2), "true_peak_dbtp": round(loud.true_peak_dbtp, 2),
                      "size_bytes": pr.size_bytes, "boxes": {k: list(v) for k, v in boxes.items()},
                      "framing": crop.shots})
    if not s.keep_work:
        shutil.rmtree(work, ignore_errors=True)
    sents = t.sentences
    left_out = [i for i in range(c.first, c.last + 1) if i not in c.kept]
    return {
        "rank": rank, "id": clip_id, "score": c.score, "reasons": c.reasons, "parts": c.parts,
        "start_s": round(c.segments[0][0], 3), "end_s": round(c.segments[-1][1], 3),
        "duration_s": round(duration, 3), "trimmed_s": round(c.segments[-1][1] - c.segments[0][0] - duration, 3),
        "segments": [[round(a, 3), round(b, 3)] for a, b in c.segments],
        "sentences": [{"index": i, "text": sents[i].text, "start_s": sents[i].start, "end_s": sents[i].end}
                      for i in c.kept],
        "left_out": [{"index": i, "text": sents[i].text,
                      "why": "claim finding" if cues[i].blocked else "filler"} for i in left_out],
        "hook": hook, "cta": cta, "text": join_words([sents[i].text for i in c.kept], t.lang),
        "captions": [{"text": w[0], "start_s": round(w[1], 3), "end_s": round(w[2], 3), "source_s": round(w[3], 3)}
                     for w in words],
        "files": files, "warnings": warnings,
    }
