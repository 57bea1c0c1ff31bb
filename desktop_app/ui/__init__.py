"""The Qt user interface. Widgets talk to the core only through :mod:`edit_runner` and signals.

Entering the package imports PySide6 and spares every later import PySide's source scan
where the module's name tells the answer (:mod:`desktop_app.ui.pyside_import_scan`).
"""

import PySide6.QtCore  # noqa: F401  # installs the scan the next line shortcuts

from desktop_app.ui.pyside_import_scan import answer_known_modules_without_reading

answer_known_modules_without_reading()
