"""The docks around the window: the history of jobs and the queue of this session's batches."""
