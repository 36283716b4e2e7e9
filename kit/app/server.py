"""The participant app's web server: Voilà's standalone server, narrowed to one access rule.

Why Voilà's standalone app (``voila.app.Voila``) and not Voilà inside a Jupyter server: it
has no contents, sessions, terminals or ``/lab`` API to begin with, it refuses code sent from
a page (only comm, kernel-info and shutdown messages reach a kernel), and its hooks are
public traitlets. What it does not do, measured here, is check who may open what: its token
is not enforced when none is set, ``/voila/render`` runs any notebook in its folder, the tree
lists them all, and any page may talk to any kernel whose id it knows. So this module:

- serves only ``/step/<step id>`` for the steps of ``data/steps.toml`` (copies of the step
  notebooks, each with a first cell that draws the step bar: ``kit.app.frame``), the join
  address ``/j/<token>``, the person's own downloads under ``/me/``, and Voilà's own
  scripts and styles; everything else is a calm "nothing here" page;
- knows who is asking from a secret, never from anything the page says: in a room, the join
  link's token, exchanged once for an HttpOnly cookie and checked against the store (as a
  hash) on every request, so a revoked link stops at once; alone, the one person of this
  workspace on this machine (the server then listens on loopback only);
- starts each page's kernel as that person (``NEXTROUND_PARTICIPANT`` in the kernel's
  environment, set here from the cookie's owner; the request's query string, URL and cookies
  are removed), records the kernel's owner, and lets a page reach only kernels of its own;
- keeps tokens out of the logs (paths redacted, no query strings) and out of ``Referer``
  headers (``Referrer-Policy: no-referrer``).

Kernels are forked from a warm kernel starter (``kit.reports.kernel_zygote`` with the page
warm-up of ``kit.app.frame``) where Linux allows, and culled when their page is closed or idle.
"""

from __future__ import annotations

import functools
import html
import ipaddress
import re
import secrets
import shutil
import ssl
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import nbformat
import tornado.ioloop
import tornado.web
from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
from jupyter_server.auth.authorizer import Authorizer
from jupyter_server.auth.identity import IdentityProvider, User
from jupyter_server.base.handlers import FileFindHandler
from jupyter_server.services.kernels.handlers import KernelHandler
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from jupyterlab_server.themes_handler import ThemesHandler
from traitlets import Unicode
from traitlets.config import Config
from voila.app import Voila
from voila.request_info_handler import RequestInfoSocketHandler
from voila.shutdown_kernel_handler import VoilaShutdownKernelHandler
from voila.static_file_handler import MultiStaticFileHandler, TemplateStaticFileHandler
from voila.tornado.handler import TornadoVoilaHandler
from voila.tornado.kernel_websocket_handler import VoilaKernelWebsocketHandler

from kit.app import links
from kit.core.content import Content, Step, load_content
from kit.core.identity import (
    APP_MODE_ENV,
    COHORT_ENV,
    PARTICIPANT_ENV,
    ROOM_MODE,
    remembered_participant_id,
)
from kit.core.logs import logger
from kit.core.store import Participant, Store
from kit.core.workspace import STORE_ENV, notebooks_dir
from kit.errors import NextRoundError
from kit.reports import kernel_zygote
from kit.reports.kernel_zygote import IPYKERNEL_MODULE, KernelZygote
from kit.reports.provisioner import PROVISIONER_NAME
from kit.reports.service import ReportService
from kit.room.pace import step_is_open
from kit.steps.page import READ_ONLY_ENV
from kit.workbook.downloads import PDF_ENV

log = logger(__name__)
access_log = logger("kit.app.access")

SOLO_MODE = "solo"
JOIN_COOKIE = "nextround_join"
FACILITATOR_COOKIE = "nextround_facilitator"
FACILITATOR_OWNER = "facilitator:"
FACILITATOR_PAGES = {"console": "facilitator_console.ipynb", "projector": "projector.ipynb"}
COOKIE_DAYS = 60
SOLO_USER = "solo"
PAGE_WARM_UP = "kit.app.frame:warm_up"
PAGE_KERNEL = "nextround-page"
# A request header only this server sets (a copy the client sends is deleted first); Voilà
# copies it into the kernel's environment as HTTP_X_NEXTROUND_PARTICIPANT.
PARTICIPANT_HEADER = "X-Nextround-Participant"
PARTICIPANT_FROM_HEADER = "HTTP_X_NEXTROUND_PARTICIPANT"
STEP_PATTERN = r"[0-9]{2}_[a-z_]{1,60}"
SECURITY_HEADERS = {
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
}
CULL_IDLE_SECONDS = 600
POOL_LIMIT = 30  # pages prepared ahead at most (about 30 MiB each)
POOL_REFILL_DELAY_SECONDS = 30  # refills wait until the room's burst of joins is over
POOL_CHECK_SECONDS = 3
QUERY_PATH = "nextround-kernel-query"
QUERY_ENV = "NEXTROUND_APP_QUERY_URL"
PREHEAT_ENV = "VOILA_PREHEAT"
REVOKE_CHECK_SECONDS = 10
CULL_INTERVAL_SECONDS = 30
LOOPBACK = ("127.0.0.1", "::1", "localhost")

