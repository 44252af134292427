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
    assert r["label"]["text"] == "AI生成" and r["label"]["shown_from_start_s"] >= 1.95
    assert r["label"]["text_height_ratio"] >= 0.05
    assert r["metadata"]["valid"] and r["reasons"] == []
    assert not r["c2pa"]["present"]      # unsigned: judged by the GB 45438 checks alone


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
    assert not r["compliant"] and not r["metadata"]["present"] and r["label"]["found"]
    assert any("AIGC metadata missing" in x for x in r["reasons"])
    r = verify_video(covered)
    assert not r["compliant"] and r["metadata"]["valid"] and not r["label"]["found"]
    r = verify_video(foreign)
    assert not r["compliant"] and not r["metadata"]["present"] and not r["label"]["found"]
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


@pytest.fixture(scope="module")
def signed(tmp_path_factory, out_root):
    """A video signed with a throwaway test certificate, plus the certificate folder."""
    require("c2pa", "the test extra")
    from pipeline.runner import MakeSettings, Pipeline
    from pipeline.stages.credentials import make_test_certificate

    tmp = tmp_path_factory.mktemp("signed")
    chain, key = make_test_certificate(tmp / "certs")
    brief = write_brief(tmp, {"product": {"name": "Tote", "description": "A linen tote."}, "duration_s": 6})
    report = Pipeline(MakeSettings(out_root=out_root, scale=0.125, sign_cert=chain, sign_key=key)).make(brief)
    assert report["outputs"][0]["c2pa_signed"]
    return Path(report["outputs"][0]["path"]), tmp / "certs"


def _verify_cli(*args):
    res = CliRunner().invoke(main, ["verify", *map(str, args)])
    return res.exit_code, res.output


def _c2pa_box(data: bytes) -> tuple[int, int]:
    """(offset, size) of the top-level C2PA uuid box."""
    import struct

    from pipeline.stages.credentials import C2PA_UUID

    pos = 0
    while pos < len(data):
        size, kind = struct.unpack(">I4s", data[pos:pos + 8])
        if kind == b"uuid" and data[pos + 8:pos + 24] == C2PA_UUID:
            return pos, size
        pos += size
    raise AssertionError("no C2PA box")


def test_signed_untouched_video_is_compliant_with_an_untrusted_warning(signed):
    video, _ = signed
    r = verify_video(video)
    assert r["compliant"] and r["c2pa"]["present"] and r["c2pa"]["valid"] and r["c2pa"]["ai_generated"]
    assert r["c2pa"]["signer"] == "genvideo test signer" and r["c2pa"]["trusted"] is False
    assert "signingCredential.untrusted" in r["c2pa"]["validation_codes"]   # a test root is trusted by no one
    assert any("trust list" in w for w in r["warnings"])
    code, out = _verify_cli(video)
    assert code == 0 and "COMPLIANT" in out and "NOT COMPLIANT" not in out and "warning:" in out


def test_require_trusted_fails_an_untrusted_signer_and_passes_with_its_anchor(signed):
    video, certs = signed
    code, out = _verify_cli(video, "--require-trusted")
    assert code == 1 and "NOT COMPLIANT" in out and "not on a trust list" in out
    root = certs / "root.pem"
    pem = (certs / "chain.pem").read_text()
    root.write_text(pem[pem.index("-----END CERTIFICATE-----") + 26:].strip() + "\n")   # the test CA alone
    code, out = _verify_cli(video, "--require-trusted", "--trust-anchors", root)
    assert code == 0, out
    r = verify_video(video, trust_anchors=root, require_trusted=True)
    assert r["compliant"] and r["c2pa"]["trusted"] and r["c2pa"]["validation_state"] == "Trusted"
    code, out = _verify_cli(video, "--trust-anchors", certs / "key.pem")
    assert code == 2 and "no PEM certificate" in out


def test_bytes_flipped_after_signing_fail_verification(signed, tmp_path):
    video, _ = signed
    data = bytearray(video.read_bytes())
    mdat = data.index(b"mdat")
    for i in range(mdat + 5000, mdat + 5200):
        data[i] ^= 0xFF
    tampered = tmp_path / "tampered.mp4"
    tampered.write_bytes(bytes(data))
    r = verify_video(tampered)
    assert not r["compliant"] and r["c2pa"]["present"] and r["c2pa"]["valid"] is False
    assert "the video was changed after it was signed" in r["c2pa"]["reasons"]
    assert r["metadata"]["valid"]                  # the GB 45438 parts are reported on their own
    code, out = _verify_cli(tampered)
    assert code == 1 and "NOT COMPLIANT" in out and "changed after it was signed" in out


def test_truncated_manifest_fails_verification(signed, tmp_path):
    video, _ = signed
    data = video.read_bytes()
    at, size = _c2pa_box(data)
    lost = bytearray(data)
    lost[at + size // 2:at + size] = bytes(size - size // 2)      # the manifest's second half lost
    (tmp_path / "lost.mp4").write_bytes(bytes(lost))
    r = verify_video(tmp_path / "lost.mp4")
    assert not r["compliant"] and r["c2pa"]["present"] and r["c2pa"]["valid"] is False, r["c2pa"]
    assert any("content credentials" in x for x in r["reasons"])
    assert _verify_cli(tmp_path / "lost.mp4")[0] == 1


def test_verify_json_shape(signed, made_zh):
    video, _ = signed
    code, out = _verify_cli(video, Path(made_zh["outputs"][0]["path"]), "--json")
    assert code == 0, out
    signed_r, plain_r = json.loads(out)
    for r in (signed_r, plain_r):
        assert set(r) >= {"file", "compliant", "reasons", "warnings", "label", "metadata", "c2pa"}
        assert isinstance(r["label"]["ok"], bool) and isinstance(r["metadata"]["ok"], bool)
        assert {"present", "valid", "trusted"} <= set(r["c2pa"])
    assert signed_r["c2pa"]["present"] is True and signed_r["c2pa"]["valid"] is True
    assert signed_r["c2pa"]["trusted"] is False and isinstance(signed_r["c2pa"]["reasons"], list)
    assert plain_r["c2pa"]["present"] is False and plain_r["compliant"] is True


def test_signing_needs_both_files(tmp_path):
    brief = write_brief(tmp_path, {"product": {"name": "Tote", "description": "A linen tote."}})
    res = CliRunner().invoke(main, ["make", str(brief), "--out", str(tmp_path / "o"), "--sign-cert", "x.pem"])
    assert res.exit_code == 2 and "--sign-key" in res.output
