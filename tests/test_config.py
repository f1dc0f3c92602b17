"""The configuration: the sample loads, and each mistake names file, line and key."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bianmin import sample
from bianmin.config import ConfigError, load
from bianmin.pins import check_pin
from display.settings import parse as parse_display
from tests.hubfixture import demo_toml


def write_sample(tmp_path: Path) -> Path:
    """The demo configuration, as `bianmin init --demo` writes it (rendered once)."""
    path = tmp_path / "bianmin.toml"
    path.write_text(demo_toml(), encoding="utf-8")
    return path


def refused(path: Path, text: str) -> ConfigError:
    """The error loading `text` gives, checked to be one line naming its line and key."""
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        parse_display(load(path))
    err = raised.value
    assert "\n" not in str(err) and err.line is not None
    assert str(err).startswith(f"{path}:{err.line}: {err.key}: ")
    return err


def line(err: ConfigError) -> str:
    return err.path.read_text(encoding="utf-8").splitlines()[(err.line or 0) - 1]


def section_as(text: str, section: str, value: str) -> str:
    """`text` with the table `[section]` and its keys replaced by `section = value`."""
    lines = text.splitlines()
    start = lines.index(f"[{section}]")
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("["))
    lines[start:end] = []
    first = next(i for i, x in enumerate(lines) if x.startswith("["))
    lines.insert(first, f"{section} = {value}")  # before any table: a key of the top level
    return "\n".join(lines) + "\n"


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
    bundles = config.catalog.bundles
    assert {"newborn", "restaurant", "bereavement", "veteran"} == set(bundles)
    assert bundles["newborn"].matters == ("A", "F", "B")
    assert bundles["newborn"].any_order == ("F", "B")
    assert all(b.name.endswith("一件事") and b.summary for b in bundles.values())


def test_non_demo_init_uses_random_secrets(tmp_path: Path) -> None:
    path, creds = sample.write(tmp_path, demo=False)
    config = load(path)
    assert not config.demo and "demo-kiosk" not in config.devices
    assert creds.kiosk_token in config.devices
    assert all(check_pin(creds.pins[n], s.pin_hash) for n, s in config.staff.items())
    assert len(set(creds.pins.values())) > 1
    assert (path.stat().st_mode & 0o077) == 0  # secrets: readable by the owner only


def test_init_never_overwrites(tmp_path: Path) -> None:
    sample.write(tmp_path, demo=True)
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
        ("port = 8600", 'port = "eighty"', "hub.port", "must be an integer, found a string"),
        ("stall_minutes = 20", "stall_minutes = 0", "rules.stall_minutes", "between 1 and 1440"),
        ('handling = "promised"', 'handling = "later"', "matters[2].handling",
         "one of consultation"),
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
        ('matters = ["G", "F"]', 'matters = ["G", "Q"]', "bundles[1].matters",
         "unknown matter 'Q'"),
        ('any_order = ["F", "B"]', 'any_order = ["F", "C"]', "bundles[0].any_order",
         "not among the bundle's matters"),
        ('id = "newborn"', 'id = "New Born"', "bundles[0].id", "lower-case"),
        ('matters = ["H", "A", "B"]', 'matters = ["H", "A", "H"]', "bundles[3].matters",
         "twice"),
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


@pytest.mark.parametrize("section", ["hub", "rules", "office_rules", "outcome_names"])
def test_a_table_written_as_a_number(tmp_path: Path, section: str) -> None:
    err = refused(tmp_path / "bianmin.toml", section_as(demo_toml(), section, "5"))
    assert err.key == section
    assert err.message == f"must be a table ([{section}]), found an integer"
    assert line(err) == f"{section} = 5"


def test_an_array_of_tables_written_as_one_table(tmp_path: Path) -> None:
    text = demo_toml()
    first = text.index("[[devices]]")
    second = text.index("[[devices]]", first + 1)
    text = text[:first] + "[devices]" + text[first + len("[[devices]]"):second]  # one device
    err = refused(tmp_path / "bianmin.toml", text)
    assert err.key == "devices" and "array of tables ([[devices]])" in err.message
    assert line(err) == "[devices]"


@pytest.mark.parametrize(("old", "new", "key", "says"), [
    ("port = 8600", "port = 1979-05-27T07:32:00Z", "hub.port", "found a date-time"),
    ("port = 8600", "port = 99999999999999999999", "hub.port", "between 1 and 65535"),
    ("stall_minutes = 20", "stall_minutes = 2880", "rules.stall_minutes", "between 1 and 1440"),
    ("volume = 1.0", "volume = nan", "display.voice.volume", "between 0 and 1"),
    ('name = "户籍办理"', 'name = "户籍\\u001b[2J办理"', "matters[0].name", "control characters"),
    ('name = "户籍办理"', 'name = """户籍\n办理"""', "matters[0].name", "line breaks"),
    ('materials = ["居民身份证", "户口簿"', 'materials = [{ a = 1 }, "户口簿"',
     "matters[0].materials", "found {'a': 1} (a table)"),
    ('matters = ["A"]', "matters = [[\"A\"]]", "windows[0].matters", "non-empty strings"),
    ("capacity_by_matter = { D = 2 }", "capacity_by_matter = { D = true }",
     "office_rules.capacity_by_matter.D", "found a boolean"),
    ("capacity_by_matter = { D = 2 }", "capacity_by_matter = 2", "office_rules.capacity_by_matter",
     "must be a table"),
    ('consultation = "咨询件"', "consultation = [1]", "outcome_names.consultation",
     "found an array"),
    ('printer = { kind = "none", columns = 48 }', 'printer = { kind = "usb", vendor = "x",'
     " product = 1 }", "devices[0].printer.vendor", "such as 0x0416"),
    ('printer = { kind = "none", columns = 48 }', "printer = { columns = 48.0 }",
     "devices[0].printer.columns", "found a float"),
    ('printer = { kind = "none", columns = 48 }', "printer = { timeout = 1e9 }",
     "devices[0].printer.timeout", "between 0.5 and 600"),
    ('token = "demo-kiosk"', 'token = "demo kiosk 令牌"', "devices[0].token", "without spaces"),
    ('public_url = ""', 'public_url = "hub.local"', "center.public_url", "http://"),
    ('public_url = ""', 'public_url = "http://[::1"', "center.public_url", "http://"),
    ('public_url = ""', 'public_url = "http://hub:99999"', "center.public_url", "http://"),
    ('timezone = "Asia/Shanghai"', 'timezone = "Asia"', "center.timezone", "unknown time zone"),
    ("number = 3", "number = 1000", "windows[2].number", "between 1 and 999"),
    ("[hub]", '[hub]\n"a\\nb" = 1', "hub.'a\\nb'", "unknown key"),
])
def test_wrong_types_and_values_name_their_line(tmp_path: Path, old: str, new: str, key: str,
                                                says: str) -> None:
    text = demo_toml()
    assert old in text
    err = refused(tmp_path / "bianmin.toml", text.replace(old, new, 1))
    assert err.key == key and says in err.message
    assert line(err).startswith(tuple(new.splitlines()))


def test_a_pin_hash_that_would_stall_sign_in(tmp_path: Path) -> None:
    text = demo_toml().replace("pbkdf2_sha256$120000$", "pbkdf2_sha256$99999999$", 1)
    err = refused(tmp_path / "bianmin.toml", text)
    assert err.key == "clerks[0].pin_hash" and line(err).startswith("pin_hash = ")


def database_is(tmp_path: Path, name: str) -> ConfigError:
    text = demo_toml().replace('database = "bianmin.db"', f'database = "{name}"')
    err = refused(tmp_path / "bianmin.toml", text)
    assert err.key == "hub.database" and line(err).startswith("database = ")
    return err


def test_a_database_path_that_is_a_folder(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    assert "is a folder" in database_is(tmp_path, "data").message


def test_a_database_path_under_a_file(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x")
    assert "notes.txt is not a folder" in database_is(tmp_path, "notes.txt/bianmin.db").message
    message = database_is(tmp_path, "notes.txt/more/bianmin.db").message
    assert "notes.txt is a file" in message


def test_a_database_path_that_is_not_a_database(tmp_path: Path) -> None:
    assert "not an SQLite database" in database_is(tmp_path, "bianmin.toml").message


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write in any folder")
def test_a_database_in_a_folder_this_user_cannot_write(tmp_path: Path) -> None:
    (tmp_path / "locked").mkdir(mode=0o500)
    try:
        assert "not writable" in database_is(tmp_path, "locked/bianmin.db").message
    finally:
        (tmp_path / "locked").chmod(0o700)


def test_a_database_in_a_folder_still_to_be_made_is_fine(tmp_path: Path) -> None:
    path = write_sample(tmp_path)
    path.write_text(demo_toml().replace('database = "bianmin.db"', 'database = "a/b/hall.db"'))
    assert load(path).database == tmp_path / "a" / "b" / "hall.db"
    assert not (tmp_path / "a").exists()  # checking made nothing


def voice_folder(tmp_path: Path, key: str, name: str) -> ConfigError:
    text = demo_toml().replace(f'# {key} = "voice-', f'{key} = "{name}" # ', 1)
    err = refused(tmp_path / "bianmin.toml", text)
    assert err.key == f"display.voice.{key}" and line(err).startswith(f"{key} = ")
    return err


def test_a_clips_folder_that_does_not_exist(tmp_path: Path) -> None:
    assert "does not exist" in voice_folder(tmp_path, "clips_dir", "recorded").message
    (tmp_path / "recorded").write_text("not a folder")
    assert "is not a folder" in voice_folder(tmp_path, "clips_dir", "recorded").message


def test_a_cache_folder_that_cannot_be_made(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    assert "is a file" in voice_folder(tmp_path, "cache_dir", "file/cache").message


def test_a_file_that_is_not_utf8(tmp_path: Path) -> None:
    """Saved from an editor set to GBK: the first such byte is named with its line."""
    name = 'name = "青溪镇便民服务中心"'
    text = demo_toml().encode()
    path = tmp_path / "bianmin.toml"
    path.write_bytes(text.replace(name.encode(), name.encode("gbk"), 1))
    with pytest.raises(ConfigError) as raised:
        load(path)
    err = raised.value
    assert err.line == demo_toml().splitlines().index(name) + 1
    assert err.message == "not UTF-8 text: byte 0xc7 in column 9; save the file as UTF-8"


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bianmin.toml"
    path.write_bytes(b"\xef\xbb\xbf" + demo_toml().encode())
    assert load(path).center.name == "青溪镇便民服务中心"


def test_a_folder_given_as_the_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as raised:
        load(tmp_path)
    assert "cannot be read" in str(raised.value) and "\n" not in str(raised.value)


def test_toml_nested_too_deeply(tmp_path: Path) -> None:
    path = tmp_path / "bianmin.toml"
    path.write_text("a = " + "[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load(path)
    assert "nested too deeply" in str(raised.value)


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
