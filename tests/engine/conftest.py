"""Load the scoring engine by path, without importing Odoo.

``import cciaa_performance.engine`` would first run ``cciaa_performance/__init__.py``,
which imports the Odoo models. The engine only uses relative imports among its
own modules, so it is loaded here as the synthetic top-level package
``cciaa_engine``; tests write ``from cciaa_engine import ...``.
"""

import importlib.util
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
ENGINE_DIR = ROOT / "cciaa_performance" / "engine"
ENGINE_NAME = "cciaa_engine"


def load_engine():
    """Import ``cciaa_performance/engine`` as the package ``cciaa_engine`` (once)."""
    if ENGINE_NAME in sys.modules:
        return sys.modules[ENGINE_NAME]
    spec = importlib.util.spec_from_file_location(
        ENGINE_NAME,
        ENGINE_DIR / "__init__.py",
        submodule_search_locations=[str(ENGINE_DIR)],
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[ENGINE_NAME] = module
    spec.loader.exec_module(module)
    return module


load_engine()
