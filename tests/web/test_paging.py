"""Every paginated page reads `?page=` the same way: nonsense is the first page."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict

from consult.web.paging import LAST_PAGE, page_number


@pytest.mark.parametrize(("given", "page"), [
    (None, 1), ("", 1), ("abc", 1), ("0", 1), ("-3", 1), ("2.5", 1), ("١٢", 1), (" 7 ", 7),
    ("3", 3), (str(LAST_PAGE + 1), LAST_PAGE), ("9" * 40, 1),
])
def test_the_page_asked_for(given, page):
    args = MultiDict({} if given is None else {"page": given})
    assert page_number(args) == page
