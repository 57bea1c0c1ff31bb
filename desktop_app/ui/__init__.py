"""The Qt user interface. Widgets talk to the core only through :mod:`edit_runner` and signals."""
