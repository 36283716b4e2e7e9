"""The hub's configuration and the app's hub mode without a hub: what the shipped files say,
that the Helm values say the same, and the clear refusals of `nextround app --hub` when
something it needs is missing. (The real hub, with all of this running: tests/test_hub.py.)"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader

from kit.app.hub import hub_place
from kit.cli import main
from kit.core.store import Store
from kit.errors import NextRoundError

DEPLOY = Path(__file__).resolve().parent.parent / "deploy" / "jupyterhub"
STORE_URL = "postgresql+psycopg://nextround:secret@db.internal/nextround"


def shipped_config(monkeypatch: pytest.MonkeyPatch, **environment: str) -> Config:
    for name in ("NEXTROUND_DB", "NEXTROUND_COHORT", "NEXTROUND_HUB_FACILITATORS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    loader = PyFileConfigLoader("jupyterhub_config.py", path=str(DEPLOY))
    return loader.load_config()


def test_the_shipped_config_starts_the_app_for_each_person_with_the_one_store(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    c = shipped_config(
        monkeypatch,
        NEXTROUND_DB=STORE_URL,
        NEXTROUND_COHORT="spring",
        NEXTROUND_HUB_FACILITATORS="fran@example.org, sam@example.org",
    )
    nextround = str(Path(sys.executable).with_name("nextround"))
    assert c.Spawner.cmd == [nextround, "app", "--hub"]
    assert c.Spawner.environment == {"NEXTROUND_DB": STORE_URL, "NEXTROUND_COHORT": "spring"}
    console = next(s for s in c.JupyterHub.services if s["name"] == "facilitator")
    assert console["command"] == [nextround, "app", "--hub", "--console"]
    assert console["environment"] == c.Spawner.environment
    assert console["url"] == "http://127.0.0.1:10101"
    role = next(r for r in c.JupyterHub.load_roles if r["name"] == "facilitator")
    assert role["groups"] == ["facilitators"]
    assert role["scopes"] == ["access:services!service=facilitator"]
    assert c.JupyterHub.load_groups == {
        "facilitators": {"users": ["fran@example.org", "sam@example.org"]}
    }
    assert c.GenericOAuthenticator.username_claim == "email"


def test_the_shipped_config_refuses_to_start_without_the_store(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with pytest.raises(SystemExit, match="NEXTROUND_DB"):
        shipped_config(monkeypatch)


def test_the_helm_values_say_what_the_one_server_config_says(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    c = shipped_config(monkeypatch, NEXTROUND_DB=STORE_URL)
    values: dict[str, Any] = yaml.safe_load((DEPLOY / "values.yaml").read_text(encoding="utf-8"))
    hub, singleuser = values["hub"], values["singleuser"]
    assert singleuser["cmd"] == ["nextround", *c.Spawner.cmd[1:]]
    console = next(s for s in c.JupyterHub.services if s["name"] == "facilitator")
    helm_console = hub["services"]["facilitator"]
    assert helm_console["command"][: len(console["command"])] == [
        "nextround",
        *console["command"][1:],
    ]
    assert helm_console["oauth_no_confirm"] is console["oauth_no_confirm"] is True
    assert helm_console["url"].endswith(":10101")
    assert hub["service"]["extraPorts"][0]["port"] == 10101
    role = next(r for r in c.JupyterHub.load_roles if r["name"] == "facilitator")
    helm_role = hub["loadRoles"]["facilitator"]
    assert (helm_role["groups"], helm_role["scopes"]) == (role["groups"], role["scopes"])
    assert set(hub["config"]["JupyterHub"]["load_groups"]) == set(c.JupyterHub.load_groups)
    assert hub["config"]["JupyterHub"]["authenticator_class"] == c.JupyterHub.authenticator_class
    oauth = hub["config"]["GenericOAuthenticator"]
    for name in ("username_claim", "scope", "allow_all"):
        assert oauth[name] == c.GenericOAuthenticator[name], name
    for where in (hub, singleuser):
        secret = where["extraEnv"]["NEXTROUND_DB"]["valueFrom"]["secretKeyRef"]
        assert secret == {"name": "nextround-store", "key": "url"}
    assert singleuser["memory"]["limit"] == c.Spawner.mem_limit
    assert singleuser["cpu"]["limit"] == c.Spawner.cpu_limit
    culler = next(s for s in c.JupyterHub.services if s["name"] == "idle-culler")
    assert f"--timeout={values['cull']['timeout']}" in culler["command"]
    extra = hub["extraConfig"]["nextround"]
    compile(extra, "values.yaml hub.extraConfig.nextround", "exec")
    for needed in ("pre_spawn_hook", "default_url", '"NEXTROUND_DB"'):
        assert needed in extra, needed


def test_the_hub_says_where_to_listen_and_under_which_prefix() -> None:
    person = hub_place(
        {
            "JUPYTERHUB_SERVICE_URL": "http://127.0.0.1:40123/user/ana.lima/",
            "JUPYTERHUB_SERVICE_PREFIX": "/user/ana.lima/",
            "JUPYTERHUB_USER": "ana.lima",
        }
    )
    assert (person.host, person.port, person.prefix, person.user) == (
        "127.0.0.1",
        40123,
        "/user/ana.lima/",
        "ana.lima",
    )
    service = hub_place(
        {
            "JUPYTERHUB_SERVICE_URL": "http://hub:10101",
            "JUPYTERHUB_SERVICE_PREFIX": "/services/facilitator",
            "JUPYTERHUB_SERVICE_NAME": "facilitator",
        }
    )
    assert (service.port, service.prefix, service.user, service.service) == (
        10101,
        "/services/facilitator/",
        None,
        "facilitator",
    )
    with pytest.raises(NextRoundError, match="JUPYTERHUB_SERVICE_URL"):
        hub_place({})


def test_app_hub_refuses_to_start_without_the_programmes_store(workspace: Path) -> None:
    result = CliRunner().invoke(main, ["app", "--hub"])
    assert result.exit_code == 2
    assert "NEXTROUND_DB" in result.output
    assert not (workspace / "nextround.sqlite").exists(), "no store of its own made instead"


def test_app_console_is_only_for_a_hub() -> None:
    result = CliRunner().invoke(main, ["app", "--console"])
    assert result.exit_code == 2 and "--hub" in result.output


def test_app_hub_outside_a_hub_says_what_starts_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store_url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    Store.create(store_url).close()
    monkeypatch.setenv("NEXTROUND_DB", store_url)
    for name in ("JUPYTERHUB_SERVICE_URL", "JUPYTERHUB_SERVICE_PREFIX", "JUPYTERHUB_USER"):
        monkeypatch.delenv(name, raising=False)
    result = CliRunner().invoke(main, ["app", "--hub"])
    assert result.exit_code != 0
    assert "started by JupyterHub" in result.output
