"""Machine-verifiable certificates: Open Badges 3.0 ``OpenBadgeCredential`` as a VC-JWT,
signed with Ed25519; the public key is published as a JWKS.

The signing key comes from ``LMS_SIGNING_KEY`` (a PEM private key) or from
``instance/signing-key.pem``, created on first use with owner-only permissions (never
committed: instance/ is ignored by git).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from flask import Flask, current_app

from lms.certificates.models import Certificate

KEY_FILE = "signing-key.pem"
ISSUER_NAME = "乡镇干部网络学院 Township Academy"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _load_or_create(app: Flask) -> Ed25519PrivateKey:
    configured = app.config.get("LMS_SIGNING_KEY")
    if configured:
        key = serialization.load_pem_private_key(configured.encode(), password=None)
    else:
        path = Path(app.instance_path) / KEY_FILE
        try:
            # O_EXCL: two workers starting at once cannot both write a key
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        else:
            key = Ed25519PrivateKey.generate()
            with os.fdopen(fd, "wb") as f:
                f.write(
                    key.private_bytes(
                        serialization.Encoding.PEM,
                        serialization.PrivateFormat.PKCS8,
                        serialization.NoEncryption(),
                    )
                )
    if not isinstance(key, Ed25519PrivateKey):
        raise RuntimeError("the signing key must be an Ed25519 private key")
    return key


def signing_key() -> Ed25519PrivateKey:
    cache = current_app.extensions.setdefault("lms_signing", {})
    if "key" not in cache:
        cache["key"] = _load_or_create(current_app._get_current_object())  # type: ignore[attr-defined]
    return cache["key"]  # type: ignore[no-any-return]


def public_jwk(public: Ed25519PublicKey | None = None) -> dict[str, str]:
    public = public or signing_key().public_key()
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    jwk = {"crv": "Ed25519", "kty": "OKP", "x": _b64(raw)}
    # RFC 7638 thumbprint as the key id
    thumbprint = hashlib.sha256(
        json.dumps(jwk, separators=(",", ":"), sort_keys=True).encode()
    ).digest()
    return {**jwk, "kid": _b64(thumbprint), "alg": "EdDSA", "use": "sig"}


def jwks() -> dict[str, Any]:
    return {"keys": [public_jwk()]}


def open_badge(certificate: Certificate, achievement_path: str) -> dict[str, Any]:
    """The certificate as an Open Badges 3.0 credential (no personal data in clear)."""
    base = current_app.config["LMS_BASE_URL"].rstrip("/")
    salt = hashlib.sha256(f"{certificate.serial}:salt".encode()).hexdigest()[:16]
    identity = hashlib.sha256((certificate.holder_name + salt).encode()).hexdigest()
    return {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        ],
        "id": f"{base}/verify/{certificate.serial}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": base, "type": ["Profile"], "name": ISSUER_NAME},
        "validFrom": certificate.issued_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "name": certificate.title,
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityType": "name",
                    "hashed": True,
                    "identityHash": f"sha256${identity}",
                    "salt": salt,
                }
            ],
            "achievement": {
                "id": f"{base}/{achievement_path}",
                "type": ["Achievement"],
                "name": certificate.title,
                "description": f"完成课程《{certificate.title}》的学习并通过考核。",
                "criteria": {"narrative": "学完全部课时并通过各章测验和结业考试。"},
                "creditsAvailable": float(certificate.credit_hours),
            },
            "creditsEarned": float(certificate.credit_hours),
        },
    }


def credential_jwt(certificate: Certificate, achievement_path: str) -> str:
    """A compact JWS (VC-JWT) of the credential, signed with the instance's Ed25519 key."""
    credential = open_badge(certificate, achievement_path)
    key = signing_key()
    header = {"alg": "EdDSA", "kid": public_jwk(key.public_key())["kid"], "typ": "vc+jwt"}
    claims = {
        **credential,
        "iss": credential["issuer"]["id"],
        "jti": credential["id"],
        "nbf": int(certificate.issued_at.timestamp()),
    }
    signing_input = ".".join(
        _b64(json.dumps(part, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode())
        for part in (header, claims)
    )
    return f"{signing_input}.{_b64(key.sign(signing_input.encode()))}"


def verify_jwt(token: str, keys: dict[str, Any]) -> dict[str, Any]:
    """Check a VC-JWT against a JWKS; return its claims or raise ValueError."""
    try:
        header_b64, claims_b64, signature_b64 = token.split(".")
        header = json.loads(_unb64(header_b64))
        jwk = next(k for k in keys["keys"] if k.get("kid") == header.get("kid"))
        public = Ed25519PublicKey.from_public_bytes(_unb64(jwk["x"]))
        public.verify(_unb64(signature_b64), f"{header_b64}.{claims_b64}".encode())
        return json.loads(_unb64(claims_b64))  # type: ignore[no-any-return]
    except (ValueError, StopIteration, KeyError, InvalidSignature) as exc:
        raise ValueError(f"invalid credential: {exc.__class__.__name__}") from exc
