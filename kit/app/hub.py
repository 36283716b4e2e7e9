"""The participant app under JupyterHub: the same pages and access rule, the hub's sign-in.

JupyterHub starts ``nextround app --hub`` as each signed-in person's single-user server (and
once more, with ``--console``, as the facilitators' service); the hub tells it, in its
environment, where to listen (``JUPYTERHUB_SERVICE_URL``), under which prefix
(``JUPYTERHUB_SERVICE_PREFIX``: ``/user/<name>/`` or ``/services/<name>/``), for whom
(``JUPYTERHUB_USER``) and how to check a visitor with the hub (OAuth).

Who is asking comes from jupyterhub's own identity provider for jupyter_server-family apps
(``jupyterhub.singleuser.extension.JupyterHubIdentityProvider``: the hub's OAuth, its cookie
and its access scopes), which Voilà's standalone app accepts as ``identity_provider_class``.
This module narrows it further:

- a participant's server admits only its owner, the hub user it was started for, as that
  person's participant record (``kit.core.identity.hub_participant``): someone else the hub
  lets through (an admin's ``access:servers``) still gets a calm "not yours" page;
- the facilitators' service admits whoever the hub gives access to it (the ``facilitators``
  group's role in ``deploy/jupyterhub/jupyterhub_config.py``) and serves only the console
  (and the projector, once its notebook exists).

Everything else is ``kit.app.server``'s: the step pages with their step bar, the kernels
started as the person (their environment here also loses the hub's secrets), a page reaching
only its own kernels, calm pages for every other address. Nothing of a room's own is served
or run: no join or facilitator links, no pages prepared ahead, no watch for revoked links
(the hub's sign-in decides who is in).
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import tempfile
import urllib.parse
from abc import abstractmethod
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

import jupyterhub
import nbformat
import tornado.web
from jupyter_server.auth.identity import User
from jupyter_server.base.handlers import JupyterHandler
from jupyterhub.singleuser.extension import (
    JupyterHubIdentityProvider,
    JupyterHubOAuthCallbackHandler,
)
from voila.app import Voila
from voila.tornado.handler import TornadoVoilaHandler

from kit.app.server import (
    KEEP_UPSTREAM,
    PAGE_WARM_UP,
    PARTICIPANT_HEADER,
    SECURITY_HEADERS,
    STEP_PATTERN,
    AppIdentity,
    AppSettings,
    NextRoundApp,
    OwnShutdown,
    PageKernels,
    SafeStaticFiles,
    StepHandler,
    app_config,
    calm_page,
    first_step,
    page_notebooks,
    redact,
)
from kit.core.content import load_content
from kit.core.identity import COHORT_ENV, hub_participant
from kit.core.logs import logger
from kit.core.store import Participant, Store
from kit.core.workspace import notebooks_dir
from kit.errors import NextRoundError
from kit.reports import kernel_zygote
from kit.reports.kernel_zygote import KernelZygote

log = logger(__name__)

SERVICE_URL_ENV = "JUPYTERHUB_SERVICE_URL"
SERVICE_PREFIX_ENV = "JUPYTERHUB_SERVICE_PREFIX"
HUB_USER_ENV = "JUPYTERHUB_USER"
SERVICE_NAME_ENV = "JUPYTERHUB_SERVICE_NAME"
# What a kernel must never inherit from the server the hub started: its API token, OAuth
# client, and the rest of the hub's wiring.
HUB_PREFIXES = ("JUPYTERHUB_", "JPY_")
# The facilitators' pages, by address: each is served when its notebook is in notebooks/.
FACILITATOR_PAGES = {"console": "facilitator_console.ipynb", "projector": "projector.ipynb"}
# Whom a facilitator's kernels belong to, as in a room: "facilitator:<cohort id>" (the room's
# app gives such kernels that cohort; on a hub without a cohort, the console offers them all).
FACILITATOR_OWNER = "facilitator:"

NOT_YOURS = (
    "This page is someone else's",
    "Each person's workshop pages open only for them. Your own pages are one click away on "
    "your hub's home page.",
)
FACILITATORS_ONLY = (
    "For facilitators",
    "This page is for the session's facilitators. Your own workshop pages are on your hub's "
    "home page.",
)
HUB_NOT_HERE = (
    "Nothing here",
    "There is nothing at this address. Your hub's home page opens your own pages.",
)


@dataclass(frozen=True)
class HubPlace:
    """Where the hub told this server to listen, under which prefix, and for whom."""

    host: str
    port: int
    prefix: str
    user: str | None
    service: str | None


def hub_place(environ: Mapping[str, str] = os.environ) -> HubPlace:
    """Read the hub's instructions from the environment it started this server with."""
    url = environ.get(SERVICE_URL_ENV, "").strip()
    if not url:
        raise NextRoundError(
            f"`nextround app --hub` is started by JupyterHub, which sets {SERVICE_URL_ENV}; "
            "it is not set here. Start the hub with deploy/jupyterhub/jupyterhub_config.py, "
            "or serve a room without a hub with `nextround app --cohort C`."
        )
    parts = urllib.parse.urlsplit(url)
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise NextRoundError(f"{SERVICE_URL_ENV} is not an address: {url!r}.") from None
    prefix = environ.get(SERVICE_PREFIX_ENV, "").strip() or parts.path or "/"
    prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"
    return HubPlace(
        host=parts.hostname or "0.0.0.0",
        port=port,
        prefix=prefix,
        user=environ.get(HUB_USER_ENV, "").strip() or None,
        service=environ.get(SERVICE_NAME_ENV, "").strip() or None,
    )


