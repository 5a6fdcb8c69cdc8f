"""Shared test configuration: the hypothesis settings profiles.

``dev`` (50 examples) is the default; ``ci`` (300 examples) is chosen when the
``CI`` environment variable is set. ``HYPOTHESIS_PROFILE`` names a profile
explicitly. Neither has a deadline: timings on shared CI machines vary.
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("dev", max_examples=50, deadline=None)
settings.register_profile("ci", max_examples=300, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


def _import_benchmarks() -> None:
    """Make the repo's ``benchmarks`` package importable without putting the repo
    root on ``sys.path`` (which would shadow the installed ``provenance`` wheel).
    """
    import importlib.util
    import sys
    from pathlib import Path

    package = Path(__file__).parent.parent / "benchmarks"
    if "benchmarks" in sys.modules or not (package / "__init__.py").exists():
        return
    spec = importlib.util.spec_from_file_location(
        "benchmarks", package / "__init__.py", submodule_search_locations=[str(package)]
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["benchmarks"] = module
    spec.loader.exec_module(module)


_import_benchmarks()
