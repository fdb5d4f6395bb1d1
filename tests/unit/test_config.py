"""Settings: file values, environment overrides, and one-line errors naming file and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.config import load_settings
from kiosk.errors import ConfigError
from kiosk.i18n import error_text


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_use_the_embedded_sqlite_file_in_the_data_folder(tmp_path: Path) -> None:
    settings = load_settings(env={"MPP_KIOSK_DATA_DIR": str(tmp_path)})
    assert settings.site.timezone == "Asia/Jakarta"
    assert settings.kiosk.idle_timeout_s == 60
    assert settings.database_url.startswith("sqlite:///")
    assert settings.database_url.endswith("mpp-kiosk.sqlite3")


def test_file_values_are_read_and_typed(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '[kiosk]\nidle_timeout_s = 90\norientation = "landscape"\nfullscreen = false\n'
        "[printing]\ntimeout_s = 1.5\n",
    )
    settings = load_settings(path, env={})
    assert settings.kiosk.idle_timeout_s == 90
    assert settings.kiosk.orientation == "landscape"
    assert settings.kiosk.fullscreen is False
    assert settings.printing.timeout_s == 1.5
    assert settings.source == str(path)


def test_environment_overrides_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "[kiosk]\nidle_timeout_s = 90\n")
    env = {
        "MPP_KIOSK_KIOSK_IDLE_TIMEOUT_S": "120",
        "MPP_KIOSK_DB": "postgresql+psycopg://db.local/mpp",
        "MPP_KIOSK_KIOSK_FULLSCREEN": "no",
    }
    settings = load_settings(path, env=env)
    assert settings.kiosk.idle_timeout_s == 120
    assert settings.kiosk.fullscreen is False
    assert settings.database_url == "postgresql+psycopg://db.local/mpp"


def test_config_file_named_by_environment(tmp_path: Path) -> None:
    path = write(tmp_path, '[site]\ncode = "SBY"\n')
    assert load_settings(env={"MPP_KIOSK_CONFIG": str(path)}).site.code == "SBY"


@pytest.mark.parametrize(
    ("text", "reason", "key", "expected"),
    [
        (
            '[kiosk]\nidle_timeout_s = "soon"\n',
            "not_a_whole_number",
            "kiosk.idle_timeout_s",
            'kiosk.idle_timeout_s: expected a whole number, got "soon"',
        ),
        ("[kiosk]\nidle_timout_s = 30\n", "unknown_key", "kiosk.idle_timout_s", "unknown key"),
        ("[kiosks]\nx = 1\n", "unknown_section", "kiosks", "[kiosks]: unknown section"),
        (
            '[kiosk]\norientation = "sideways"\n',
            "not_a_choice",
            "kiosk.orientation",
            "kiosk.orientation: must be one of portrait, landscape",
        ),
        (
            '[site]\ntimezone = "Asia/Probolinggo"\n',
            "unknown_time_zone",
            "site.timezone",
            'site.timezone: unknown time zone "Asia/Probolinggo"',
        ),
        (
            "[kiosk]\nidle_timeout_s = 3\n",
            "too_small",
            "kiosk.idle_timeout_s",
            "kiosk.idle_timeout_s: at least 10 seconds",
        ),
        ('[database]\nurl = "mysql://x"\n', "database_url", "database.url", "only sqlite"),
        ('[kiosk]\nexit_pin = "12"\n', "exit_pin", "kiosk.exit_pin", "4-8 digits"),
        ("[kiosk]\nfullscreen = 1\n", "not_a_bool", "kiosk.fullscreen", "true or false"),
        ("[kiosk\n", "toml_invalid", None, "not valid TOML"),
        ("[web]\nworkers = 0\n", "at_least_one", "web.workers", "web.workers"),
    ],
)
def test_bad_values_name_the_file_and_key(
    tmp_path: Path, text: str, reason: str, key: str | None, expected: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as err:
        load_settings(path, env={})
    assert err.value.reason == reason
    assert err.value.params["file"] == str(path)
    if key is not None:
        assert err.value.params["key"] == key
    for lang in ("id", "en"):
        message = error_text(lang, err.value)
        assert message.startswith(f"{path}: ")
        assert key is None or key in message
        assert "\n" not in message
    assert expected in error_text("en", err.value)


def test_the_toml_parser_detail_rides_along_as_a_parameter(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as err:
        load_settings(write(tmp_path, "[kiosk\n"), env={})
    assert "line 1" in err.value.params["detail"]  # tomllib's own words, not the sentence


def test_bad_environment_value_names_the_variable() -> None:
    with pytest.raises(ConfigError) as err:
        load_settings(env={"MPP_KIOSK_KIOSK_IDLE_TIMEOUT_S": "abc"})
    assert err.value.params == {
        "file": "MPP_KIOSK_KIOSK_IDLE_TIMEOUT_S",
        "key": "kiosk.idle_timeout_s",
        "value": "abc",
    }
    assert error_text("en", err.value).startswith(
        "MPP_KIOSK_KIOSK_IDLE_TIMEOUT_S: kiosk.idle_timeout_s: expected a whole number"
    )
    assert "bilangan bulat" in error_text("id", err.value)


def test_missing_file_is_one_clear_line(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as err:
        load_settings(tmp_path / "nope.toml", env={})
    assert err.value.reason == "file_not_found"
    assert error_text("en", err.value) == f"{tmp_path / 'nope.toml'}: configuration file not found."
    assert error_text("id", err.value).endswith("berkas pengaturan tidak ditemukan.")


def test_every_example_config_loads() -> None:
    examples = sorted((Path(__file__).parents[2] / "resources" / "config").glob("*.toml"))
    assert len(examples) >= 4
    for example in examples:
        load_settings(example, env={})
