"""Allows `python -m bianmin`."""

from bianmin.cli import main

raise SystemExit(main())
