"""The window's frame: menus, shortcuts, language, look, remembered geometry, the welcome panel."""
