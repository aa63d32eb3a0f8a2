"""The live preview (``build.py serve``): MkDocs' server in this process, and a check of the
address it will listen on before anything is loaded."""

from __future__ import annotations

import errno
import signal
import socket
import sys
from pathlib import Path

from ..paths import MKDOCS_YML
from .build import mkdocs_session


def address_problem(dev_addr: str) -> str | None:
    """None if the preview can listen on ``dev_addr`` (host:port), else one line saying what to do."""
    host, _, port = dev_addr.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        return f"预览地址“{dev_addr}”格式不对：应写成 主机:端口，例如 --dev-addr 127.0.0.1:8000"
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the preview server does
        try:
            s.bind((host.strip("[]"), int(port)))
        except OSError as e:
            if e.errno == errno.EADDRINUSE:
                nxt = f"{host}:{int(port) + 1 if int(port) < 65535 else 8000}"
                return (
                    f"端口 {port} 已被占用（可能已有一个预览在运行）：请换一个端口，"
                    f"例如 python scripts/build.py serve --dev-addr {nxt}"
                )
            return f"无法在 {dev_addr} 上启动预览（{e.strerror}）：请用 --dev-addr 换一个地址，例如 --dev-addr 127.0.0.1:8000"
    return None


def serve(dev_addr: str, config: Path = MKDOCS_YML) -> int:
    """Live preview: rebuilds on changes to pages, banks, overrides and sources (see the hooks).

    In this process, so stopping it stops everything.  Not strict: a warning (a link to a
    page being edited) must not leave the browser on a stale page; every problem is shown at
    the top of every page instead.
    """
    import click
    from mkdocs.commands.serve import serve as mkdocs_serve

    def stop(signum, frame):  # SIGTERM ends the preview like Ctrl+C: MkDocs removes its temp folder
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    with mkdocs_session():
        try:
            mkdocs_serve(config_file=str(config), dev_addr=dev_addr, strict=False, livereload=True)
        except click.ClickException as e:
            print(f"错误：{e.format_message()}", file=sys.stderr)
            return 1
        except KeyboardInterrupt:
            pass
    return 0
