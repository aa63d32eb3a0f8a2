"""Build the site with MkDocs, atomically: a failed build never touches the previous site/."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .sources import ROOT

SITE = ROOT / "site"


def mkdocs_env() -> dict[str, str]:
    # Material 9.8 prints an end-of-life banner on every build; it is known (see README).
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def build_site(site_dir: Path = SITE, config: Path = ROOT / "mkdocs.yml") -> int:
    """Build into a temporary folder beside ``site_dir`` and swap it in only on success."""
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-new-", dir=site_dir.parent))
    try:
        result = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(tmp)],
            cwd=ROOT,
            env=mkdocs_env(),
        )
        if result.returncode != 0:
            print(f"构建失败（mkdocs 退出码 {result.returncode}），原有的 {site_dir.name}/ 保持不变。", file=sys.stderr)
            return result.returncode
        swap_in(tmp, site_dir)
        print(f"已生成 {site_dir.relative_to(ROOT) if site_dir.is_relative_to(ROOT) else site_dir}/")
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def swap_in(new: Path, target: Path) -> None:
    """Replace ``target`` by ``new`` with renames, so readers never see a half-written folder."""
    old = target.with_name(f".{target.name}-old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def serve(dev_addr: str, config: Path = ROOT / "mkdocs.yml") -> int:
    return subprocess.call(
        [sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", dev_addr], cwd=ROOT, env=mkdocs_env()
    )
