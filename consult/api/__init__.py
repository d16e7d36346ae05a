"""The API: Consult's data for programs, as JSON (consult.api.v1; the README says how to use it).

Reading is anonymous: it shows what the public pages and the open data show, by their rules
(consult.api.read.public), for the organisation of the host it is asked on. Staff write with a
personal access token (consult.api.write). Shared by every part of it: errors (JSON bodies),
pagination (signed cursors), caching (ETag, 304), limits (the rate limit), cookies (none read
but the language), operations and spec (each endpoint declared once, the OpenAPI document from
that).
"""
