"""The installed package (not the source tree) imports every module and carries its data."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _installed_location(cwd: Path) -> str | None:
    probe = subprocess.run(
        [sys.executable, "-c", "import frontwatch, sys; print(frontwatch.__file__)"],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "HOME": str(cwd)},
        check=False,
    )
    return probe.stdout.strip() if probe.returncode == 0 else None


def test_installed_package_imports_everything(tmp_path: Path) -> None:
    location = _installed_location(tmp_path)
    if location is None:
        pytest.skip("frontwatch is not installed in this interpreter (run `pip install .`)")
    result = subprocess.run(
        [sys.executable, "-m", "frontwatch.selfcheck"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "imported" in result.stdout
