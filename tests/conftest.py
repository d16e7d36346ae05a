pytest_plugins = [
    "tests.fixtures.app",
    "tests.fixtures.factories",
    "tests.fixtures.clients",
    "tests.fixtures.themes",
    "tests.fixtures.plans",
    "tests.fixtures.assemblies",
    "tests.fixtures.smtp",
    "tests.fixtures.channels",
]
