"""The [display] table: the sample's values, defaults, and mistakes named with their line."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

import pytest

from bianmin.config import Config, ConfigError
from display.settings import COLOURS, parse
from tests.hubfixture import demo_config

Edit = Callable[[str], str]


class ConfigWith(Protocol):
    def __call__(self, edit: Edit | None = None) -> Config: ...


@pytest.fixture
def config_with(tmp_path: Path) -> ConfigWith:
    """The demo configuration in `tmp_path`, edited."""
    def make(edit: Edit | None = None) -> Config:
        return demo_config(tmp_path, edit)
    return make


def test_the_sample_configuration_gives_the_defaults(config_with: ConfigWith
                                                     ) -> None:
    config = config_with()
    settings = parse(config)
    assert settings.colours == COLOURS
    assert (settings.scale, settings.recent_calls, settings.highlight_seconds) == (1.0, 8, 8)
    voice = settings.voice
    assert (voice.repeat, voice.number_reading, voice.chime, voice.rate) == (2, "digits", True, 175)
    assert voice.cache_dir == config.database.parent / "voice-cache"
    assert voice.clips_dir is None
    page = settings.page()
    assert page["voice"] == {"enabled": True, "repeat": 2, "number_reading": "digits",
                             "chime": True, "volume": 1.0, "gap_ms": 700,
                             "max_age_seconds": 120}
    assert "cache_dir" not in page["voice"]


def test_an_office_sets_its_own_colours_voice_and_folders(
        tmp_path: Path, config_with: ConfigWith) -> None:
    def edit(text: str) -> str:
        text = text.replace('accent = "#ffd23f"', 'accent = "gold"')
        text = text.replace("scale = 1.0", "scale = 1.25")
        text = text.replace('number_reading = "digits"', 'number_reading = "natural"')
        text = text.replace("repeat = 2", "repeat = 3")
        text = text.replace('# clips_dir = "voice-clips"', 'clips_dir = "recorded"')
        return text.replace('# cache_dir = "voice-cache"', 'cache_dir = "/var/cache/bianmin"')

    config = config_with(edit)
    settings = parse(config)
    assert settings.colours["accent"] == "gold" and settings.scale == 1.25
    assert settings.voice.number_reading == "natural" and settings.voice.repeat == 3
    assert settings.voice.clips_dir == tmp_path / "recorded"
    assert settings.voice.cache_dir == Path("/var/cache/bianmin")


@pytest.mark.parametrize(("old", "new", "key", "says"), [
    ('accent = "#ffd23f"', 'accent = "url(http://x)"', "display.accent", "not a colour"),
    ("scale = 1.0", "scale = 5", "display.scale", "between 0.5 and 2"),
    ("scale = 1.0", 'scale = "big"', "display.scale", "must be float"),
    ("recent_calls = 8", "recent_calls = 0", "display.recent_calls", "between 1 and 20"),
    ("show_windows = true", "show_windows = 1", "display.show_windows", "must be bool"),
    ("show_windows = true", "show_window = true", "display.show_window", "unknown key"),
    ('number_reading = "digits"', 'number_reading = "pinyin"', "display.voice.number_reading",
     "A十二"),
    ("repeat = 2", "repeat = 0", "display.voice.repeat", "between 1 and 5"),
    ("volume = 1.0", "volume = 2", "display.voice.volume", "between 0 and 1"),
    ("chime = true", "chimes = true", "display.voice.chimes", "unknown key"),
])
def test_a_mistake_names_the_key_and_its_line(config_with: ConfigWith, old: str,
                                              new: str, key: str, says: str) -> None:
    config = config_with(lambda text: text.replace(old, new, 1))
    with pytest.raises(ConfigError) as caught:
        parse(config)
    err = caught.value
    assert err.key == key and says in err.message
    lines = config.path.read_text(encoding="utf-8").splitlines()
    assert err.line is not None and re.match(rf"\s*{key.split('.')[-1]}\s*=", lines[err.line - 1])
