"""The counter's tests use the shared hub fixture (`tests/conftest.py`)."""
