"""C2PA content credentials: sign each MP4 with a manifest declaring it AI-generated, and read it back.

Needs the `c2pa` extra (c2pa-python, cryptography). The manifest's c2pa.created action carries
digitalSourceType trainedAlgorithmicMedia: the EU AI Act Art. 50(2) machine-readable marking.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

from pipeline import __version__
from pipeline.errors import InputError

AI_SOURCE_TYPE = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"


def _c2pa():
    try:
        import c2pa
    except ImportError:
        raise InputError("content credentials need the c2pa extra: pip install 'genvideo[c2pa]'") from None
    return c2pa


def load_signer(cert_chain: Path, private_key: Path):
    """A C2PA signer from a PEM certificate chain (signer first) and its PEM private key (ES256)."""
    c2pa = _c2pa()
    for label, p in (("--sign-cert", cert_chain), ("--sign-key", private_key)):
        if not Path(p).exists():
            raise InputError(f"{label}: {p} not found; `genvideo test-cert DIR` makes a test pair")
    try:
        info = c2pa.C2paSignerInfo(c2pa.C2paSigningAlg.ES256, Path(cert_chain).read_bytes(),
                                   Path(private_key).read_bytes(), None)
        return c2pa.Signer.from_info(info)
    except c2pa.C2paError as e:
        raise InputError(f"--sign-cert/--sign-key: the certificate or key is not usable for C2PA signing ({e}); "
                         "use an ES256 (P-256) key with a non-CA certificate that has digitalSignature usage") from None


def sign_video(path: Path, signer, title: str) -> None:
    """Embed a signed manifest in path (via a temporary file, renamed when complete)."""
    c2pa = _c2pa()
    manifest = {
        "claim_generator_info": [{"name": "genvideo", "version": __version__}],
        "title": title,
        "assertions": [{"label": "c2pa.actions", "data": {"actions": [
            {"action": "c2pa.created", "digitalSourceType": AI_SOURCE_TYPE,
             "softwareAgent": {"name": "genvideo", "version": __version__}}]}}],
    }
    tmp = path.with_name(f".{path.name}.c2pa.part")
    try:
        with open(path, "rb") as src, open(tmp, "wb") as dst:
            c2pa.Builder(json.dumps(manifest)).sign(signer, "video/mp4", src, dst)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)


C2PA_UUID = bytes.fromhex("d8fec3d61b0e483c92975828877ec481")   # the uuid box that carries a manifest in MP4
# Validation failure codes (C2PA 2.x, section 15) and what they mean to someone who is not an expert.
FAILURE_REASONS = {
    "assertion.bmffHash.mismatch": "the video was changed after it was signed",
    "assertion.dataHash.mismatch": "the video was changed after it was signed",
    "assertion.boxesHash.mismatch": "the video was changed after it was signed",
    "assertion.hashedURI.mismatch": "the content credentials were edited after signing",
    "assertion.missing": "the content credentials are incomplete (an assertion is missing)",
    "claimSignature.mismatch": "the signature does not match the content credentials (they were altered)",
    "claimSignature.missing": "the content credentials are not signed",
    "claimSignature.outsideValidity": "it was signed outside the signing certificate's validity period",
    "signingCredential.expired": "the signing certificate had expired when the video was signed",
    "signingCredential.revoked": "the signing certificate was revoked",
    "signingCredential.ocsp.revoked": "the signing certificate was revoked",
    "signingCredential.invalid": "the signing certificate is not valid for signing",
    "signingCredential.untrusted": "the signer is not on a trust list",
    "claim.missing": "the content credentials are incomplete (no claim)",
    "manifest.inaccessible": "the content credentials cannot be read",
}
UNTRUSTED = "signingCredential.untrusted"


def has_manifest_box(path: Path) -> bool:
    """Whether the MP4 has a top-level C2PA uuid box, whatever state its contents are in."""
    import struct

    with open(path, "rb") as f:
        size_total = f.seek(0, 2)
        pos = 0
        while pos + 8 <= size_total:
            f.seek(pos)
            head = f.read(16)
            if len(head) < 8:
                return False
            size, kind = struct.unpack(">I4s", head[:8])
            header = 8
            if size == 1:
                f.seek(pos + 8)
                size = struct.unpack(">Q", f.read(8))[0]
                header = 16
            elif size == 0:
                size = size_total - pos
            if kind == b"uuid":
                f.seek(pos + header)
                if f.read(16) == C2PA_UUID:
                    return True
            if size < header:
                return False
            pos += size
    return False


def _context(trust_anchors: Path | None):
    c2pa = _c2pa()
    if trust_anchors is None:
        return None
    try:
        pem = Path(trust_anchors).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"--trust-anchors {trust_anchors}: cannot read it ({e}); pass a PEM file of root certificates") from None
    if "BEGIN CERTIFICATE" not in pem:
        raise InputError(f"--trust-anchors {trust_anchors}: no PEM certificate in it; pass a file with "
                         "-----BEGIN CERTIFICATE----- blocks")
    settings = {"verify": {"verify_trust": True}, "trust": {"trust_anchors": pem}}
    return c2pa.Context(c2pa.Settings.from_json(json.dumps(settings)))


def read_manifest(path: Path, trust_anchors: Path | None = None) -> dict:
    """What the file's C2PA manifest says and whether it holds: present, valid, trusted, reasons.

    valid: the signature and every hard binding check out (the file is as it was signed).
    trusted: the signer chains to a trust anchor (the SDK's defaults, plus --trust-anchors).
    """
    c2pa = _c2pa()
    box = has_manifest_box(path)
    ctx = _context(trust_anchors)
    try:
        with open(path, "rb") as f:
            reader = c2pa.Reader("video/mp4", f, context=ctx) if ctx else c2pa.Reader("video/mp4", f)
            store = json.loads(reader.json())
    except c2pa.C2paError as e:
        text = str(e)
        if not box and ("ManifestNotFound" in text or "not found" in text.lower()):
            return {"present": False, "valid": None, "trusted": None, "reasons": [], "summary": "no content credentials"}
        return {"present": True, "valid": False, "trusted": False, "ai_generated": None, "validation_codes": [],
                "reasons": [f"the content credentials are damaged and cannot be read ({text.splitlines()[0][:120]})"],
                "intact": False, "summary": "content credentials present but unreadable"}
    active = store.get("manifests", {}).get(store.get("active_manifest", ""), {})
    ai = any(a.get("digitalSourceType") == AI_SOURCE_TYPE
             for asr in active.get("assertions", []) if asr.get("label", "").startswith("c2pa.actions")
             for a in asr.get("data", {}).get("actions", []))
    sig = active.get("signature_info", {})
    codes = [s.get("code") for s in store.get("validation_status") or [] if s.get("code")]
    failures = [c for c in codes if c != UNTRUSTED]
    state = store.get("validation_state")
    if state == "Invalid" and not failures:
        failures = ["manifest.invalid"]
    reasons = list(dict.fromkeys(FAILURE_REASONS.get(c, f"the content credentials failed validation ({c})")
                                 for c in failures))
    trusted = state == "Trusted" or (not failures and UNTRUSTED not in codes and state != "Valid")
    summary = (f"{'AI-generated' if ai else 'not declared AI-generated'}, signed by {sig.get('common_name')!r} "
               f"({sig.get('issuer')}); " + ("integrity OK" if not failures else "; ".join(reasons))
               + ("" if trusted else "; signer not in a trust list"))
    return {"present": True, "valid": not failures, "trusted": bool(trusted), "ai_generated": ai,
            "signer": sig.get("common_name"), "issuer": sig.get("issuer"), "validation_state": state,
            "validation_codes": codes, "reasons": reasons, "intact": not failures, "summary": summary}


def make_test_certificate(folder: Path, days: int = 365) -> tuple[Path, Path]:
    """Write a throwaway test CA + ES256 signer: chain.pem (signer, CA) and key.pem. For testing only."""
    try:
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
    except ImportError:
        raise InputError("test certificates need the c2pa extra: pip install 'genvideo[c2pa]'") from None
    now = datetime.datetime.now(datetime.timezone.utc)

    def name(cn: str) -> x509.Name:
        return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn),
                          x509.NameAttribute(NameOID.ORGANIZATION_NAME, "genvideo test (not trusted)")])

    def usage(**on: bool) -> x509.KeyUsage:
        keys = ("digital_signature", "content_commitment", "key_encipherment", "data_encipherment",
                "key_agreement", "key_cert_sign", "crl_sign", "encipher_only", "decipher_only")
        return x509.KeyUsage(**{k: on.get(k, False) for k in keys})

    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (x509.CertificateBuilder().subject_name(name("genvideo test root")).issuer_name(name("genvideo test root"))
          .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
          .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=days))
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .add_extension(usage(digital_signature=True, key_cert_sign=True, crl_sign=True), critical=True)
          .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder().subject_name(name("genvideo test signer")).issuer_name(ca.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=days))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(usage(digital_signature=True), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))
    folder.mkdir(parents=True, exist_ok=True)
    chain, pkey = folder / "chain.pem", folder / "key.pem"
    chain.write_bytes(cert.public_bytes(serialization.Encoding.PEM) + ca.public_bytes(serialization.Encoding.PEM))
    pkey.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption()))
    pkey.chmod(0o600)
    return chain, pkey
