"""The hall display: the web page the waiting room's television shows, and its voice.

The hub serves the page at `/display` (see `server.views.display`); `display.voice` says how
a call is spoken as a sequence of clips, `display.clips` makes and caches those clips with
espeak-ng.
"""
