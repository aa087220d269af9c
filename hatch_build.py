"""Wheel build hook: a built wheel carries the dbt project and the samples inside the ``ogi``
package (``ogi/project``), so an installed ``ogi`` runs outside the checkout. An editable install
does not copy them: it uses the checkout's own folders (see ``ogi/project.py``)."""

from __future__ import annotations

from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

PROJECT_FILES = (
    "dbt_project.yml",
    "profiles.yml",
    "models",
    "macros",
    "seeds",
    "data-tests",
    "expectations",
    "samples",
)


class CustomBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if version == "standard":
            build_data["force_include"].update(
                {name: f"ogi/project/{name}" for name in PROJECT_FILES}
            )
