"""make blocks risky claims unless overridden; verify tells compliant files from stripped and foreign ones."""

import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.media.ffmpeg import ffmpeg_exe
from pipeline.stages.verify import verify_video
from tests.conftest import require, write_brief

RISKY = {"product": {"name": "Tote", "description": "A linen tote."}, "cta": "The best tote ever, guaranteed",
         "language": "en", "duration_s": 6}


def test_make_blocks_then_override_is_recorded(tmp_path, out_root):
    data = {**RISKY, "cta": "Clinically proven comfort. Buy now"}
    brief = write_brief(tmp_path, data)
    res = CliRunner().invoke(main, ["make", str(brief), "--out", str(out_root), "--scale", "0.125"])
    assert res.exit_code == 2 and "Clinically proven" in res.output and "--allow-claims" in res.output
    res = CliRunner().invoke(main, ["make", str(brief), "--out", str(out_root), "--scale", "0.125", "--allow-claims",
                                    "--json"])
    assert res.exit_code == 0, res.output
    report = json.loads(res.output[res.output.index("{"):])
    assert report["compliance"]["override"] is True and report["compliance"]["blocking"] >= 1


def test_check_command_exit_codes(tmp_path):
    clean = write_brief(tmp_path / "a", {"product": {"name": "Tote", "description": "A linen tote."}})
    risky = write_brief(tmp_path / "b", {**RISKY, "cta": "根治失眠，立即购买"})
    assert CliRunner().invoke(main, ["check", str(clean)]).exit_code == 0
    res = CliRunner().invoke(main, ["check", str(risky)])
    assert res.exit_code == 1 and "根治" in res.output and "[block]" in res.output


def test_verify_compliant_output(made_zh):
    r = verify_video(Path(made_zh["outputs"][0]["path"]))
    assert r["compliant"], r
    assert r["explicit"]["text"] == "AI生成" and r["explicit"]["shown_from_start_s"] >= 1.95
    assert r["explicit"]["text_height_ratio"] >= 0.05
    assert r["implicit"]["valid"]


@pytest.fixture(scope="module")
def altered(made_zh, tmp_path_factory):
    src = made_zh["outputs"][0]["path"]
    d = tmp_path_factory.mktemp("altered")
    reenc, covered, foreign = d / "reencoded.mp4", d / "covered.mp4", d / "foreign.mp4"
    ff = [ffmpeg_exe(), "-v", "error", "-y"]
    subprocess.run(ff + ["-i", src, str(reenc)], check=True)                       # plain re-encode
    subprocess.run(ff + ["-i", src, "-vf", "drawbox=x=0:y=0:w=iw:h=ih/4:color=black:t=fill", "-map_metadata", "0",
                         "-movflags", "use_metadata_tags", str(covered)], check=True)  # label painted over
    subprocess.run(ff + ["-f", "lavfi", "-i", "testsrc2=s=270x480:d=4", "-pix_fmt", "yuv420p", str(foreign)],
                   check=True)                                                     # not made by genvideo
    return reenc, covered, foreign


def test_verify_reports_non_compliant_files(altered):
    reenc, covered, foreign = altered
    r = verify_video(reenc)
    assert not r["compliant"] and not r["implicit"]["present"] and r["explicit"]["found"]
    r = verify_video(covered)
    assert not r["compliant"] and r["implicit"]["valid"] and not r["explicit"]["found"]
    r = verify_video(foreign)
    assert not r["compliant"] and not r["implicit"]["present"] and not r["explicit"]["found"]
    res = CliRunner().invoke(main, ["verify", str(reenc)])
    assert res.exit_code == 1 and "NOT COMPLIANT" in res.output


def test_audio_label_is_spoken_for_chinese_platforms(made_zh):
    run = Path(made_zh["run_dir"])
    script = json.loads((run / "script.json").read_text())
    assert script["scenes"][-1]["kind"] == "disclosure" and "人工智能" in script["scenes"][-1]["narration"]
    narr = json.loads((run / "narration.json").read_text())
    assert narr["sentences"][-1]["end_s"] > narr["sentences"][-2]["end_s"]
    assert "本视频由人工智能生成" in (run / "captions.srt").read_text()


def test_audio_label_off_for_english_tiktok(made_en):
    script = json.loads((Path(made_en["run_dir"]) / "script.json").read_text())
    assert all(s["kind"] != "disclosure" for s in script["scenes"])


def test_c2pa_round_trip_with_a_test_certificate(tmp_path, out_root):
    require("c2pa", "the test extra")
    from pipeline.runner import MakeSettings, Pipeline
    from pipeline.stages.credentials import make_test_certificate, read_manifest

    chain, key = make_test_certificate(tmp_path / "certs")
    brief = write_brief(tmp_path, {"product": {"name": "Tote", "description": "A linen tote."}, "duration_s": 6})
    report = Pipeline(MakeSettings(out_root=out_root, scale=0.125, sign_cert=chain, sign_key=key)).make(brief)
    video = Path(report["outputs"][0]["path"])
    assert report["outputs"][0]["c2pa_signed"]
    r = verify_video(video)
    assert r["compliant"] and r["c2pa"]["present"] and r["c2pa"]["ai_generated"] and r["c2pa"]["intact"]
    assert r["c2pa"]["signer"] == "genvideo test signer"
    assert "signingCredential.untrusted" in r["c2pa"]["validation_codes"]   # a test root is trusted by no one
    # tampering with the pictures after signing breaks the hard binding
    data = bytearray(video.read_bytes())
    mdat = data.index(b"mdat")
    for i in range(mdat + 5000, mdat + 5200):
        data[i] ^= 0xFF
    tampered = tmp_path / "tampered.mp4"
    tampered.write_bytes(bytes(data))
    t = read_manifest(tampered)
    assert t["present"] and not t["intact"], t


def test_signing_needs_both_files(tmp_path):
    brief = write_brief(tmp_path, {"product": {"name": "Tote", "description": "A linen tote."}})
    res = CliRunner().invoke(main, ["make", str(brief), "--out", str(tmp_path / "o"), "--sign-cert", "x.pem"])
    assert res.exit_code == 2 and "--sign-key" in res.output
