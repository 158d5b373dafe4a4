"""The installed package (not the source tree) imports every module and carries its data."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


def _run(code: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the interpreter away from the source tree, so only an installed package imports."""
    return subprocess.run(
        [sys.executable, *code],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "HOME": str(cwd)},
        check=False,
    )


def test_installed_package_imports_everything(tmp_path: Path) -> None:
    if _run(["-c", "import frontwatch"], tmp_path).returncode != 0:
        pytest.skip("frontwatch is not installed in this interpreter (run `pip install .`)")
    result = _run(["-m", "frontwatch.selfcheck"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert "imported" in result.stdout
