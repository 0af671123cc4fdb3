"""Hypothesis settings for the hostile-input tests.

Two profiles: ``suite`` (the default) keeps the folder to about a minute in ``.ci/run``;
``thorough`` (``HYPOTHESIS_PROFILE=thorough``) tries many more inputs for a long run. Neither
keeps an example database: a failure prints its input, and the repository stays clean.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, Phase, settings
from hypothesis.configuration import set_hypothesis_home_dir

# Hypothesis caches Unicode tables under its home; keep that out of the checkout.
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "polon-hypothesis")

_COMMON = {
    "database": None,
    "deadline": 2000,  # ms per input: generous for a slow CI core, far below a runaway regex
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    "print_blob": True,
    # no "explain" phase: on a failure it reruns the input hundreds of times to say which
    # lines only failing inputs ran, minutes with a database write per run
    "phases": [Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink],
}
settings.register_profile("suite", max_examples=200, **_COMMON)
settings.register_profile("thorough", max_examples=5000, **_COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "suite"))


def examples(suite: int) -> int:
    """``suite`` inputs in the default profile, scaled up with the thorough one (for tests
    whose inputs are slow, such as a database write each)."""
    return suite * 25 if os.environ.get("HYPOTHESIS_PROFILE") == "thorough" else suite