# -- who is asking ---------------------------------------------------------------------


class HubSignIn(JupyterHubIdentityProvider):  # type: ignore[misc]  # jupyterhub ships no type hints
    """The hub's OAuth sign-in, narrowed by :meth:`admit` (see the module docstring)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.pop("token", None)  # Voilà offers its own token; the hub's OAuth replaces it
        super().__init__(**kwargs)

    async def get_user(self, handler: tornado.web.RequestHandler) -> User | None:
        hub_user = await super().get_user(handler)
        if hub_user is None:
            return None  # not signed in: pages send the browser to the hub's sign-in
        admitted = self.admit(hub_user)
        if admitted is None:
            log.warning("hub user %s refused at %s", hub_user.username, handler.request.path)

            def refuse(*_args: Any, **_kwargs: Any) -> None:
                # Signed in, but not for this server: a calm 403, never a sign-in loop.
                raise tornado.web.HTTPError(403)

            handler.redirect = refuse  # type: ignore[method-assign]  # as jupyterhub's own does
        return admitted

    @abstractmethod
    def admit(self, hub_user: User) -> User | None:
        """Who ``hub_user`` is on this server, or None: not let in here. Each kind of hub
        server says (``ParticipantSignIn``, ``FacilitatorSignIn``); Voilà is only ever given
        one of those."""


@dataclass
class HubUser(User):
    """Who a hub server lets in, as the app's pages know people: the username is the owner
    of the kernels they may reach; ``participant_id`` is whose answers a step page shows
    (none for a facilitator)."""

    participant_id: str | None = None


class ParticipantSignIn(HubSignIn):
    """A participant's server: its owner, and only its owner, as their participant record."""

    owner: ClassVar[str] = ""
    participant: ClassVar[Participant | None] = None

    def admit(self, hub_user: User) -> User | None:
        person = self.participant
        if person is None or hub_user.username != self.owner:
            return None
        return HubUser(username=person.id, name=person.display_name, participant_id=person.id)


class FacilitatorSignIn(HubSignIn):
    """The facilitators' service: whoever the hub's roles let in (the facilitators group),
    as the facilitator of the hub's cohort, like a room's facilitator link."""

    cohort_id: ClassVar[str] = ""

    def admit(self, hub_user: User) -> User | None:
        return HubUser(username=FACILITATOR_OWNER + self.cohort_id, name=hub_user.name)


# -- kernels ----------------------------------------------------------------------------


class HubPageKernels(PageKernels):
    """Page kernels as in a room, started from an environment without the hub's secrets."""

    async def start_kernel(  # type: ignore[override]  # as PageKernels' own
        self, *, kernel_id: str | None = None, path: Any = None, **kwargs: Any
    ) -> str:
        given = dict(kwargs.pop("env", None) or {})
        kwargs["env"] = {
            key: value for key, value in given.items() if not key.startswith(HUB_PREFIXES)
        }
        started: str = await super().start_kernel(kernel_id=kernel_id, path=path, **kwargs)
        return started


# -- pages ------------------------------------------------------------------------------


class HubCalm(tornado.web.RequestHandler):
    """What every hub page shares: security headers, redacted logs, calm error pages."""

    def set_default_headers(self) -> None:
        super().set_default_headers()
        for name, value in SECURITY_HEADERS.items():
            self.set_header(name, value)
        self.set_header("Cache-Control", "no-store")

    def _request_summary(self) -> str:
        return f"{self.request.method} {redact(self.request.path)}"

    def calm(self, status: int, title: str, text: str) -> None:
        home = self.settings["nextround_hub_home"]
        more = f"<p><a href='{home}'>Your hub's home page</a></p>"
        self.set_status(status)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(calm_page(status, title, text, more))

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        refused: tuple[str, str] = self.settings["nextround_refused"]
        self.calm(status_code, *(refused if status_code == 403 else HUB_NOT_HERE))


