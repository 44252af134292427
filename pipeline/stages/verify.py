"""`verify`: does a video carry the AI-generated-content labels (GB 45438-2025)?

- implicit: the `AIGC` JSON tag with all seven fields and Label "1";
- explicit: genvideo's visible label in its place on the opening frames, for >= 2 s, with text at
  least 5% of the shorter side. Found by drawing the label genvideo would draw for this frame size
  (same font, same libass) and correlating it with the video's frames;
- C2PA content credentials, when the c2pa package is installed and the file has a manifest.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path

import numpy as np

from pipeline.errors import InputError
from pipeline.media.ass import label_only_ass
from pipeline.media.ffmpeg import ffmpeg_exe
from pipeline.media.fonts import link_fonts_dir
from pipeline.media.probe import grab_frame, probe
from pipeline.model.platform import Profile, profiles
from pipeline.stages.labeling import AIGC_FIELDS, ai_label
from pipeline.stages.planning import label_event

SAMPLE_TIMES = (0.1, 0.5, 1.0, 1.5, 1.95, 2.5, 3.5)
MIN_LABEL_S = 2.0
MIN_HEIGHT_RATIO = 0.05


def label_texts() -> list[str]:
    zh, en = ai_label("zh"), ai_label("en")
    return [zh, en, f"{en} · {zh}"]


def _luma(rgb: np.ndarray) -> np.ndarray:
    return rgb[..., 0] * 0.2126 + rgb[..., 1] * 0.7152 + rgb[..., 2] * 0.0722


def _profile_for(width: int, height: int) -> Profile | None:
    best = min(profiles().values(), key=lambda p: abs(p.width / p.height - width / height))
    return best if abs(best.width / best.height - width / height) < 0.02 else None


def _reference(profile: Profile, text: str, size: tuple[int, int]) -> tuple[np.ndarray, tuple[int, int, int, int]]:
    """(text mask, box in video pixels) of the label genvideo draws on a frame of `size`."""
    label = label_event(profile, text, 30, 90)
    w, h = size
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "label.ass").write_text(label_only_ass(profile.width, profile.height, label, 30), encoding="utf-8")
        link_fonts_dir(Path(tmp))
        raw = subprocess.run([ffmpeg_exe(), "-v", "error", "-f", "lavfi", "-i", f"color=black:s={w}x{h}:d=1",
                              "-vf", "subtitles=label.ass:fontsdir=fonts", "-ss", "0.5", "-frames:v", "1",
                              "-f", "rawvideo", "-pix_fmt", "rgb24", "-"], cwd=tmp, capture_output=True,
                             check=True).stdout
    ref = np.frombuffer(raw, np.uint8).reshape(h, w, 3).astype(float)
    k = w / profile.width
    x0, y0, x1, y1 = (int(v * k) for v in label.box)
    return _luma(ref)[y0:y1, x0:x1] > 128, (x0, y0, x1, y1)


def _match(frame: np.ndarray, mask: np.ndarray, box: tuple[int, int, int, int]) -> float:
    """Correlation between the frame's brightness in box and the reference text mask (1 = same glyphs)."""
    x0, y0, x1, y1 = box
    region = _luma(frame[y0:y1, x0:x1].astype(float))
    if region.shape != mask.shape or mask.sum() == 0 or (~mask).sum() == 0:
        return 0.0
    contrast = region[mask].mean() - region[~mask].mean()
    if contrast < 60:  # white glyphs on the dark plate, whatever the picture behind
        return 0.0
    m = mask.astype(float)
    r = np.corrcoef(region.ravel(), m.ravel())[0, 1]
    return float(0.0 if np.isnan(r) else r)


