"""Build hook: a wheel carries the app's top-level files inside the package.

The top-level ``geodata/``, ``static/``, ``pages/``, ``app.py``, ``.streamlit/config.toml``
and ``deploy/production.config.toml`` stay the source of truth in the repository (the
design card's layout); ``build_py`` copies them to ``corridors/_bundle/`` in the wheel,
where ``corridors.domain.paths`` finds them through ``importlib.resources``. Editable
installs read the checkout itself, so nothing is copied there. Everything else is in
pyproject.toml.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
BUNDLED = ("geodata", "static", "pages", "app.py", ".streamlit/config.toml",
           "deploy/production.config.toml")
LEFT_OUT = shutil.ignore_patterns("__pycache__", "*.pyc", "secrets.toml")


class BuildPyWithBundle(build_py):
    """``build_py`` plus the app's files under ``corridors/_bundle/``."""

    def run(self):
        super().run()
        if self.editable_mode:
            return
        bundle = Path(self.build_lib) / "corridors" / "_bundle"
        for name in BUNDLED:
            source, target = ROOT / name, bundle / name
            if not source.exists():
                raise FileNotFoundError(f"{source} is missing: the wheel would not work")
            target.parent.mkdir(parents=True, exist_ok=True)
            if source.is_dir():
                shutil.copytree(source, target, ignore=LEFT_OUT, dirs_exist_ok=True)
            else:
                shutil.copy2(source, target)


setup(cmdclass={"build_py": BuildPyWithBundle})