class HubPage(HubCalm, JupyterHandler):
    """A page behind the hub's sign-in (``prepare`` sends a stranger to sign in first)."""

    def signed_in(self) -> User:
        user = self.current_user
        if not isinstance(user, User):
            raise tornado.web.HTTPError(403)
        return user


class HubRoot(HubPage):
    """``<prefix>``: straight to the right step (the room's current one, else step 00)."""

    def get(self) -> None:
        store: Store = self.settings["nextround_store"]
        settings: AppSettings = self.settings["nextround"]
        person = store.get_participant(self.signed_in().username)
        self.redirect(f"{self.settings['base_url']}step/{first_step(store, settings, person)}")


class HubNotHere(HubPage):
    """Every address a hub server does not serve."""

    def get(self, *_args: Any) -> None:
        self.signed_in()
        self.calm(404, *HUB_NOT_HERE)

    post = put = delete = patch = get


class HubCalendar(HubPage):
    """``<prefix>me/plan.ics``: the signed-in person's own plan as a calendar file."""

    def get(self) -> None:
        from kit.steps.plan.calendar import calendar_bytes, calendar_entries
        from kit.workbook.raw_answers import stored_values

        store: Store = self.settings["nextround_store"]
        person = store.get_participant(self.signed_in().username)
        entries = calendar_entries(person.id, stored_values(store, person.id), date.today())
        self.set_header("Content-Type", "text/calendar; charset=utf-8")
        self.set_header("Content-Disposition", 'attachment; filename="my-next-round-plan.ics"')
        self.finish(calendar_bytes(entries, name=person.display_name))


class HubStepHandler(HubCalm, StepHandler):  # type: ignore[misc]  # tornado's get(*args) vs the step's
    """A step page, as in a room, for the signed-in owner; a stranger goes to sign in."""

    async def prepare(self) -> None:
        await super(StepHandler, self).prepare()  # skip the room's "no login page" 403


class FacilitatorPage(HubCalm, TornadoVoilaHandler):  # type: ignore[misc]  # voila ships no type hints
    """``<prefix>console`` (and ``<prefix>projector``): a facilitators' notebook as a page."""

    async def get(self, page: str) -> None:
        user = self.current_user
        if user is None:
            raise tornado.web.HTTPError(403)
        notebook = FACILITATOR_PAGES[page]
        served: AppSettings = self.settings["nextround"]
        if not (served.notebooks / notebook).is_file():
            raise tornado.web.HTTPError(404)
        self.notebook_path = notebook
        headers = self.request.headers
        if PARTICIPANT_HEADER in headers:
            del headers[PARTICIPANT_HEADER]
        headers[PARTICIPANT_HEADER] = user.username  # the kernel's owner, never a participant
        self.xsrf_token  # noqa: B018  (the close-page beacon carries it)
        async for snippet in self.get_generator():
            self.write(snippet)
            self.flush()


class ConsoleRoot(HubPage):
    """``<prefix>``: the console."""

    def get(self) -> None:
        self.signed_in()
        self.redirect(f"{self.settings['base_url']}console")


# -- the application --------------------------------------------------------------------

UPSTREAM = (*KEEP_UPSTREAM, OwnShutdown, SafeStaticFiles)


class HubApp(NextRoundApp):
    """The app's Voilà server with the hub's sign-in and only the hub's routes: a person's
    steps (or, for the facilitators' service, the console), the OAuth callback, Voilà's
    kernels and static files; no join links, nothing else."""

    console: ClassVar[bool] = False

    def listen(self) -> None:
        """Voilà's own listening, nothing the room's app adds around it: a hub server has no
        join links whose revocation to watch (the hub's sign-in decides), and no pages to
        prepare ahead for a crowd (it serves one person)."""
        Voila.listen(self)

    def init_settings(self) -> dict[str, Any]:
        settings = super().init_settings()
        hub_auth = self.identity_provider.hub_auth
        settings["nextround_hub_home"] = f"{hub_auth.hub_host}{hub_auth.hub_prefix}home"
        settings["nextround_refused"] = FACILITATORS_ONLY if self.console else NOT_YOURS
        # The hub checks that a server it started speaks its version.
        settings["headers"]["X-JupyterHub-Version"] = jupyterhub.__version__
        return settings

    def init_handlers(self) -> list[Any]:
        upstream = [spec for spec in super().init_handlers() if spec[1] in UPSTREAM]
        base = self.server_url
        render = {
            "template_paths": self.template_paths,
            "config": self.config,
            "voila_configuration": self.voila_configuration,
        }
        callback = (
            base + "oauth_callback",
            JupyterHubOAuthCallbackHandler,
            {"hub_auth": self.identity_provider.hub_auth},
        )
        if self.console:
            pages: list[Any] = [
                (base + f"(?P<page>{'|'.join(FACILITATOR_PAGES)})", FacilitatorPage, render),
                (base, ConsoleRoot),
            ]
        else:
            pages = [
                (base + r"step/(?P<step_id>" + STEP_PATTERN + ")", HubStepHandler, render),
                (base + r"me/plan\.ics", HubCalendar),
                (base, HubRoot),
            ]
        return [callback, *pages, *upstream, (base + r".*", HubNotHere)]


