import pytest

from consult.web.devices import describe_device

AGENTS = {
    "Mozilla/5.0 (Android 14; Mobile; rv:128.0) Gecko/128.0 Firefox/128.0": ("Firefox", "Android"),
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0": ("Edge", "Windows"),
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
    "Gecko) Version/17.5 Mobile/15E148 Safari/604.1": ("Safari", "iOS"),
    "Mozilla/5.0 (Linux; Android 13; SM-A135F) AppleWebKit/537.36 (KHTML, like Gecko) "
    "SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile Safari/537.36": ("Samsung Internet", "Android"),
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Safari/537.36": ("Chrome", "macOS"),
    "curl/8.5.0": ("", ""),
    "": ("", ""),
}


@pytest.mark.parametrize(("agent", "expected"), AGENTS.items())
def test_describe_device_names_browser_and_system_only(agent, expected):
    assert tuple(describe_device(agent)) == expected


def test_describe_device_reads_no_further_than_its_limit():
    assert describe_device("x" * 10_000 + " Firefox/128.0") == ("", "")
