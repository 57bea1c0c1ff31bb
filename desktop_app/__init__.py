"""Retouch Studio: ad-hoc AI image edits for designers."""

__version__ = "0.1.0"
APP_ID = "retouch-studio"
APP_NAME = "Retouch Studio"
