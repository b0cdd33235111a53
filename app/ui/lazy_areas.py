"""The office areas of one main window, each built the first time it is needed.

The navigation lists every area the person may use from the start; an area's
view, controller, menu and data are made only when it is first shown (or
asked for by a link from another area), so the window comes up without
building, importing or filling what nobody opened.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

from PySide6.QtWidgets import QWidget

from app.ui.areas import AreaContext, AreaController, AreaSpec

Built = Callable[[AreaSpec, QWidget, AreaController], None]


class OfficeAreas(Mapping[str, AreaController]):
    """Name → controller of the areas listed; reading one builds it (``built`` is told once)."""

    def __init__(self, specs: list[AreaSpec], context: AreaContext, built: Built) -> None:
        self._specs = {spec.name: spec for spec in specs}
        self._context = context
        self._built_hook = built
        self._controllers: dict[str, AreaController] = {}
        self._views: dict[str, QWidget] = {}
        self.views = AreaViews(self)

    def __getitem__(self, name: str) -> AreaController:
        if name not in self._controllers:
            spec = self._specs[name]  # KeyError for an area this window does not list
            view, controller = spec.build(self._context)
            self._views[name], self._controllers[name] = view, controller
            self._built_hook(spec, view, controller)
        return self._controllers[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._specs)

    def __len__(self) -> int:
        return len(self._specs)

    def is_built(self, name: str) -> bool:
        return name in self._controllers

    def built(self) -> dict[str, AreaController]:
        """The areas made so far (the others have nothing running to wait for or stop)."""
        return dict(self._controllers)

    def view(self, name: str) -> QWidget:
        self[name]
        return self._views[name]


class AreaViews(Mapping[str, QWidget]):
    """The same areas' views; reading one builds its area."""

    def __init__(self, areas: OfficeAreas) -> None:
        self._areas = areas

    def __getitem__(self, name: str) -> QWidget:
        return self._areas.view(name)

    def __iter__(self) -> Iterator[str]:
        return iter(self._areas)

    def __len__(self) -> int:
        return len(self._areas)