def check_explicit(path: Path) -> dict:
    pr = probe(path)
    profile = _profile_for(pr.width, pr.height)
    if profile is None:
        return {"found": False, "reason": f"frame shape {pr.width}x{pr.height} is not one genvideo renders"}
    size = (pr.width, pr.height)
    frames = {t: grab_frame(path, t, size) for t in SAMPLE_TIMES if t < pr.duration_s}
    best = None
    for text in label_texts():
        mask, box = _reference(profile, text, size)
        score = _match(frames[1.0], mask, box) if 1.0 in frames else 0.0
        if best is None or score > best[0]:
            best = (score, text, mask, box)
    score, text, mask, box = best
    matched = [t for t in sorted(frames) if _match(frames[t], mask, box) >= 0.55]
    shown_until = 0.0
    for t in sorted(frames):
        if t not in matched:
            break
        shown_until = t
    rows = np.flatnonzero(mask.any(axis=1))
    height_ratio = (rows[-1] - rows[0] + 1) / min(size) if rows.size else 0.0
    found = bool(shown_until >= SAMPLE_TIMES[4] and height_ratio >= MIN_HEIGHT_RATIO)
    return {"found": found, "text": text if score >= 0.55 else None, "match_at_1s": round(score, 3),
            "shown_from_start_s": shown_until, "text_height_ratio": round(float(height_ratio), 4),
            "box": list(box), "frames_checked": sorted(frames)}


def check_metadata(tags: dict[str, str]) -> dict:
    raw = tags.get("AIGC")
    if raw is None:
        return {"present": False, "valid": False}
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as e:
        return {"present": True, "valid": False, "error": f"not JSON: {e}"}
    missing = [f for f in AIGC_FIELDS if f not in data]
    valid = isinstance(data, dict) and not missing and str(data.get("Label")) == "1"
    return {"present": True, "valid": valid, "missing_fields": missing, "fields": data}


def check_c2pa(path: Path, trust_anchors: Path | None = None) -> dict:
    """C2PA content credentials: present, valid (file unchanged since signing), trusted signer, reasons."""
    from pipeline.stages.credentials import has_manifest_box

    try:
        import c2pa  # noqa: F401
    except ImportError:
        present = has_manifest_box(path)
        return {"checked": False, "present": present, "valid": None, "trusted": None, "reasons": [],
                "summary": ("content credentials present but not checked: pip install 'genvideo[c2pa]'" if present
                            else "no content credentials")}
    from pipeline.stages.credentials import read_manifest

    return {"checked": True, **read_manifest(path, trust_anchors)}


def verify_video(path: Path, trust_anchors: Path | None = None, require_trusted: bool = False) -> dict:
    """Everything `genvideo verify` reports, and the verdict.

    Compliant needs the visible label and the AIGC metadata (GB 45438-2025) and, when the file carries
    C2PA content credentials, that they validate: a file changed after signing is not compliant. An
    untrusted signer is a warning, or a failure with require_trusted (which also requires credentials).
    """
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: file not found")
    try:
        pr = probe(path)
    except Exception as e:  # noqa: BLE001 - any decoder error means "not a video we can read"
        raise InputError(f"{path}: not a readable video ({e})") from None
    meta = check_metadata(pr.tags)
    try:
        label = check_explicit(path)
    except (ValueError, OSError, subprocess.CalledProcessError) as e:   # no frame where the header says one is
        said = getattr(e, "stderr", None) or b""
        detail = said.decode(errors="replace").strip().splitlines()[-1:] or ["no picture at the times its header gives"]
        raise InputError(f"{path}: the video's frames cannot be decoded ({detail[0]}): the file is cut short or "
                         "damaged; verify the complete file as it was made") from None
    creds = check_c2pa(path, trust_anchors)
    reasons, warnings = [], []
    if not label["found"]:
        reasons.append("visible AI label missing: " + (label.get("reason") or "no genvideo label on the opening frames"))
    if not meta["valid"]:
        reasons.append("AIGC metadata " + ("invalid" if meta["present"] else "missing")
                       + (" (the file was re-encoded or edited without keeping it)" if not meta["present"] else ""))
    if creds.get("present"):
        if creds.get("checked") and not creds.get("valid"):
            reasons += [f"content credentials: {r}" for r in creds.get("reasons") or ["they failed validation"]]
        elif creds.get("checked") and not creds.get("trusted"):
            (reasons if require_trusted else warnings).append("content credentials: the signer is not on a trust list"
                                                              + ("" if require_trusted else
                                                                 " (fine for tests; use --require-trusted to insist)"))
        elif not creds.get("checked"):
            (reasons if require_trusted else warnings).append(creds["summary"])
    elif require_trusted:
        reasons.append("content credentials missing (--require-trusted)")
    meta_out = {"ok": bool(meta["valid"]), **meta}
    label_out = {"ok": bool(label["found"]), **label}
    return {"file": str(path), "compliant": not reasons, "reasons": reasons, "warnings": warnings,
            "label": label_out, "metadata": meta_out, "c2pa": creds}
