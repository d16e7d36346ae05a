"""The public record, in one place: the event log read page by page (`event_log`), the record
as a file anyone can download and verify (`download`), the open data (`open_data`), and a
resident's own data, downloaded or erased (`personal_data`). The hash chain itself is kept by
`consult.core.events`."""
