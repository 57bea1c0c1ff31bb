"""The Qt-free core: settings, image preparation, the relay client and the edit pipeline.

Nothing under this package may import Qt (enforced by tests/unit/test_core_is_qt_free.py).
"""
