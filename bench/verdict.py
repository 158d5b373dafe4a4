"""The line every bench prints for a target: PASS or MISS, what was measured, the target."""

from __future__ import annotations


def verdict(label: str, ok: bool, target: str) -> None:
    """Print `  PASS  label (target …)`, or MISS when `ok` is false."""
    print(f"  {'PASS' if ok else 'MISS'}  {label} (target {target})")
