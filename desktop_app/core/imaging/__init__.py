"""Pictures, locally: preparation for upload, colour, the difference map, export and metadata."""
