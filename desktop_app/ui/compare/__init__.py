"""The result area: one zoomable view and the side-by-side, split and difference comparisons."""
