"""The configuration: the sample loads, and each mistake names file, line and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from bianmin import sample
from bianmin.config import ConfigError, load
from bianmin.pins import check_pin


def write_sample(tmp_path: Path) -> Path:
    path, _ = sample.write(tmp_path, demo=True)
    return path


def test_sample_is_a_typical_town_center(tmp_path: Path) -> None:
    config = load(write_sample(tmp_path))
    assert 8 <= len(config.catalog.matters) <= 10
    assert len(config.catalog.windows) == 8
    names = {m.name for m in config.catalog.matters.values()}
    assert {"户籍办理", "社保医保", "民政救助", "不动产登记", "综合咨询"} <= names
    assert all(m.materials for m in config.catalog.matters.values())
    assert config.database == tmp_path / "bianmin.db"
    assert config.demo
    for n in range(1, 9):
        clerk = config.staff[f"100{n}"]
        assert clerk.window == n and check_pin("123456", clerk.pin_hash)
        assert "123456" not in clerk.pin_hash
    assert config.staff["9001"].role == "office"
    assert {d.kind for d in config.devices.values()} == {"kiosk", "display", "rating"}
    assert "demo-kiosk" in config.devices


def test_non_demo_init_uses_random_secrets(tmp_path: Path) -> None:
    path, creds = sample.write(tmp_path, demo=False)
    config = load(path)
    assert not config.demo and "demo-kiosk" not in config.devices
    assert creds.kiosk_token in config.devices
    assert all(check_pin(creds.pins[n], s.pin_hash) for n, s in config.staff.items())
    assert len(set(creds.pins.values())) > 1
    assert (path.stat().st_mode & 0o077) == 0  # secrets: readable by the owner only


def test_init_never_overwrites(tmp_path: Path) -> None:
    write_sample(tmp_path)
    with pytest.raises(FileExistsError):
        sample.write(tmp_path, demo=True)


@pytest.mark.parametrize(
    ("old", "new", "key", "words"),
    [
        ('matters = ["C", "H"]', 'matters = ["C", "Z"]', "windows[3].matters", "unknown matter"),
        ('prefix = "B"', 'prefix = "A"', "matters[1].prefix", "used by two"),
        ('prefix = "B"', 'prefix = "bb"', "matters[1].prefix", "one capital letter"),
        ("number = 3", "number = 2", "windows[2].number", "defined twice"),
        ('timezone = "Asia/Shanghai"', 'timezone = "Mars/Base"', "center.timezone",
         "unknown time zone"),
        ("port = 8600", 'port = "eighty"', "hub.port", "must be int"),
        ("stall_minutes = 20", "stall_minutes = 0", "rules.stall_minutes", "positive"),
        ('handling = "promised"', 'handling = "later"', "matters[2].handling", "unknown"),
        ('window = 1\npin_hash = "pbkdf2', 'window = 1\npin_hash = "x', "clerks[0].pin_hash",
         "hash"),
        ('kind = "kiosk"', 'kind = "toaster"', "devices[0].kind", "must be one of"),
        ('printer = { kind = "none", columns = 48 }', 'printer = { kind = "network" }',
         "devices[0].printer", "needs `host`"),
        ('slots = ["09:00-10:00"', 'slots = ["10:00-09:00"', "office_rules.slots", "must end"),
        ("recalls_before_no_show = 2", "recals_before_no_show = 2",
         "rules.recals_before_no_show", "did you mean `recalls_before_no_show`"),
        ("[hub]", "[hubb]", "hubb", "did you mean `hub`"),
        ("number = 3\ndepartment", "number = 3\nstrict_matter_ordre = true\ndepartment",
         "windows[2].strict_matter_ordre", "did you mean `strict_matter_order`"),
        ("capacity_by_matter = { D = 2 }", "capacity_by_matter = { Q = 2 }",
         "office_rules.capacity_by_matter", "known matter"),
    ],
)
def test_mistakes_name_file_line_and_key(tmp_path: Path, old: str, new: str, key: str,
                                         words: str) -> None:
    path = write_sample(tmp_path)
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load(path)
    err = raised.value
    assert err.key == key and words in err.message
    assert err.line is not None and str(path) in str(err)
    # the line named is where the mistake is written
    line = path.read_text(encoding="utf-8").splitlines()[err.line - 1]
    assert key.split(".")[-1].split("[")[0] in line or "[[" in line


def test_syntax_error_gives_its_line(tmp_path: Path) -> None:
    path = write_sample(tmp_path)
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[20] = "this is = = not toml"
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load(path)
    assert raised.value.line == 21 and "TOML syntax error" in str(raised.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as raised:
        load(tmp_path / "nope.toml")
    assert "bianmin init" in str(raised.value)


def test_session_idle_minutes_defaults_and_is_checked(tmp_path: Path) -> None:
    path = write_sample(tmp_path)
    assert load(path).session_idle_minutes == 120
    text = path.read_text(encoding="utf-8")
    for value, ok in (("30", True), ("0", False), ("2000", False), ('"60"', False)):
        path.write_text(text.replace("[hub]\n", f"[hub]\nsession_idle_minutes = {value}\n"),
                        encoding="utf-8")
        if ok:
            assert load(path).session_idle_minutes == int(value)
            continue
        with pytest.raises(ConfigError) as raised:
            load(path)
        assert raised.value.key == "hub.session_idle_minutes" and raised.value.line
