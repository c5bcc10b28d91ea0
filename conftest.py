"""The root conftest: pytest takes `pytest_plugins` from this file only, so plugins that
the tests under tests/ share are registered here. Fixtures stay in tests/conftest.py."""

# The fixtures of the hostile-input tests (see the module's docstring).
pytest_plugins = ["tests.hostile_fixtures"]
