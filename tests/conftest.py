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
