"""The ``retouch-studio`` command line: edits, history, token and the frozen self-test."""
