"""Mask painting on the Before view: where an edit may change the picture."""
