"""Running `make`: the run folder, the on-disk stage cache, the duration-fitting loop and the report."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import time
import unicodedata
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from pipeline.backends.registry import check_voice, default_tts_name, get_llm, get_tts, resolve_voice
from pipeline.errors import ComplianceError, InputError, OutputError
from pipeline.guards import lock_folder, locked, partial_path, release, sweep_partials
from pipeline.media.probe import probe
from pipeline.model.brief import Brief, read_brief_file
from pipeline.model.narration import Narration
from pipeline.model.plan import Plan
from pipeline.model.report import (Compliance, Loudness, NarrationSummary, OutputFile, Report, ScriptSummary,
                                   VersionEntry)
from pipeline.model.platform import platforms
from pipeline.model.script import Script
from pipeline.stages import captions as captions_stage
from pipeline.claims import blocking, check
from pipeline.copy.checks import timing_checks
from pipeline.copy.names import said_name
from pipeline.stages.labeling import aigc_json, aigc_metadata
from pipeline.stages.mixing import mix_audio
from pipeline.stages.narration import TIMING_VERSION, SentenceCache, measure_rate
from pipeline.stages.assets import resolve_assets
from pipeline.stages.planning import PlanInputs, plan_video
from pipeline.stages.rendering import RenderOptions, encode_audio, render
from pipeline.stages.fitting import fit_speech
from pipeline.stages.scripting import LEAD_IN_S, choose_pacing
from pipeline.store import Store, write_json
from pipeline.store import key as store_key
from pipeline.backends.llm.model_writer import writer_key
from pipeline.stages.gallery import write_gallery
from pipeline.stages.storyboard import make_storyboard

Progress = Callable[[str, float | None], None]
TRUE_PEAK_LIMIT = -1.0  # dBTP, SPECS 6


@dataclass
class MakeSettings:
    """Everything `make` needs besides the brief, resolved once by the CLI."""

    out_root: Path = Path("outputs")
    tts: str | None = None            # None: offline default for the language
    voice: str | None = None
    llm: str = "builtin"
    llm_options: dict = field(default_factory=dict)   # model, base_url, api_key_env, timeout_s
    llm_fallback: str | None = None
    scale: float = 1.0
    quality: str = "final"
    platforms: list[str] | None = None  # override the brief's list
    keep_work: bool = False
    preview: bool = False             # also write storyboards and preview.html
    allow_claims: bool = False        # publish despite blocking claim findings (recorded in the report)
    audio_label: bool | None = None   # spoken AI disclosure; None = the brief's choice / default rule
    sign_cert: Path | None = None     # C2PA signing: PEM chain and key (both or neither)
    sign_key: Path | None = None
    langs: list[str] | None = None    # cross-border versions to make (--lang); None = the brief's versions
    script: list | None = None        # the words as a person edited them ([{kind, narration, on_screen}])
    cut_workers: int | None = None    # cuts rendered at once; None = as many as there are cores, at most 2
    served: bool = False              # the run folder is served to others (the studio): its plans name photos as
                                      # the brief does, not by this machine's absolute paths

    @property
    def mode(self) -> str:
        return "draft" if self.quality == "draft" else "final"


@dataclass
class StageTimer:
    times: dict[str, float] = field(default_factory=dict)

    def run(self, name: str, fn, *a, **kw):
        t = time.perf_counter()
        try:
            return fn(*a, **kw)
        finally:
            self.times[name] = round(self.times.get(name, 0.0) + time.perf_counter() - t, 3)


def slugify(text: str) -> str:
    """ASCII-ish folder name from a product name; keeps CJK."""
    text = unicodedata.normalize("NFKC", text).strip().lower()
    text = re.sub(r"[^\w\u3400-\u9fff]+", "-", text).strip("-")
    return text[:48] or "product"


def check_speech(brief: Brief, settings: "MakeSettings", source: str) -> None:
    """The voice and speech backend asked for exist and speak the brief's language: checked before any folder is
    made, naming where they were given (--tts / --voice, or the brief's `voice` field)."""
    lang = brief.lang
    given = "--voice" if settings.voice else f"{source}: voice"
    tts_name, voice = resolve_voice(lang, settings.tts, settings.voice or brief.voice, brief.voice_gender)
    if settings.tts:
        tts = get_tts(settings.tts)
        if lang not in tts.languages():
            raise InputError(f"--tts {settings.tts} does not speak {lang!r}; use --tts {default_tts_name(lang)}")
    if settings.voice or brief.voice:
        check_voice(voice, lang, tts_name, given)


def _shareable(plan: dict, names: dict[str, str]) -> dict:
    """A plan with each photo named as the brief names it instead of by its absolute path on this machine (for run
    folders that are served; a plan with absolute paths can be rendered again as it is)."""
    def walk(v):
        if isinstance(v, dict):
            return {k: walk(x) for k, x in v.items()}
        if isinstance(v, list):
            return [walk(x) for x in v]
        return names.get(v, v) if isinstance(v, str) else v
    return walk(plan)


def _check_writable(root: Path) -> None:
    try:
        root.mkdir(parents=True, exist_ok=True)
        probe_file = root / f".write-test-{time.time_ns()}"
        probe_file.write_bytes(b"")
        probe_file.unlink()
    except OSError as e:
        raise OutputError(f"output folder {str(root)!r} is not writable ({e.strerror}); pass --out with a folder you can write") from None


class Pipeline:
    """Script -> narration -> (plan -> render) per cut, with a cache shared by all runs under out_root."""

    def __init__(self, settings: MakeSettings, progress: Progress | None = None):
        self.s = settings
        self.progress = progress or (lambda stage, frac: None)
        self.cache = settings.out_root / ".cache"
        self.store = Store(self.cache)

    # -- script and narration (shared by every cut) --

    def script_and_narration(self, brief: Brief, run_dir: Path, timer: StageTimer) -> tuple[Script, Narration, dict]:
        lang = brief.lang
        tts_name, voice = resolve_voice(lang, self.s.tts, self.s.voice or brief.voice, brief.voice_gender)
        tts = get_tts(tts_name)
        if lang not in tts.languages():
            raise InputError(f"--tts {tts_name} does not speak {lang!r}; use --tts {default_tts_name(lang)}")
        sentences = SentenceCache(self.cache / "speech")
        if self.s.script:
            from pipeline.backends.llm.edited import EditedScript, parse_scenes
            writer = EditedScript(parse_scenes(self.s.script))
        else:
            writer = get_llm(self.s.llm, self.s.llm_options, self.s.llm_fallback)
        pacing = choose_pacing(brief.persona)
        info: dict = {"tts": tts_name, "voice": voice, "llm": writer.name, "cached": {}}

        self.progress("voice calibration", None)
        rate = timer.run("calibrate", measure_rate, tts, lang, voice, sentences)
        info["speech_rate_units_per_s"] = round(rate, 3)
        key = store_key("narrated-script", brief.model_dump(), writer_key(writer), pacing.model_dump(), tts_name,
                        voice, round(rate, 2), self.s.audio_label, TIMING_VERSION, getattr(tts, "cache_version", None))
        wav = run_dir / "narration.wav"
        entry = self.store.get("narrated", key, "script.json", "narration.json", "narration.wav")
        if entry:
            script = Script.model_validate_json((entry / "script.json").read_text(encoding="utf-8"))
            narration = Narration.model_validate_json((entry / "narration.json").read_text(encoding="utf-8"))
            shutil.copyfile(entry / "narration.wav", wav)
            info["cached"] = {"script": True, "narration": True}
            return script, narration, info
        self.progress("script and narration", None)
        audio_label = self.s.audio_label if self.s.audio_label is not None else brief.wants_audio_label()
        script, narration = timer.run("script+narration", fit_speech, brief, writer, pacing, tts, voice, wav,
                                      sentences, rate, audio_label)

        def fill(folder: Path) -> None:
            write_json(folder / "script.json", script.model_dump())
            write_json(folder / "narration.json", narration.model_dump())
            shutil.copyfile(wav, folder / "narration.wav")
        self.store.put("narrated", key, fill)
        info["cached"] = {"script": False, "narration": False}
        return script, narration, info

    # -- the whole run --

    def make(self, brief_path: Path, run_dir: Path | None = None) -> dict:
        """Make every cut of one brief. run_dir: the finished folder's path (default: a new timestamped one)."""
        t_start = time.perf_counter()
        brief, base = read_brief_file(brief_path)
        if self.s.platforms:
            from pipeline.model.brief import parse_brief
            brief = parse_brief({**brief.model_dump(exclude_none=True), "platforms": self.s.platforms}, str(brief_path))
        from pipeline.versions import requested_versions
        versions = requested_versions(brief, self.s.langs)
        check_speech(brief, self.s, str(brief_path))
        inputs = resolve_assets(brief, base, self.cache)
        _check_writable(self.s.out_root)
        self.signer = None
        if self.s.sign_cert or self.s.sign_key:
            if not (self.s.sign_cert and self.s.sign_key):
                raise InputError("C2PA signing needs both --sign-cert and --sign-key")
            from pipeline.stages.credentials import load_signer
            self.signer = load_signer(self.s.sign_cert, self.s.sign_key)

        if run_dir is None:
            slug = slugify(brief.product.name)
            run_id = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S") + "-" + store_key([brief.model_dump(), time.time_ns()])[:6]
            final_dir = self.s.out_root / slug / run_id
        else:
            final_dir, run_id = Path(run_dir), Path(run_dir).name
            if final_dir.exists():
                raise OutputError(f"{final_dir} already exists; a run folder is made once (remove it to make it again)")
        timer = StageTimer()
        with partial_run(final_dir) as run_dir:
            if versions:
                report = self._make_versions(brief, base, versions, run_dir, run_id, timer)
            else:
                report = self._make_in(brief, inputs, run_dir, run_id, timer)
            report.timings_s = {**timer.times, "total": round(time.perf_counter() - t_start, 3)}
            write_json(run_dir / "report.json", report.to_json())
            if self.s.preview and not versions:
                write_gallery(run_dir, report.to_json(), report.storyboards)
        report.run_dir = str(final_dir)
        for f in report.outputs:
            f.path = str(final_dir / f.file)
        return report.model_dump(exclude_none=True)

    @staticmethod
    def _photo_names(brief: Brief, inputs: PlanInputs) -> dict[str, str]:
        """{absolute path: the path as the brief gives it} for each photo and the logo."""
        names = dict(zip(inputs.images, brief.product.images))
        if inputs.logo and brief.product.logo:
            names[inputs.logo] = brief.product.logo
        return names

    def _make_versions(self, brief: Brief, base: Path, versions: list, run_dir: Path, run_id: str,
                       timer: StageTimer) -> Report:
        """One sub-folder per market version (versions/<lang>-<market>/), each a full run with its report."""
        from pipeline.model.brief import parse_brief
        from pipeline.translation.backends import make_translator
        from pipeline.versions import version_brief

        ids = [v.id for v in versions]
        if len(set(ids)) != len(ids):
            raise InputError(f"versions: {', '.join(sorted({i for i in ids if ids.count(i) > 1}))} asked for twice; "
                             "each language-market pair once")
        translator = None
        if any(v.lang != brief.lang for v in versions) and self.s.llm in ("local", "openai"):
            translator = make_translator(self.s.llm, self.s.llm_options)
        write_json(run_dir / "brief.json", brief.model_dump())
        out = Report(product=brief.product.name, language=brief.lang, mode=self.s.mode)
        for i, v in enumerate(versions):
            self.progress(f"version {v.id}", None)
            data, notes = timer.run("translate", version_brief, brief, i, v, translator, self.cache / "translations")
            vb = parse_brief(data, f"versions[{i}] ({v.id})")
            sub = run_dir / "versions" / v.id
            sub.mkdir(parents=True)
            rep = self._make_in(vb, resolve_assets(vb, base, self.cache), sub, run_id, timer)
            rep.version = {"id": v.id, "lang": v.lang, "market": v.market, "notes": notes}
            rep.warnings = notes + rep.warnings
            write_json(sub / "report.json", rep.to_json())
            if self.s.preview:
                write_gallery(sub, rep.to_json(), rep.storyboards)
            out.versions.append(VersionEntry(id=v.id, lang=v.lang, market=v.market, product=vb.product.name,
                                             platforms=vb.platforms, folder=f"versions/{v.id}", notes=notes,
                                             ai_label=rep.ai_label, compliance=rep.compliance))
            out.outputs += [o.model_copy(update={"file": f"versions/{v.id}/{o.file}", "version": v.id})
                            for o in rep.outputs]
            out.warnings += [f"{v.id}: {w}" for w in rep.warnings]
        return out

    def _make_in(self, brief: Brief, inputs: PlanInputs, run_dir: Path, run_id: str, timer: StageTimer) -> Report:
        write_json(run_dir / "brief.json", brief.model_dump())
        script, narration, info = self.script_and_narration(brief, run_dir, timer)
        findings = check(brief, script)
        blocked = blocking(findings)
        if blocked and not self.s.allow_claims:
            raise ComplianceError(
                f"{len(blocked)} blocking claim finding(s); fix the brief, or pass --allow-claims to publish "
                "anyway (recorded in report.json):\n" + "\n".join(f.line() for f in blocked),
                [f.to_dict() for f in findings])
        compliance = Compliance(findings=[f.to_dict() for f in findings], blocking=len(blocked),
                                override=bool(blocked) and self.s.allow_claims, allowed_claims=list(brief.allow_claims))
        write_json(run_dir / "script.json", script.model_dump())
        write_json(run_dir / "narration.json", narration.model_dump())

        by_profile: dict[str, list[str]] = {}
        for p in brief.platforms or []:
            by_profile.setdefault(platforms()[p].profile.id, []).append(p)
        plans: dict[str, Plan] = {}
        photo_names = self._photo_names(brief, inputs) if self.s.served else {}
        for cut in by_profile:
            profile = platforms()[by_profile[cut][0]].profile
            plans[cut] = timer.run("plan", plan_video, script, narration, brief, profile, inputs)
            plan_data = plans[cut].model_dump()
            write_json(run_dir / f"plan.{cut}.json", _shareable(plan_data, photo_names) if photo_names else plan_data)

        first = next(iter(plans.values()))
        (run_dir / "captions.srt").write_text(captions_stage.to_srt(first.captions, first.fps), encoding="utf-8")
        (run_dir / "captions.vtt").write_text(captions_stage.to_vtt(first.captions, first.fps), encoding="utf-8")

        self.progress("audio mix", None)
        mix_wav = run_dir / "mix.wav"
        mix_key = store_key("mix", narration.model_dump(), first.audio.model_dump(), first.fps, first.total_frames,
                            hashlib.sha256((run_dir / "narration.wav").read_bytes()).hexdigest())
        entry = self.store.get("mix", mix_key, "mix.wav", "loudness.json")
        if entry:
            shutil.copyfile(entry / "mix.wav", mix_wav)
            mix_loud = json.loads((entry / "loudness.json").read_text(encoding="utf-8"))
            info["cached"]["mix"] = True
        else:
            loud = timer.run("mix", mix_audio, narration, run_dir / "narration.wav", first.audio, first.fps,
                             first.total_frames, mix_wav, run_dir)
            mix_loud = {"integrated_lufs": loud.integrated_lufs, "true_peak_dbtp": loud.true_peak_dbtp}

            def fill(folder: Path) -> None:
                write_json(folder / "loudness.json", mix_loud)
                shutil.copyfile(mix_wav, folder / "mix.wav")
            self.store.put("mix", mix_key, fill)
            info["cached"]["mix"] = False

        outputs, warnings = [], list(script.notes)
        timing = timing_checks(narration, script.pacing.energy, LEAD_IN_S, first.duration_s,
                               said_name(brief))
        if first.duration_s < script.target_s * 0.9:
            # the measured length replaces the writer's estimate; its advice (how many sentences) is kept
            estimate = next((n for n in warnings if n.startswith("the brief has about ")), None)
            more = re.search(r"add (\d+) more sentences?", estimate or "")
            if estimate:
                warnings.remove(estimate)
            advice = (f"add {more.group(1)} more sentence{'s' if more.group(1) != '1' else ''} to the description "
                      "(or features)" if more else "add features, pain points or description")
            warnings.append(f"the brief gives {narration.duration_s:.0f} s of narration, so the video is "
                            f"{first.duration_s:.0f} s instead of {script.target_s:.0f} s (no padding with silence); "
                            f"{advice}, or set duration_s to {first.duration_s:.0f}")
        warnings += [f"timing: {p}" for p in timing["problems"]]
        warnings += list(dict.fromkeys(n for plan in plans.values() for n in plan.notes))
        work_root = run_dir / "work"
        work_root.mkdir(parents=True, exist_ok=True)
        # the audio is the same in every cut: encoded to AAC, measured and peak-fixed once, then copied
        audio, loud, audio_warnings = timer.run("audio", encode_audio, mix_wav, work_root / "audio.m4a",
                                                TRUE_PEAK_LIMIT)
        warnings += audio_warnings
        # one ffmpeg process keeps about 1.3 of 2 cores busy (its filter graph runs on one): two cuts at once use
        # the rest
        def render_cut(cut: str, plan: Plan) -> list[str]:
            produce_id = f"{run_id}-{cut}"
            meta = {"AIGC": aigc_json(aigc_metadata(produce_id, plan.model_dump_json())),
                    "comment": "AI-generated with genvideo"}
            opts = RenderOptions(scale=self.s.scale, quality=self.s.quality, metadata=meta)
            label = f"render {cut}"
            self.progress(label, 0.0)           # the pictures are drawn before ffmpeg reports its first fraction
            return timer.run(f"render.{cut}", render, plan, audio, run_dir / f"{by_profile[cut][0]}.mp4",
                             work_root / cut, opts, self.cache / "images",
                             lambda f, label=label: self.progress(label, f))

        workers = self.s.cut_workers or min(2, os.cpu_count() or 1)
        t_render = time.perf_counter()
        with ThreadPoolExecutor(max_workers=max(1, min(workers, len(plans)))) as pool:
            rendered = {cut: pool.submit(render_cut, cut, plan) for cut, plan in plans.items()}
        timer.times["render"] = round(time.perf_counter() - t_render, 3)   # wall time of all cuts together
        for cut, plan in plans.items():
            warnings += rendered[cut].result()
            names = by_profile[cut]
            main = run_dir / f"{names[0]}.mp4"
            # platforms sharing the cut get copies of the same file; its audio is the measured track, copied
            pr = probe(main)
            for other in names[1:]:
                shutil.copyfile(main, run_dir / f".{other}.mp4.part")
                (run_dir / f".{other}.mp4.part").replace(run_dir / f"{other}.mp4")
            for name in names:
                f = run_dir / f"{name}.mp4"
                if self.signer is not None:
                    from pipeline.stages.credentials import sign_video
                    timer.run("c2pa", sign_video, f, self.signer, f"{brief.product.name} ({name})")
                    pr = probe(f)
                outputs.append(OutputFile(
                    platform=name, cut=cut, file=f.name, width=pr.width, height=pr.height,
                    duration_s=round(pr.duration_s, 3), planned_duration_s=round(plan.duration_s, 3),
                    video_codec=pr.video_codec, audio_rate=pr.audio_rate, size_bytes=pr.size_bytes,
                    integrated_lufs=round(loud.integrated_lufs, 2), true_peak_dbtp=round(loud.true_peak_dbtp, 2),
                    max_duration_s=platforms()[name].max_duration_s, c2pa_signed=self.signer is not None))
        if not self.s.keep_work:
            shutil.rmtree(work_root, ignore_errors=True)
        storyboards = {}
        if self.s.preview:
            self.progress("storyboards", None)
            for cut, plan in plans.items():
                board = run_dir / f"storyboard.{cut}.png"
                timer.run("storyboard", make_storyboard, run_dir / f"{by_profile[cut][0]}.mp4", plan, script, board)
                storyboards[cut] = board.name
        (run_dir / "mix_raw.wav").unlink(missing_ok=True)
        return Report(
            product=brief.product.name, language=brief.lang, target_duration_s=script.target_s,
            script=ScriptSummary(writer=script.writer, scenes=len(script.scenes), energy=script.pacing.energy,
                                 fell_back=any("--llm-fallback" in n for n in script.notes)),
            timing={k: v for k, v in timing.items() if k != "problems"},
            narration=NarrationSummary(duration_s=round(narration.duration_s, 3), speed=narration.speed,
                                       backend=narration.backend, voice=narration.voice,
                                       word_timing=narration.word_timing),
            mix=Loudness(integrated_lufs=round(mix_loud["integrated_lufs"], 2),
                         true_peak_dbtp=round(mix_loud["true_peak_dbtp"], 2)),
            backends=info, ai_label=inputs.ai_label, outputs=outputs, warnings=warnings,
            mode=self.s.mode, storyboards=storyboards, compliance=compliance)


@contextmanager
def partial_run(final_dir: Path):
    """A run folder made in its locked partial folder (yielded): renamed into place when the block ends well;
    removed when it does not, with the product folder it created (no empty folder left by a failed first run)."""
    created = not final_dir.parent.exists()
    run_dir, hold = _start_partial(final_dir)
    try:
        yield run_dir
        run_dir.replace(final_dir)
    except BaseException:
        shutil.rmtree(run_dir, ignore_errors=True)
        if created:
            try:
                final_dir.parent.rmdir()
            except OSError:
                pass
        raise
    finally:
        release(hold)


def _start_partial(final_dir: Path) -> tuple[Path, int | None]:
    """The partial folder a run is made in (".<name>.partial" beside where it will be), created and locked for as
    long as this process makes it. Partial folders of makes that were killed (their lock died with them) are
    removed first; the product folder's own lock keeps two makes from sweeping or creating at the same moment."""
    parent = final_dir.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise OutputError(f"output folder {str(parent)!r} cannot be created ({e.strerror}); pass --out with a folder "
                          "you can write") from None
    with locked(parent):
        sweep_partials(parent)
        partial = partial_path(final_dir)
        if partial.exists():
            raise OutputError(f"{final_dir}: another genvideo process is making this folder now; wait for it to "
                              "finish")
        partial.mkdir()
        return partial, lock_folder(partial)


def preview_existing(run_dir: Path) -> dict:
    """Storyboards and preview.html for a finished run folder, from its own files (no rendering)."""
    run_dir = Path(run_dir)
    if not (run_dir / "report.json").exists():
        raise InputError(f"{run_dir}: neither a run folder (no report.json) nor a campaign folder (no campaign.json); "
                         "pass a brief, a campaign file, or a folder genvideo made under outputs/")
    report = json.loads((run_dir / "report.json").read_text(encoding="utf-8"))
    script = Script.model_validate_json((run_dir / "script.json").read_text(encoding="utf-8"))
    boards = {}
    for out in report["outputs"]:
        if out["cut"] in boards:
            continue
        plan = Plan.model_validate_json((run_dir / f"plan.{out['cut']}.json").read_text(encoding="utf-8"))
        board = run_dir / f"storyboard.{out['cut']}.png"
        make_storyboard(run_dir / out["file"], plan, script, board)
        boards[out["cut"]] = board.name
    report["storyboards"] = boards
    write_gallery(run_dir, report, boards)
    report["run_dir"] = str(run_dir)
    return report
