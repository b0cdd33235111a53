"""Opening the import wizard from the Owner area."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.domain.permissions import Actor
from app.services.container import Services
from app.ui.imports.wizard_controller import ImportFiles, ImportWizardController
from app.ui.imports.wizard_view import ImportWizardView
from app.ui.tasks import TaskRunner


def open_import_wizard(
    services: Services,
    actor: Actor,
    parent: QWidget,
    runner: TaskRunner,
    file_questions: ImportFiles | None = None,
) -> ImportWizardController:
    """The wizard, shown window-modal; its controller (tests drive it) lives as long as the dialog."""
    view = ImportWizardView(parent)
    controller = ImportWizardController(services, actor, view, runner, file_questions)
    view.open()
    return controller
