"""Bianmin (便民): a queue-ticket system for town convenience service halls.

This package holds what the hub, kiosk, counter and display share: the domain rules
(pure, no I/O), the configuration, the wire protocol, the hub client and the command line.
"""

__version__ = "0.1.0"
