"""Installing a test plugin the way ``pip install`` leaves it, offline.

The plugin's own ``pyproject.toml`` is read for its name, version, module and
entry points, and a ``.dist-info`` holding them is written beside a copy of
the module, in a directory the test puts on ``sys.path`` or ``PYTHONPATH``.
Nothing is built and nothing is fetched.
"""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent


def install(plugin: str, site: Path) -> Path:
    """Install ``tests/plugins/<plugin>`` into ``site``; returns ``site``."""
    source = HERE / plugin
    data = tomllib.loads((source / "pyproject.toml").read_text(encoding="utf-8"))
    project = data["project"]
    dist = site / f"{project['name'].replace('-', '_')}-{project['version']}.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {project['name']}\nVersion: {project['version']}\n", encoding="utf-8")
    sections = []
    for group, points in project["entry-points"].items():
        sections.append(f"[{group}]\n" + "".join(f"{name} = {target}\n" for name, target in points.items()))
    (dist / "entry_points.txt").write_text("\n".join(sections), encoding="utf-8")
    for module in data["tool"]["setuptools"]["py-modules"]:
        shutil.copy(source / f"{module}.py", site)
    return site
