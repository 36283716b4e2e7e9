"""JupyterHub for Next Round on one server: each signed-in person gets the participant app.

Read by ``jupyterhub -f deploy/jupyterhub/jupyterhub_config.py`` (see README.md beside it).
Everything site-specific comes from the environment, so this file is used as it is:

- ``NEXTROUND_DB`` (required): the programme's one answer store, a PostgreSQL URL such as
  ``postgresql+psycopg://nextround:…@db.internal/nextround`` (made once with
  ``nextround store create URL``). Every participant's server and the console use it.
- ``NEXTROUND_COHORT`` (optional): the cohort people new to the store join when they first
  sign in. Without it, import each cohort's roster ahead (people are matched by the email the
  hub signs them in with) or people work as if alone, every step open.
- ``NEXTROUND_HUB_FACILITATORS`` (optional): hub user names, comma separated, put in the
  ``facilitators`` group at start (the admin page can change the group later).
- ``NEXTROUND_HUB_ADMINS`` (optional): hub user names, comma separated, of the hub's admins.
- ``NEXTROUND_HUB_STATE``: the folder for the hub's own database and cookie secret
  (default ``/srv/nextround-hub``). The hub's state is not the answers: those are in
  ``NEXTROUND_DB``.
- ``NEXTROUND_HUB_CONSOLE_PORT``: the loopback port of the facilitators' service (10101).

Sign-in: the organisation's single sign-on through OpenID Connect (oauthenticator's
``GenericOAuthenticator``), with the email as the hub user name so that a roster imported
ahead finds each person. Its endpoints and client come from oauthenticator's own variables
(``OAUTH_CLIENT_ID``, ``OAUTH_CLIENT_SECRET``, ``OAUTH_CALLBACK_URL``,
``OAUTH2_AUTHORIZE_URL``, ``OAUTH2_TOKEN_URL``, ``OAUTH2_USERDATA_URL``). README.md lists the
other choices.
"""

import os
import sys
from pathlib import Path

from tornado.web import HTTPError

c = get_config()  # noqa: F821  (JupyterHub defines get_config when it reads this file)

FACILITATORS = "facilitators"  # the hub group whose members open the console
CONSOLE_SERVICE = "facilitator"  # the console is at /services/facilitator/console


def _setting(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, "").strip()
    if value:
        return value
    if default is None:
        sys.exit(
            f"Next Round's hub needs {name} in its environment (see the top of "
            f"{__file__} and deploy/jupyterhub/README.md)."
        )
    return default


def _names(variable: str) -> list[str]:
    return [name.strip() for name in _setting(variable, "").split(",") if name.strip()]


STORE_URL = _setting("NEXTROUND_DB")
COHORT = _setting("NEXTROUND_COHORT", "")
STATE = Path(_setting("NEXTROUND_HUB_STATE", "/srv/nextround-hub"))
CONSOLE_PORT = int(_setting("NEXTROUND_HUB_CONSOLE_PORT", "10101"))
# The `nextround` command of the environment the hub runs in (Next Round installed with its
# hub extra: pip install 'nextround[hub]').
NEXTROUND = str(Path(sys.executable).with_name("nextround"))
KIT_ENV = {"NEXTROUND_DB": STORE_URL, **({"NEXTROUND_COHORT": COHORT} if COHORT else {})}

# -- the hub's own state ------------------------------------------------------------------
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")

# -- who can sign in ----------------------------------------------------------------------
c.JupyterHub.authenticator_class = "generic-oauth"
c.GenericOAuthenticator.scope = ["openid", "email", "profile"]
c.GenericOAuthenticator.username_claim = "email"
c.GenericOAuthenticator.allow_all = True  # everyone the organisation's sign-on vouches for
c.Authenticator.enable_auth_state = False  # nothing from the sign-on is kept

# -- each person's server: the participant app, nothing else ------------------------------
# systemd starts each server as its own throwaway system user with a memory cap (the
# jupyterhub-systemdspawner package); on a machine without systemd, see README.md.
c.JupyterHub.spawner_class = "systemd"
c.SystemdSpawner.dynamic_users = True
c.SystemdSpawner.isolate_tmp = True
c.SystemdSpawner.isolate_devices = True
c.SystemdSpawner.disable_user_sudo = True
c.Spawner.mem_limit = "512M"
c.Spawner.cpu_limit = 1.0
c.Spawner.cmd = [NEXTROUND, "app", "--hub"]  # opens at the room's step, else step 00
c.Spawner.args = []
c.Spawner.environment = dict(KIT_ENV)
c.Spawner.http_timeout = 120  # the app warms its kernel starter before it answers
c.Spawner.start_timeout = 120
# Hub admins manage users and the facilitators group on the hub's admin page. JupyterHub's
# admin role may also open anyone's server: the app then refuses anyone but its owner.
c.Authenticator.admin_users = set(_names("NEXTROUND_HUB_ADMINS"))

def _is_facilitator(user) -> bool:  # an orm User or the hub's User wrapper
    return any(group.name == FACILITATORS for group in user.groups)


def _no_participant_pages_for_facilitators(spawner) -> None:
    """A facilitator opens the console, never a participant's pages, so that nobody running
    the session is counted among the people in the room."""
    if _is_facilitator(spawner.user):
        refusal = HTTPError(403, "a facilitator's own server")
        refusal.jupyterhub_message = (  # what the hub's error page shows
            f"Facilitators have no workshop pages: open the console at "
            f"/services/{CONSOLE_SERVICE}/console instead."
        )
        raise refusal


c.Spawner.pre_spawn_hook = _no_participant_pages_for_facilitators


def _landing(handler) -> str:
    """Where "/" and a fresh sign-in lead: a facilitator to the console, others to their pages."""
    user = handler.current_user
    if user is not None and _is_facilitator(user):
        return f"{handler.base_url}services/{CONSOLE_SERVICE}/console"
    return f"{handler.base_url}hub/spawn"


c.JupyterHub.default_url = _landing

# -- facilitators: a group, a role, and the console as a hub service ----------------------
c.JupyterHub.load_groups = {FACILITATORS: {"users": _names("NEXTROUND_HUB_FACILITATORS")}}
c.JupyterHub.services = [
    {
        "name": CONSOLE_SERVICE,
        "display": True,
        "url": f"http://127.0.0.1:{CONSOLE_PORT}",
        "command": [NEXTROUND, "app", "--hub", "--console"],
        "environment": dict(KIT_ENV),
        "oauth_no_confirm": True,
    },
    {
        # Stops a server nobody has used for an hour: memory goes back, answers stay.
        "name": "idle-culler",
        "command": [sys.executable, "-m", "jupyterhub_idle_culler", "--timeout=3600"],
    },
]
c.JupyterHub.load_roles = [
    {
        "name": "facilitator",
        "description": "Opens the facilitators' console (names and counts, never answers)",
        "groups": [FACILITATORS],
        "scopes": [f"access:services!service={CONSOLE_SERVICE}"],
    },
    {
        "name": "idle-culler",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["idle-culler"],
    },
]
