"""Icons, stylesheets, translations and samples.

Shipped as package data (``desktop_app.resources``).
"""
