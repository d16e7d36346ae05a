"""CSV cells that spreadsheets will not run as formulas."""

import csv
import io

import pytest

from consult.core.csv_files import SafeDictWriter, SafeWriter, safe_cell


@pytest.mark.parametrize("value", ['=HYPERLINK("http://evil.example","x")', "+1+1", "-1+1",
                                   "@SUM(A1)", "\t=1", "\r=1"])
def test_safe_cell_neutralises_text_a_spreadsheet_would_run(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Plant trees", "", 3, -4, None, "a=b"])
def test_safe_cell_leaves_everything_else_as_it_is(value):
    assert safe_cell(value) == value


def test_safe_writers_neutralise_every_cell_header_included():
    out = io.StringIO()
    writer = SafeDictWriter(out, fieldnames=["=id", "text"], lineterminator="\n")
    writer.writeheader()
    writer.writerows([{"=id": -1, "text": "=1+1"}])
    SafeWriter(out, lineterminator="\n").writerow(["@x", 2])
    assert list(csv.reader(io.StringIO(out.getvalue()))) == [
        ["'=id", "text"], ["-1", "'=1+1"], ["'@x", "2"]]
