"""`bianmin display`: open the hall display full screen, or say where it is; with
`--window N`, the screen above window N (窗口屏) instead.

With Chromium installed and a screen attached it starts Chromium in kiosk mode with the flag
that lets the page speak without a click; otherwise it prints the address to open.
"""

from __future__ import annotations

import json
import os
import shutil
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

WAIT_SECONDS = 3.0
BROWSERS = ("chromium", "chromium-browser", "google-chrome-stable", "google-chrome")
KIOSK_FLAGS = (
    "--kiosk",
    "--autoplay-policy=no-user-gesture-required",  # speak calls without anyone touching it
    "--noerrdialogs",
    "--disable-infobars",
    "--disable-session-crashed-bubble",
    "--disable-features=Translate",
    "--no-first-run",
    "--check-for-update-interval=31536000",
    "--password-store=basic",
)


def page_url(hub: str, token: str, window: int | None = None) -> str:
    page = "/display" if window is None else f"/display/window/{window}"
    return f"{hub.rstrip('/')}{page}?{urlencode({'token': token})}"


def find_browser() -> str | None:
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    return None


def has_screen() -> bool:
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def profile_dir(window: int | None = None) -> Path:
    """A browser profile of its own, so the kiosk keeps its mute setting and no other tabs
    (one for each screen a box drives)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    name = "display-browser" if window is None else f"window-{window}-browser"
    return Path(base) / "bianmin" / name


def kiosk_command(browser: str, url: str, profile: Path) -> list[str]:
    return [browser, *KIOSK_FLAGS, f"--user-data-dir={profile}", url]


def check_hub(hub: str, token: str) -> tuple[bool, str]:
    """Whether the hub answers, and a line saying so (or what is wrong)."""
    url = f"{hub.rstrip('/')}/api/display/settings?{urlencode({'token': token})}"
    try:
        with urllib.request.urlopen(url, timeout=3):
            return True, "The hub answers and accepts the display token."
    except urllib.error.HTTPError as err:
        try:
            message = json.loads(err.read().decode("utf-8"))["error"]["message"]
        except (ValueError, KeyError, TypeError):
            message = str(err)
        return True, f"The hub refused the display token ({err.code}): {message}"
    except (urllib.error.URLError, OSError) as err:
        return False, f"The hub is not reachable yet ({err})."


def run(hub: str, token: str, print_only: bool = False, window: int | None = None) -> int:
    url = page_url(hub, token, window)
    reachable, message = check_hub(hub, token)
    print(message)
    browser = None if print_only else find_browser()
    if browser is None or not has_screen():
        if not print_only:
            print("No Chromium or no screen here: open this address full screen on the "
                  "television's browser (Chromium: --kiosk --autoplay-policy="
                  "no-user-gesture-required):")
        print(url)
        return 0
    # A television box that starts before the hub would show a browser error page: wait.
    while not reachable:
        print(f"Waiting for the hub at {hub} ...", flush=True)
        time.sleep(WAIT_SECONDS)
        reachable, message = check_hub(hub, token)
    print(message)
    what = "the hall display" if window is None else f"the screen of window {window}"
    print(f"Opening {what} in kiosk mode: {url}")
    print("(Alt+F4 closes it.)", flush=True)
    os.execv(browser, kiosk_command(browser, url, profile_dir(window)))
    return 0  # not reached: the browser replaced this process
