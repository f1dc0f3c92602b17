"""`bianmin county init` and the county's configuration, and the [county] section of a hall's:
each mistake named by file, line and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from bianmin.cli import main
from bianmin.config import load as load_hall
from bianmin.config_reader import ConfigError
from county.config import load
from tests.hubfixture import demo_toml


def test_init_writes_a_county_that_loads(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                         ) -> None:
    assert main(["county", "init", str(tmp_path / "demo"), "--demo"]) == 0
    config = load(tmp_path / "demo" / "county.toml")
    assert list(config.centers) == ["qingxi", "baishi", "lianhua"]
    assert all(c.login is None for c in config.centers.values())
    out = capsys.readouterr().out
    assert 'center_id = "qingxi"' in out and "PIN 123456" in out
    assert main(["county", "init", str(tmp_path / "demo")]) == 1  # never overwritten

    assert main(["county", "init", str(tmp_path / "real"),
                 "--database", "postgresql://bianmin@10.0.0.5:5432/county"]) == 0
    real = load(tmp_path / "real" / "county.toml")
    assert real.centers["baishi"].login == "center_baishi"
    assert real.database == "postgresql://bianmin@10.0.0.5:5432/county"
    out = capsys.readouterr().out
    assert "PIN 123456" not in out and 'password_env = "BIANMIN_COUNTY_PASSWORD"' in out
    assert (tmp_path / "real" / "county.toml").stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize(("old", "new", "key"), [
    ('name = "清河县政务服务中心"\n', "", "county"),
    ('address = "postgresql://bianmin@127.0.0.1:5432/bianmin"',
     'address = "postgresql://bianmin:secret@127.0.0.1/bianmin"', "database.address"),
    ('id = "baishi"', 'id = "Bai Shi"', "centers[1].id"),
    ('id = "baishi"', 'id = "qingxi"', "centers[1].id"),
    ("link_down_minutes = 5 ", "link_down_minutes = 0 ", "live.link_down_minutes"),
    ('pin_hash = "pbkdf2', 'pin_hash = "123456"\n# "pbkdf2', "staff[0].pin_hash"),
    ("port = 8700", 'port = "8700"', "server.port"),
])
def test_county_mistakes_are_named(tmp_path: Path, old: str, new: str, key: str) -> None:
    main(["county", "init", str(tmp_path), "--demo"])
    path = tmp_path / "county.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load(path)
    err = raised.value
    assert err.key == key and err.line is not None, str(err)
    assert str(err).startswith(f"{path}:{err.line}: {key}: ")


def test_a_hall_names_its_county_mistakes(tmp_path: Path) -> None:
    path = tmp_path / "bianmin.toml"
    path.write_text(demo_toml() + '\n[county]\ndatabase = "postgresql://a:pw@h/db"\n'
                    'center_id = "qingxi"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bianmin.toml:\d+: county.database: must not hold "
                                          "the password"):
        load_hall(path)
    path.write_text(demo_toml() + '\n[county]\ndatabase = "postgresql://a@h/db"\n'
                    'center_id = "qingxi"\npassword_env = "BIANMIN_X"\n', encoding="utf-8")
    county = load_hall(path).county
    assert county is not None and county.center_name == "青溪镇便民服务中心"
    assert county.password() is None  # unset: the link says so; the hall starts all the same


def test_serve_refuses_a_broken_configuration(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["county", "serve", "--config", str(tmp_path / "nowhere.toml")]) == 2
    assert "bianmin county init" in capsys.readouterr().err
