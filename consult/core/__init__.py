"""What every feature shares, below all of them: the declarative base and its column types
(`base`), organisations and the rows they own (`organisation`, `scoping`, `tenancy`), the user
(`user`), the event log and its hash chain (`event`, `events`), errors, permissions, signed
tokens, the names of enumerations (`labels`), the jobs outbox (`outbox`, `job`), CSV files
written and read (`csv_files`, `csv_reading`), languages, dates, ids, plain text and Markdown.
Nothing here imports a feature."""
