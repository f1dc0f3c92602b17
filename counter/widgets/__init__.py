"""The parts of the counter's desk screen, each in its own module."""