@contextmanager
def hub_wiring_hidden() -> Iterator[None]:
    """The hub's variables (its API token among them) out of this process's environment while
    the kernel starter starts, so that no kernel forked from it ever holds them."""
    hidden = {key: os.environ.pop(key) for key in list(os.environ) if key.startswith(HUB_PREFIXES)}
    try:
        yield
    finally:
        os.environ.update(hidden)


def facilitator_notebooks(source: Path, target: Path) -> None:
    """Copies of the facilitators' notebooks there are, without outputs, for the service."""
    for name in FACILITATOR_PAGES.values():
        if not (source / name).is_file():
            continue
        notebook = nbformat.read(source / name, as_version=4)
        for cell in notebook.cells:
            if cell.cell_type == "code":
                cell.outputs = []
                cell.execution_count = None
        nbformat.write(notebook, target / name)


def serve_hub(
    store: Store,
    *,
    console: bool = False,
    cohort_id: str | None = None,
    host: str | None = None,
    fork_kernels: bool = True,
) -> None:
    """Run as the hub asked until it stops this server (see ``nextround app --hub``).

    ``host`` replaces the interface the hub's address names (a service the hub reaches as
    ``http://hub:10101`` listens on ``0.0.0.0`` in its container).

    ``cohort_id`` (else ``NEXTROUND_COHORT``) is where a participant new to the store is
    added; someone already in the store keeps their cohort. For the console, it is the
    cohort shown (else the console offers every cohort).
    """
    place = hub_place()
    if host is not None:
        place = dataclasses.replace(place, host=host)
    cohort_id = cohort_id or os.environ.get(COHORT_ENV, "").strip() or None
    if cohort_id is not None:
        store.get_cohort(cohort_id)
    if not console:
        if place.user is None:
            raise NextRoundError(
                f"JupyterHub did not say whose server this is ({HUB_USER_ENV} is not set). "
                "For the facilitators' service, add --console."
            )
        person = hub_participant(store, place.user, cohort_id=cohort_id)
        ParticipantSignIn.owner, ParticipantSignIn.participant = place.user, person
        cohort_id = person.cohort_id
    runtime = Path(tempfile.mkdtemp(prefix="nextround-hub-"))
    zygote: KernelZygote | None = None
    try:
        notebooks = runtime / "pages"
        notebooks.mkdir()
        if console:
            facilitator_notebooks(notebooks_dir(), notebooks)
            steps: tuple[Any, ...] = ()
        else:
            steps = page_notebooks(load_content(), notebooks_dir(), notebooks)
            if fork_kernels and kernel_zygote.fork_available():
                with hub_wiring_hidden():
                    zygote = KernelZygote.start(runtime, runtime / "kernels.log", PAGE_WARM_UP)
                zygote.wait_until_ready()
        settings = AppSettings(store.location.url, cohort_id, notebooks, steps)
        AppIdentity.store = store  # what NextRoundApp's settings hand to every handler
        PageKernels.app_settings = NextRoundApp.app_settings = settings
        HubApp.console = console
        FacilitatorSignIn.cohort_id = cohort_id or ""
        config = app_config(
            settings, host=place.host, port=place.port, zygote=str(zygote.address) if zygote else ""
        )
        config.Voila.base_url = place.prefix
        config.Voila.identity_provider_class = FacilitatorSignIn if console else ParticipantSignIn
        config.VoilaConfiguration.multi_kernel_manager_class = HubPageKernels
        app = HubApp(config=config)
        app.initialize(argv=[])
        log.info(
            "%s under the hub at %s:%d%s",
            "facilitators' console" if console else f"pages of {place.user}",
            place.host,
            place.port,
            place.prefix,
        )
        app.start()
    finally:
        if zygote is not None:
            zygote.close()
        shutil.rmtree(runtime, ignore_errors=True)
