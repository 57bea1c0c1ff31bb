"""The settings dialog and its forms: provider profiles, token, proxy, pictures and language."""