INVALID_LINK = (
    "This link is not valid",
    "This link does not open a page. Check it was typed exactly as printed, or ask your "
    "facilitator for yours.",
)
NO_IDENTITY = (
    "Open your personal link",
    "This page needs your personal link. If you do not have it, ask your facilitator for yours.",
)
NOT_HERE = (
    "Nothing here",
    "There is nothing at this address. Open your personal link, or ask your facilitator for it.",
)
FACILITATORS_ONLY = (
    "For the facilitator",
    "This page is for the session's facilitator. Open your own personal link to reach your page.",
)
REPORT_FAILED = (
    "Your report could not be made just now",
    "Please try again in a minute. If it keeps happening, tell your facilitator.",
)
NOT_OPEN = (
    "This step is not open yet",
    "Your facilitator will open it when the room gets there. Your earlier steps are still here.",
)

CALM_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Next Round</title>
<style>body{{font-family:system-ui,sans-serif;background:#f6f5f2;color:#222;margin:0}}
main{{max-width:34rem;margin:15vh auto;padding:2rem;background:#fff;border-radius:12px}}
h1{{font-size:1.3rem;font-weight:600}}</style></head>
<body><main class="nr-calm" data-status="{status}"><h1>{title}</h1><p>{text}</p>{more}</main>
</body></html>"""


def calm_page(status: int, title: str, text: str, more: str = "") -> str:
    """A plain page for people: what happened and what to do, never a traceback."""
    return CALM_PAGE.format(
        status=status, title=html.escape(title), text=html.escape(text), more=more
    )


@dataclass(frozen=True)
class AppSettings:
    """What one running app serves, and to whom."""

    store_url: str
    cohort_id: str | None
    notebooks: Path
    steps: tuple[Step, ...]
    facilitator_pages: tuple[str, ...] = ()
    pool_size: int = 0  # pages prepared ahead for the room's current step (0: none)
    query_url: str = ""  # where a prepared page's kernel learns whom it was given to

    @property
    def mode(self) -> str:
        return SOLO_MODE if self.cohort_id is None else ROOM_MODE

    def step(self, step_id: str) -> Step | None:
        return next((step for step in self.steps if step.id == step_id), None)


# -- who is asking ---------------------------------------------------------------------


@dataclass
class AppUser(User):
    """Who a request comes from: a participant (their id), this room's facilitator, or both
    (one browser used for both links). Kernels belong to one of them."""

    participant_id: str | None = None
    facilitator_of: str | None = None

    def owners(self) -> set[str]:
        """The kernel owners this user may reach."""
        found = {self.participant_id} if self.participant_id else set()
        if self.facilitator_of:
            found.add(FACILITATOR_OWNER + self.facilitator_of)
        return found


class AppIdentity(IdentityProvider):
    """Who is asking: the participant whose live join token is in the cookie, or, alone, the
    one person of this workspace. No login page, no password, no token in a URL after the
    first visit."""

    app_settings: ClassVar[AppSettings | None] = None
    store: ClassVar[Store | None] = None

    def get_handlers(self) -> list[tuple[str, object]]:
        return []

    @property
    def login_available(self) -> bool:
        return False

    def get_user(self, handler: tornado.web.RequestHandler) -> User | None:
        settings, store = self.app_settings, self.store
        if settings is None or store is None:
            return None
        if settings.mode == SOLO_MODE:
            return AppUser(username=SOLO_USER, name="you", participant_id=SOLO_USER)
        person = participant_for_cookie(handler, store, settings)
        facilitating = facilitator_for_cookie(handler, store, settings)
        if person is None and facilitating is None:
            return None
        return AppUser(
            username=person.id if person else FACILITATOR_OWNER + str(facilitating),
            name=person.display_name if person else "facilitator",
            participant_id=person.id if person else None,
            facilitator_of=facilitating,
        )


def participant_for_cookie(
    handler: tornado.web.RequestHandler, store: Store, settings: AppSettings
) -> Participant | None:
    """The participant whose live join link is in the request's cookie, in this room."""
    token = handler.get_cookie(JOIN_COOKIE)
    if not token:
        return None
    try:
        holder = links.holder_of(store, links.PARTICIPANT, token)
        person = store.find_participant(holder) if holder else None
    except NextRoundError as exc:
        log.warning("could not check a join link: %s", exc)
        return None
    if person is None or person.cohort_id != settings.cohort_id:
        return None
    return person


def facilitator_for_cookie(
    handler: tornado.web.RequestHandler, store: Store, settings: AppSettings
) -> str | None:
    """This room's cohort id when the request carries its facilitator's live link."""
    token = handler.get_cookie(FACILITATOR_COOKIE)
    if not token or settings.cohort_id is None:
        return None
    try:
        holder = links.holder_of(store, links.FACILITATOR, token)
    except NextRoundError as exc:
        log.warning("could not check a facilitator link: %s", exc)
        return None
    return holder if holder == settings.cohort_id else None


class OwnKernelsOnly(Authorizer):
    """The only resource a page may use is a kernel started for that very person."""

    def is_authorized(
        self, handler: tornado.web.RequestHandler, user: User, action: str, resource: str
    ) -> bool:
        if user is None or resource != "kernels":
            return False
        kernel_id = getattr(handler, "kernel_id", None) or handler.path_kwargs.get("kernel_id")
        manager = handler.settings["kernel_manager"]
        owners = user.owners() if isinstance(user, AppUser) else {user.username}
        return bool(kernel_id) and manager.owner_of(kernel_id) in owners


# -- kernels ----------------------------------------------------------------------------


class PageKernelSpecs(KernelSpecManager):
    """The one kernel spec pages use: this interpreter's ipykernel, forked when possible."""

    zygote = Unicode("", config=True, help="The app's kernel starter socket; empty: no forking.")

    def get_kernel_spec(self, kernel_name: str) -> KernelSpec:
        return KernelSpec(
            argv=[
                sys.executable,
                *IPYKERNEL_MODULE,
                "-f",
                "{connection_file}",
                "--HistoryManager.hist_file=:memory:",
            ],
            display_name="Next Round page",
            language="python",
            metadata={
                "kernel_provisioner": {
                    "provisioner_name": PROVISIONER_NAME,
                    "config": {"zygote": self.zygote},
                }
            },
        )


class PageKernels(AsyncMappingKernelManager):
    """Kernels that know whom they serve; the page cannot tell them otherwise.

    The person arrives in ``env`` from the header this server set (``http_header_envs``) and
    becomes ``NEXTROUND_PARTICIPANT``; everything the request carried is dropped. The owner
    map is what ``OwnKernelsOnly`` checks.
    """

    app_settings: ClassVar[AppSettings | None] = None

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)  # type: ignore[no-untyped-call]
        self._owners: dict[str, str] = {}

    def owner_of(self, kernel_id: str) -> str | None:
        return self._owners.get(kernel_id)

    def owners(self) -> dict[str, str]:
        """Every running page kernel and whom it serves."""
        return dict(self._owners)

    async def start_kernel(  # type: ignore[override]  # jupyter_server's own is async too
        self, *, kernel_id: str | None = None, path: Any = None, **kwargs: Any
    ) -> str:
        settings = self.app_settings
        if settings is None:
            raise tornado.web.HTTPError(503)
        given = dict(kwargs.pop("env", None) or {})
        owner = str(given.get(PARTICIPANT_FROM_HEADER, "")).strip()
        prepared = given.get(PREHEAT_ENV) == "True" and not owner
        if not owner and not prepared:
            raise tornado.web.HTTPError(403)
        env = page_kernel_environment(given, settings, owner)
        if prepared:
            env[QUERY_ENV] = settings.query_url
        kwargs["env"] = env
        kwargs["kernel_name"] = PAGE_KERNEL
        started: str = await super().start_kernel(kernel_id=kernel_id, path=path, **kwargs)
        if owner:
            self._owners[started] = owner
        log.debug("kernel %s started for %s", started[:8], owner or "a page prepared ahead")
        return started

    def give(self, kernel_id: str, owner: str) -> None:
        """Hand a page prepared ahead to ``owner``: from now on only they reach its kernel."""
        if self._owners.get(kernel_id, owner) != owner:
            raise tornado.web.HTTPError(403)
        self._owners[kernel_id] = owner

    def remove_kernel(self, kernel_id: str) -> Any:
        self._owners.pop(kernel_id, None)
        return super().remove_kernel(kernel_id)


def page_kernel_environment(
    given: Mapping[str, str], settings: AppSettings, owner: str
) -> dict[str, str]:
    """The kernel's environment: the server's, minus everything the request brought, plus who
    the page is for and where the store is."""
    leaked = {"QUERY_STRING", "VOILA_REQUEST_URL", "HTTP_COOKIE", PARTICIPANT_FROM_HEADER}
    env = {
        key: value
        for key, value in given.items()
        if key not in leaked and not key.startswith("HTTP_") and not key.startswith("SCRIPT_")
    }
    for name in (PARTICIPANT_ENV, COHORT_ENV, READ_ONLY_ENV, PDF_ENV):
        env.pop(name, None)
    env[STORE_ENV] = settings.store_url
    env[APP_MODE_ENV] = settings.mode
    # A page prepared ahead has no owner yet: it learns its person when it is given to them.
    # Whether its answers are read-only (the session ended) the page's step bar decides.
    if owner.startswith(FACILITATOR_OWNER):
        env[COHORT_ENV] = owner.removeprefix(FACILITATOR_OWNER)
    elif owner and owner != SOLO_USER:
        env[PARTICIPANT_ENV] = owner
    reports = NextRoundApp.reports
    if reports is not None and reports.pdf_available:
        env[PDF_ENV] = "1"
    return env


# -- pages ------------------------------------------------------------------------------


class CalmHandler(tornado.web.RequestHandler):
    """Every address the app does not serve: a calm page, never a listing or a traceback."""

    def set_default_headers(self) -> None:
        for name, value in SECURITY_HEADERS.items():
            self.set_header(name, value)
        self.set_header("Cache-Control", "no-store")

    def calm(self, status: int, title: str, text: str, more: str = "") -> None:
        self.set_status(status)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(calm_page(status, title, text, more))

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        self.calm(status_code, *NOT_HERE)

    def _request_summary(self) -> str:
        return f"{self.request.method} {redact(self.request.path)}"


class NotHere(CalmHandler):
    """Every address the app does not serve, whatever the method."""

    def get(self, *_args: Any) -> None:
        self.calm(404, *NOT_HERE)

    post = put = delete = patch = get


class JoinHandler(CalmHandler):
    """``/j/<token>``: check the link, keep it in an HttpOnly cookie, go to the right step."""

    def get(self, text: str) -> None:
        settings: AppSettings = self.settings["nextround"]
        store: Store = self.settings["nextround_store"]
        token = links.read_token(text)
        holder = links.holder_of(store, links.PARTICIPANT, text) if token else None
        person = store.find_participant(holder) if holder else None
        if token is None or person is None or person.cohort_id != settings.cohort_id:
            self.calm(404, *INVALID_LINK)
            return
        keep_in_cookie(self, JOIN_COOKIE, token)
        self.redirect(f"{self.settings['base_url']}step/{first_step(store, settings, person)}")


def keep_in_cookie(handler: tornado.web.RequestHandler, name: str, token: str) -> None:
    """Keep a link's token where only this server reads it: HttpOnly, same-site, https-only
    when served over https; the address bar then drops the token (a redirect follows)."""
    handler.set_cookie(
        name,
        token,
        path="/",
        httponly=True,
        samesite="Lax",
        secure=handler.request.protocol == "https",
        expires_days=COOKIE_DAYS,
    )


class RootHandler(CalmHandler):
    """``/``: straight to the right step for someone known; otherwise say to use one's link."""

    def get(self, *_args: Any) -> None:
        settings: AppSettings = self.settings["nextround"]
        store: Store = self.settings["nextround_store"]
        if settings.mode == SOLO_MODE:
            self.redirect(f"{self.settings['base_url']}step/{settings.steps[0].id}")
            return
        person = participant_for_cookie(self, store, settings)
        if person is None:
            self.calm(403, *NO_IDENTITY)
            return
        self.redirect(f"{self.settings['base_url']}step/{first_step(store, settings, person)}")


def first_step(store: Store, settings: AppSettings, person: Participant) -> str:
    """Where a returning person lands: the room's current step if there is one, else 00."""
    if person.cohort_id is not None:
        current = store.room_state(person.cohort_id).current_step
        if current is not None and settings.step(current) is not None:
            return current
    return settings.steps[0].id


class PreparedPages:
    """What a step page shows Voilà as its kernel manager when pages are prepared ahead.

    Voilà hands out a prepared page (a kernel that ran the step for nobody) through
    ``get_rendered_notebook``; this records the person as its owner before the page can reach
    it. The kernel then learns whom it serves from the request info Voilà sends it on a socket
    whose address only kernels know (``kit.app.frame``). Only ready pages count as available,
    so a request never waits for one still being prepared (it gets an ordinary page).
    """

    def __init__(self, real: Any, owner: str) -> None:
        self._real = real
        self._owner = owner

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)

    def get_pool_size(self, notebook_name: str) -> int:
        pool = self._real._pools.get(notebook_name, [])
        return len(pool) if pool and pool[0].done() else 0

    async def get_rendered_notebook(self, *args: Any, **kwargs: Any) -> Any:
        render_task, rendered_cache, kernel_id = await self._real.get_rendered_notebook(
            *args, **kwargs
        )
        self._real.give(kernel_id, self._owner)
        return render_task, rendered_cache, kernel_id


class StepHandler(TornadoVoilaHandler):  # type: ignore[misc]  # voila ships no type hints
    """One step as a page, only for someone identified, only for steps open to them."""

    @property
    def kernel_manager(self) -> Any:
        real = self.settings["kernel_manager"]
        owner = getattr(self.current_user, "participant_id", None)
        if self.voila_configuration.preheat_kernel and owner:
            return PreparedPages(real, owner)
        return real

    async def prepare(self) -> None:
        # A calm 403 rather than a redirect to a login page that does not exist.
        await super().prepare(_redirect_to_login=False)

    def set_default_headers(self) -> None:
        super().set_default_headers()
        for name, value in SECURITY_HEADERS.items():
            self.set_header(name, value)

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        title_text = NO_IDENTITY if status_code == 403 else NOT_HERE
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(calm_page(status_code, *title_text))

    def _request_summary(self) -> str:
        return f"{self.request.method} {redact(self.request.path)}"

    async def get(self, step_id: str) -> None:
        settings: AppSettings = self.settings["nextround"]
        step = settings.step(step_id)
        if step is None:
            raise tornado.web.HTTPError(404)
        user = self.current_user
        participant_id = getattr(user, "participant_id", None)
        if participant_id is None:
            raise tornado.web.HTTPError(403)
        if settings.mode != SOLO_MODE and not step_open_for(self, settings, step, participant_id):
            self.set_status(403)
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.finish(
                calm_page(
                    403,
                    *NOT_OPEN,
                    more=f"<p><a href='{settings.steps[0].id}'>Back to the first step</a></p>",
                )
            )
            return
        await self.serve_page(step.notebook, participant_id)

    async def serve_page(self, notebook: str, owner: str) -> None:
        """Run ``notebook`` (in the app's folder) as ``owner``'s page and stream it."""
        self.notebook_path = notebook
        headers = self.request.headers
        if PARTICIPANT_HEADER in headers:
            del headers[PARTICIPANT_HEADER]  # whatever the client claimed
        headers[PARTICIPANT_HEADER] = owner
        # Voilà's page shuts its kernel down on close with a beacon that carries the _xsrf
        # cookie; the standalone server never sets one, so touch it here.
        self.xsrf_token  # noqa: B018
        async for snippet in self.get_generator():
            self.write(snippet)
            self.flush()


def step_open_for(
    handler: tornado.web.RequestHandler, settings: AppSettings, step: Step, participant_id: str
) -> bool:
    """``pace.step_is_open`` for this person; what they answered is looked up only when the
    room's state alone does not open the step."""
    store: Store = handler.settings["nextround_store"]
    room = store.room_state(settings.cohort_id) if settings.cohort_id else None
    if step_is_open(room, step, answered_in_it=False):
        return True
    content: Content = handler.settings["nextround_content"]
    exercises = {exercise.id for exercise in content.exercises_of(step.id)}
    return bool(exercises & store.answered_exercises(participant_id))


class FacilitatorJoin(CalmHandler):
    """``/f/<token>`` (and ``/f/<token>/projector``): the facilitator's own link, kept in its
    own HttpOnly cookie; then the console (or the projector)."""

    def get(self, text: str, page: str | None = None) -> None:
        settings: AppSettings = self.settings["nextround"]
        store: Store = self.settings["nextround_store"]
        token = links.read_token(text)
        holder = links.holder_of(store, links.FACILITATOR, text) if token else None
        if token is None or holder is None or holder != settings.cohort_id:
            self.calm(404, *INVALID_LINK)
            return
        keep_in_cookie(self, FACILITATOR_COOKIE, token)
        self.redirect(f"{self.settings['base_url']}{page or 'console'}")


class FacilitatorPage(StepHandler):
    """``/console`` and ``/projector``: Voilà pages for this room's facilitator only."""

    async def get(self, page: str) -> None:
        settings: AppSettings = self.settings["nextround"]
        if page not in settings.facilitator_pages:
            raise tornado.web.HTTPError(404)
        facilitating = getattr(self.current_user, "facilitator_of", None)
        if facilitating is None or facilitating != settings.cohort_id:
            self.set_status(403)
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.finish(calm_page(403, *FACILITATORS_ONLY))
            return
        await self.serve_page(FACILITATOR_PAGES[page], FACILITATOR_OWNER + facilitating)


class SafeStaticFiles(TemplateStaticFileHandler):  # type: ignore[misc]  # voila ships no type hints
    """Voilà's template files, where a malformed path (``lab/static/../../x``) is a 404, not a 500."""

    def parse_url_path(self, path: str) -> str:
        try:
            return str(super().parse_url_path(path))
        except (AssertionError, ValueError):
            raise tornado.web.HTTPError(404) from None

    @classmethod
    def get_absolute_path(cls, root: str, path: str) -> str:
        try:
            return str(super().get_absolute_path(root, path))
        except (AssertionError, ValueError):
            raise tornado.web.HTTPError(404) from None


class OwnShutdown(VoilaShutdownKernelHandler):  # type: ignore[misc]  # voila ships no type hints
    """The close-page beacon may shut down only the page's own kernel."""

    async def post(self, kernel_id: str) -> None:
        user = self.current_user
        if user is None or self.kernel_manager.owner_of(kernel_id) != user.username:
            raise tornado.web.HTTPError(404)
        await super().post(kernel_id)


class Downloads(CalmHandler):
    """``/me/report.html``, ``/me/report.pdf`` and ``/me/plan.ics``: the asking person's own
    report and calendar, made for them alone (never anyone else's: the id comes from their
    link, not from the address)."""

    async def get(self, what: str) -> None:
        settings: AppSettings = self.settings["nextround"]
        store: Store = self.settings["nextround_store"]
        person = self._person(settings, store)
        if person is None:
            self.calm(403, *NO_IDENTITY)
            return
        if what == "plan.ics":
            self._send(calendar_for(store, person), "text/calendar; charset=utf-8", what)
            return
        service: ReportService | None = self.settings.get("nextround_reports")
        if service is None or (what == "report.pdf" and not service.pdf_available):
            self.calm(404, *NOT_HERE)
            return
        try:
            if what == "report.pdf":
                self._send(await service.pdf(person.id), "application/pdf", what)
            else:
                self._send(await service.html(person.id), "text/html; charset=utf-8", what)
        except NextRoundError:  # the reason may quote the person's words: not for the log
            log.warning("a report download failed (see the report service's log)")
            self.calm(500, *REPORT_FAILED)

    def _person(self, settings: AppSettings, store: Store) -> Participant | None:
        if settings.mode != SOLO_MODE:
            return participant_for_cookie(self, store, settings)
        remembered = remembered_participant_id()
        return store.find_participant(remembered) if remembered else None

    def _send(self, data: bytes, content_type: str, what: str) -> None:
        self.set_header("Content-Type", content_type)
        self.set_header("Content-Disposition", f'attachment; filename="my-next-round-{what}"')
        self.finish(data)


def calendar_for(store: Store, person: Participant) -> bytes:
    """The person's plan as a calendar file, as `nextround calendar` makes it."""
    from datetime import date

    from kit.steps.plan.calendar import calendar_bytes, calendar_entries
    from kit.workbook.raw_answers import stored_values

    entries = calendar_entries(person.id, stored_values(store, person.id), date.today())
    return calendar_bytes(entries, name=person.display_name)


def redact(path: str) -> str:
    """A path for the log: join tokens replaced."""
    return re.sub(rf"^(.*?/{links.JOIN_PATH}/)[^/?#]*", r"\1[token]", path)


def log_request(handler: tornado.web.RequestHandler) -> None:
    """The access log: status, method, redacted path, time; never a query string or token."""
    request = handler.request
    path = redact(request.path) + ("?[query]" if request.query else "")
    status = handler.get_status()
    report = access_log.info if status < 400 else access_log.warning
    report("%d %s %s %.1f ms", status, request.method, path, 1000.0 * request.request_time())


# -- the application --------------------------------------------------------------------

KEEP_UPSTREAM = (
    FileFindHandler,
    KernelHandler,
    VoilaKernelWebsocketHandler,
    MultiStaticFileHandler,
    ThemesHandler,
    tornado.web.StaticFileHandler,
)


# The lab page with its content as the main landmark (templates/page/index.html.j2).
PAGE_TEMPLATE = Path(__file__).resolve().parent / "templates" / "page"


class NextRoundApp(Voila):  # type: ignore[misc]  # voila ships no type hints
    """Voilà's standalone app with this module's routes, identity, access rule and kernels."""

    name = "nextround-app"

    app_settings: ClassVar[AppSettings | None] = None
    tls: ClassVar[ssl.SSLContext | None] = None
    reports: ClassVar[ReportService | None] = None

    def setup_template_dirs(self) -> None:
        """Voilà's lab template, found after this app's own page template (``PAGE_TEMPLATE``),
        which extends it."""
        super().setup_template_dirs()
        voila_paths = list(self.template_paths)  # type: ignore[has-type]  # an untyped trait
        self.template_paths = [str(PAGE_TEMPLATE), *voila_paths]

    def listen(self) -> None:
        """Voilà's own listening, over TLS when a certificate was given; and, every few
        seconds, the pages of a revoked link are closed (their kernels shut down)."""
        if self.tls is not None:
            plain_listen = self.app.listen
            self.app.listen = functools.partial(plain_listen, ssl_options=self.tls)
        tornado.ioloop.PeriodicCallback(self._close_revoked, REVOKE_CHECK_SECONDS * 1000).start()
        if self.voila_configuration.preheat_kernel:
            tornado.ioloop.PeriodicCallback(self._prepare_pages, POOL_CHECK_SECONDS * 1000).start()
        super().listen()

    def _prepare_pages(self) -> None:
        """Keep pages prepared ahead for the step the room is on, and only for that step."""
        settings, store = self.app_settings, AppIdentity.store
        if settings is None or store is None or settings.cohort_id is None:
            return
        try:
            state = store.room_state(settings.cohort_id)
        except NextRoundError:
            return
        step = settings.step(state.current_step or "") or settings.steps[0]
        wanted = {} if state.closed else {step.notebook: settings.pool_size}
        config = {
            "default": {"pool_size": 0},
            **{name: {"pool_size": size} for name, size in wanted.items()},
        }
        manager = self.kernel_manager
        if manager.kernel_pools_config == config:
            return
        manager.kernel_pools_config = config
        for name, pool in list(manager._pools.items()):
            if name not in wanted:
                while pool:
                    retire_prepared(manager, pool.pop())
        for name in wanted:
            manager.fill_if_needed(delay=0, notebook_name=name)
            for task in manager._pools.get(name, []):
                task.add_done_callback(report_failed_preparation)
        log.info("preparing %d pages ahead for %s", wanted.get(step.notebook, 0), step.id)

    async def _close_revoked(self) -> None:
        store, manager = AppIdentity.store, self.kernel_manager
        if store is None:
            return
        for kernel_id, owner in list(manager.owners().items()):
            if owner == SOLO_USER:
                continue
            kind, holder = (
                (links.FACILITATOR, owner.removeprefix(FACILITATOR_OWNER))
                if owner.startswith(FACILITATOR_OWNER)
                else (links.PARTICIPANT, owner)
            )
            try:
                live = store.link_version(kind, holder) is not None
            except NextRoundError:
                continue
            if not live and kernel_id in manager:
                log.info("closing a page whose link was revoked (kernel %s)", kernel_id[:8])
                await manager.shutdown_kernel(kernel_id, now=True)

    def init_settings(self) -> dict[str, Any]:
        settings: dict[str, Any] = super().init_settings()
        settings["log_function"] = log_request
        settings["headers"] = dict(SECURITY_HEADERS)
        settings["xsrf_cookie_kwargs"] = {"samesite": "Lax", "path": "/"}
        settings["nextround"] = self.app_settings
        settings["nextround_store"] = AppIdentity.store
        settings["nextround_content"] = load_content()
        settings["nextround_reports"] = self.reports
        return settings

    def init_handlers(self) -> list[Any]:
        kept = []
        for spec in super().init_handlers():
            pattern, handler = spec[0], spec[1]
            if handler is VoilaShutdownKernelHandler:
                kept.append((pattern, OwnShutdown, *spec[2:]))
            elif handler is TemplateStaticFileHandler:
                kept.append((pattern, SafeStaticFiles, *spec[2:]))
            elif handler in KEEP_UPSTREAM:
                kept.append(spec)
        base = self.server_url
        render = {
            "template_paths": self.template_paths,
            "config": self.config,
            "voila_configuration": self.voila_configuration,
        }
        prepared = []
        if self.voila_configuration.preheat_kernel and self.app_settings is not None:
            secret = self.app_settings.query_url.rsplit("/", 1)[1]
            kernel = r"(?P<kernel_id>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})"
            prepared.append((base + f"{QUERY_PATH}/{secret}/{kernel}", RequestInfoSocketHandler))
        return [
            *prepared,
            (base + links.JOIN_PATH + r"/([^/]{1,80})", JoinHandler),
            (base + links.FACILITATOR_PATH + r"/([^/]{1,80})(?:/(projector))?", FacilitatorJoin),
            (base + r"(console|projector)", FacilitatorPage, render),
            (base + r"step/(?P<step_id>" + STEP_PATTERN + ")", StepHandler, render),
            (base + r"me/(report\.html|report\.pdf|plan\.ics)", Downloads),
            *kept,
            (base, RootHandler),
            (base + r".*", NotHere),
        ]


def page_notebooks(content: Content, source: Path, target: Path) -> tuple[Step, ...]:
    """Copies of the step notebooks, each opening with the step bar cell; returns the steps.

    Copies, because serving must never write into the repository's notebooks, and because
    only the steps of the content are served (never the facilitator's console).
    """
    served = []
    for step in content.ordered_steps():
        path = source / step.notebook
        if not path.is_file():
            log.warning("step %s has no notebook %s; it is not served", step.id, path)
            continue
        notebook = nbformat.read(path, as_version=4)
        frame = nbformat.v4.new_code_cell(f"from kit.app.frame import start\n\nstart({step.id!r})")
        notebook.cells.insert(0, frame)
        for cell in notebook.cells:
            if cell.cell_type == "code":
                cell.outputs = []
                cell.execution_count = None
        nbformat.write(notebook, target / step.notebook)
        served.append(step)
    if not served:
        raise NextRoundError(f"No step notebooks found in {source}.")
    return tuple(served)


def report_failed_preparation(task: Any) -> None:
    """A page that could not be prepared ahead is logged (people then get an ordinary page)."""
    if not task.cancelled() and task.exception() is not None:
        log.warning("a page could not be prepared ahead: %r", task.exception())


def retire_prepared(manager: Any, item: Any) -> None:
    """Shut down a page prepared for a step the room has left (once it is ready)."""

    async def retire() -> None:
        try:
            content = await item
            await manager.shutdown_kernel(content["kernel_id"], now=True)
        except Exception as exc:  # a page that failed to prepare is simply gone
            log.debug("a prepared page could not be retired: %s", exc)

    tornado.ioloop.IOLoop.current().spawn_callback(retire)


def facilitator_notebooks(source: Path, target: Path) -> tuple[str, ...]:
    """Copies of the console and projector notebooks, each starting with what a kernel forked
    from the app's starter needs; returns the pages served (those whose notebook exists)."""
    served = []
    for page, name in FACILITATOR_PAGES.items():
        path = source / name
        if not path.is_file():
            continue
        notebook = nbformat.read(path, as_version=4)
        prepare = nbformat.v4.new_code_cell(
            "from kit.app.cards import walk_in_card\nfrom kit.app.frame import prepare_kernel\n\n"
            "prepare_kernel()"
        )
        notebook.cells.insert(0, prepare)
        for cell in notebook.cells:  # the console shows a walk-in's card on screen
            cell.source = cell.source.replace(
                "open_console()", "open_console(show_card=walk_in_card)"
            )
        for cell in notebook.cells:
            if cell.cell_type == "code":
                cell.outputs = []
                cell.execution_count = None
        nbformat.write(notebook, target / name)
        served.append(page)
    return tuple(served)


def app_config(settings: AppSettings, *, host: str, port: int, zygote: str) -> Config:
    """The Voilà configuration of one app: this module's classes and the safe choices."""
    config = Config()
    config.Voila.root_dir = str(settings.notebooks)
    config.Voila.ip = host
    config.Voila.port = port
    config.Voila.port_retries = 0
    config.Voila.open_browser = False
    config.Voila.identity_provider_class = AppIdentity
    config.Voila.authorizer_class = OwnKernelsOnly
    config.VoilaConfiguration.multi_kernel_manager_class = PageKernels
    config.VoilaConfiguration.kernel_spec_manager_class = PageKernelSpecs
    config.VoilaConfiguration.http_header_envs = [PARTICIPANT_HEADER]
    config.VoilaConfiguration.allow_template_override = "NO"
    config.VoilaConfiguration.allow_theme_override = "NO"
    config.VoilaConfiguration.show_tracebacks = False
    config.VoilaConfiguration.file_allowlist = []
    config.PageKernelSpecs.zygote = zygote
    config.MappingKernelManager.cull_idle_timeout = CULL_IDLE_SECONDS
    config.MappingKernelManager.cull_interval = CULL_INTERVAL_SECONDS
    config.MappingKernelManager.cull_connected = False
    if settings.pool_size:
        config.VoilaConfiguration.preheat_kernel = True
        config.VoilaConfiguration.default_pool_size = 0
        config.VoilaKernelManager.fill_delay = POOL_REFILL_DELAY_SECONDS
        config.VoilaKernelManager.kernel_pools_config = {"default": {"pool_size": 0}}
        config.VoilaKernelManager.preheat_denylist = list(FACILITATOR_PAGES.values())
    return config


def exposed_to_network(host: str) -> bool:
    """Whether listening on ``host`` lets other machines reach the app."""
    if host in LOOPBACK:
        return False
    try:
        return not ipaddress.ip_address(host).is_loopback
    except ValueError:
        return True


def tls_context(certfile: Path, keyfile: Path) -> ssl.SSLContext:
    """A server TLS context from a certificate and its key; a clear error if they do not load."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    try:
        context.load_cert_chain(certfile, keyfile)
    except (OSError, ssl.SSLError) as exc:
        raise NextRoundError(
            f"The certificate {certfile} and key {keyfile} could not be loaded ({exc}). Give a "
            "PEM certificate and its private key."
        ) from exc
    return context


def serve(
    store: Store,
    *,
    cohort_id: str | None,
    host: str,
    port: int,
    fork_kernels: bool = True,
    tls: ssl.SSLContext | None = None,
    prepare_pages: bool = True,
) -> None:
    """Run the app until interrupted (see ``nextround app`` and ``nextround room open``)."""
    if cohort_id is None and exposed_to_network(host):
        raise NextRoundError(
            "Working alone, the app has no join links, so it only listens on this computer "
            f"(not {host}). For a room, use --cohort."
        )
    if cohort_id is not None:
        store.get_cohort(cohort_id)
    content = load_content()
    runtime = Path(tempfile.mkdtemp(prefix="nextround-app-"))
    zygote: KernelZygote | None = None
    reports: ReportService | None = None
    try:
        notebooks = runtime / "pages"
        notebooks.mkdir()
        steps = page_notebooks(content, notebooks_dir(), notebooks)
        pages = facilitator_notebooks(notebooks_dir(), notebooks) if cohort_id else ()
        pool = 0
        if cohort_id is not None and prepare_pages:
            pool = min(POOL_LIMIT, len(store.list_participants(cohort_id)))
        scheme = "wss" if tls else "ws"
        query_url = f"{scheme}://127.0.0.1:{port}/{QUERY_PATH}/{secrets.token_urlsafe(24)}"
        settings = AppSettings(
            store.location.url, cohort_id, notebooks, steps, pages, pool, query_url
        )
        if fork_kernels and kernel_zygote.fork_available():
            zygote = KernelZygote.start(runtime, runtime / "kernels.log", PAGE_WARM_UP)
            zygote.wait_until_ready()
        AppIdentity.app_settings = PageKernels.app_settings = NextRoundApp.app_settings = settings
        AppIdentity.store = store
        reports = ReportService.start(store, fork_kernels=fork_kernels)
        NextRoundApp.reports = reports
        NextRoundApp.tls = tls
        config = app_config(
            settings, host=host, port=port, zygote=str(zygote.address) if zygote else ""
        )
        app = NextRoundApp(config=config)
        app.initialize(argv=[])
        log.info("participant app for %s on %s:%d", cohort_id or "one person", host, port)
        app.start()
    finally:
        if reports is not None:
            reports.close()
        if zygote is not None:
            zygote.close()
        shutil.rmtree(runtime, ignore_errors=True)
