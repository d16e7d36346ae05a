"""Steps of the CSV import in pages, as a browser without JavaScript takes them."""

from __future__ import annotations

import io
import re

from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from consult.ideas.import_forms import MAPPED_FIELDS
from tests.fixtures.clients import csrf_token


def import_path(consultation) -> str:
    return f"/facilitate/consultations/{consultation.id}/ideas/import"


def upload(client, consultation, content: bytes, filename: str = "ideas.csv"):
    """POST the file to the upload step; answers the redirect to the mapping step."""
    boundary, body = encode_multipart({
        "csrf_token": csrf_token(client, import_path(consultation)),
        "file": FileStorage(io.BytesIO(content), filename, content_type="text/csv")})
    return client.post(f"{import_path(consultation)}/upload", data=body,
                       content_type=f"multipart/form-data; boundary={boundary}")


def map_columns(client, mapping_url: str, mode: str = "all", channel: str = "paper",
                **columns):
    """POST the mapping step: `columns` as text="comment", source_id="id"…"""
    data = {"csrf_token": csrf_token(client, mapping_url), "mode": mode, "channel": channel}
    data |= {f"column_{key}": columns.get(key, "") for key, _label in MAPPED_FIELDS}
    return client.post(mapping_url, data=data)


def upload_and_map(client, consultation, content: bytes, **kwargs):
    uploaded = upload(client, consultation, content)
    assert uploaded.status_code == 302, uploaded.get_data(as_text=True)
    return uploaded.headers["Location"], map_columns(client, uploaded.headers["Location"],
                                                     **kwargs)


def import_id(location: str) -> int:
    return int(re.search(r"/imports?/(\d+)", location).group(1))
