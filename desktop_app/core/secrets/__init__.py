"""Secrets: the token and proxy passwords in the OS keyring, and profile edits that hold them."""
