import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_figures():
    """Each test counts its own figures: nothing cached by an earlier test (team ids can repeat)."""
    cache.clear()
    yield
    cache.clear()
