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


def read_manifest(path: Path) -> dict:
    """What the file's C2PA manifest says: present, AI-generated, signer, validation codes."""
    c2pa = _c2pa()
    try:
        with open(path, "rb") as f:
            store = json.loads(c2pa.Reader("video/mp4", f).json())
    except c2pa.C2paError as e:
        text = str(e)
        if "ManifestNotFound" in text or "not found" in text.lower():
            return {"present": False, "summary": "no content credentials"}
        return {"present": False, "summary": f"unreadable content credentials ({text})"}
    active = store.get("manifests", {}).get(store.get("active_manifest", ""), {})
    ai = any(a.get("digitalSourceType") == AI_SOURCE_TYPE
             for asr in active.get("assertions", []) if asr.get("label", "").startswith("c2pa.actions")
             for a in asr.get("data", {}).get("actions", []))
    sig = active.get("signature_info", {})
    codes = [s.get("code") for s in store.get("validation_status", [])]
    integrity_failures = [c for c in codes if c and not c.startswith("signingCredential.untrusted")]
    summary = (f"{'AI-generated' if ai else 'not declared AI-generated'}, signed by {sig.get('common_name')!r} "
               f"({sig.get('issuer')}); " + ("integrity OK" if not integrity_failures else
                                            f"problems: {', '.join(integrity_failures)}")
               + ("; signer not in a trust list" if "signingCredential.untrusted" in codes else ""))
    return {"present": True, "ai_generated": ai, "signer": sig.get("common_name"), "issuer": sig.get("issuer"),
            "validation_codes": codes, "intact": not integrity_failures, "summary": summary}


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
