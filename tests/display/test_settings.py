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


def test_an_office_sets_its_own_colours_voice_and_folders(
        tmp_path: Path, config_with: ConfigWith) -> None:
    def edit(text: str) -> str:
        text = text.replace('accent = "#ffd23f"', 'accent = "gold"')
        text = text.replace("scale = 1.0", "scale = 1.25")
        text = text.replace('number_reading = "digits"', 'number_reading = "natural"')
        text = text.replace("repeat = 2", "repeat = 3")
        text = text.replace('# clips_dir = "voice-clips"', 'clips_dir = "recorded"')
        return text.replace('# cache_dir = "voice-cache"', f'cache_dir = "{tmp_path}/cache"')

    (tmp_path / "recorded").mkdir()
    config = config_with(edit)
    settings = parse(config)
    assert settings.colours["accent"] == "gold" and settings.scale == 1.25
    assert settings.voice.number_reading == "natural" and settings.voice.repeat == 3
    assert settings.voice.clips_dir == tmp_path / "recorded"
    assert settings.voice.cache_dir == tmp_path / "cache"


@pytest.mark.parametrize(("old", "new", "key", "says"), [
    ('accent = "#ffd23f"', 'accent = "url(http://x)"', "display.accent", "not a colour"),
    ("scale = 1.0", "scale = 5", "display.scale", "between 0.5 and 2"),
    ("scale = 1.0", 'scale = "big"', "display.scale", "must be a number, found a string"),
    ("recent_calls = 8", "recent_calls = 0", "display.recent_calls", "between 1 and 20"),
    ("show_windows = true", "show_windows = 1", "display.show_windows", "must be true or false"),
    ("show_windows = true", "show_window = true", "display.show_window", "unknown key"),
    ('number_reading = "digits"', 'number_reading = "pinyin"', "display.voice.number_reading",
     "A十二"),
    ("repeat = 2", "repeat = 0", "display.voice.repeat", "between 1 and 5"),
    ("volume = 1.0", "volume = 2", "display.voice.volume", "between 0 and 1"),
    ("chime = true", "chimes = true", "display.voice.chimes", "unknown key"),
    ('accent = "#ffd23f"', 'accent = "\\u001b[31m"', "display.accent", "control characters"),
    ("rate = 175", "rate = 1979-05-27", "display.voice.rate", "found a date"),
    ("pitch = 50", "pitch = [50]", "display.voice.pitch", "found an array"),
    ('# espeak = "espeak-ng"', 'espeak = ""', "display.voice.espeak", "must not be empty"),
    ('# clips_dir = "voice-clips"', 'clips_dir = "nowhere"', "display.voice.clips_dir",
     "does not exist"),
    ('# cache_dir = "voice-cache"', 'cache_dir = "bianmin.toml/cache"', "display.voice.cache_dir",
     "is a file"),
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


@pytest.mark.parametrize("value", ["5", '"loud"', "[1, 2]", "2026-12-01"])
def test_the_voice_table_written_as_a_value(config_with: ConfigWith, value: str) -> None:
    def edit(text: str) -> str:
        start, end = text.index("[display.voice]"), text.index("# ---- Devices")
        text = text[:start] + text[end:]
        return text.replace("[display]\n", f"[display]\nvoice = {value}\n")

    config = config_with(edit)
    with pytest.raises(ConfigError) as caught:
        parse(config)
    err = caught.value
    assert err.key == "display.voice" and err.message.startswith("must be a table")
    lines = config.path.read_text(encoding="utf-8").splitlines()
    assert err.line is not None and lines[err.line - 1] == f"voice = {value}"


def test_the_default_voice_cache_must_be_makeable(config_with: ConfigWith,
                                                  tmp_path: Path) -> None:
    (tmp_path / "voice-cache").write_text("a file where the cache folder would go")
    config = config_with()
    with pytest.raises(ConfigError) as caught:
        parse(config)
    err = caught.value
    assert err.key == "display.voice.cache_dir" and "default cache folder" in err.message
    lines = config.path.read_text(encoding="utf-8").splitlines()
    assert err.line is not None and lines[err.line - 1] == "[display.voice]"
