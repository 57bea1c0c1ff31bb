"""The history of jobs: the SQLite store, its schema, records, queries and the files it keeps."""
