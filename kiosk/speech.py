"""Speaking to the resident after a ticket is issued: the number and how many are ahead, in
Mandarin, offline, with espeak-ng's `cmn` voice on the kiosk's own sound (with `--serve`, the
sound of the machine serving the page, which on a hall's touch screen is the same box).

Never in the way: the speech runs as a subprocess the kiosk does not wait for, a new ticket cuts
off the last one's words, and without espeak-ng (or with `--no-speech`) the kiosk is silent.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import shutil
from collections.abc import Sequence

from kiosk import texts

log = logging.getLogger("bianmin.kiosk.speech")

DIGITS = "零一二三四五六七八九"
COMMAND = ("espeak-ng", "-v", "cmn", "-s", "140")  # a little slower than its 175 words a minute
LONGEST_SECONDS = 20.0  # a line takes about 5 s; anything longer has hung


def spoken_number(number: str) -> str:
    """A ticket number as the hall reads it, digit by digit: A012 -> A零一二."""
    return "".join(DIGITS[int(c)] if c.isascii() and c.isdigit() else c for c in number)


def ticket_words(number: str, ahead: int, *, bundle: bool = False) -> str:
    """What the kiosk says once the ticket is on the screen; for a 一件事, also that the
    same number is called to each window in turn."""
    line = texts.SAY_NUMBER.format(number=spoken_number(number))
    line += texts.SAY_AHEAD.format(n=ahead) if ahead else texts.SAY_NEXT
    return line + (texts.SAY_BUNDLE if bundle else "")


class Speaker:
    """Says a line with `command` (the words are its last argument)."""

    def __init__(self, command: Sequence[str] = COMMAND) -> None:
        self.command = tuple(command)
        self.program = shutil.which(self.command[0]) if self.command else None
        self.spoken = 0  # lines said to the end, for the tests and the log
        if self.program is None:
            log.warning("%r is not installed: the kiosk will not speak. Install it with "
                        "`apt install espeak-ng`.", self.command[0] if self.command else "")

    async def say(self, words: str) -> None:
        """Say `words`; cancelled, the speech stops at once."""
        if self.program is None:
            return
        try:
            process = await asyncio.create_subprocess_exec(
                self.program, *self.command[1:], words, stdin=asyncio.subprocess.DEVNULL,
                stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
        except OSError as err:
            log.warning("cannot start %s: %s", self.program, err)
            return
        error = b""
        try:
            _, error = await asyncio.wait_for(process.communicate(), LONGEST_SECONDS)
        except TimeoutError:
            log.warning("%s took longer than %.0f s to speak; stopped", self.program,
                        LONGEST_SECONDS)
        finally:
            if process.returncode is None:  # cut off: a new ticket, the kiosk closing
                with contextlib.suppress(ProcessLookupError):
                    process.kill()
                await asyncio.shield(process.wait())
        if process.returncode == 0:
            self.spoken += 1
        elif process.returncode is not None and process.returncode > 0:
            log.warning("%s could not speak (exit %d): %s", self.program, process.returncode,
                        error.decode(errors="replace").strip()[:200])
