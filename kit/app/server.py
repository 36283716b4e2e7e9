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

import html
import ipaddress
import re
import shutil
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import nbformat
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
from voila.shutdown_kernel_handler import VoilaShutdownKernelHandler
from voila.static_file_handler import MultiStaticFileHandler, TemplateStaticFileHandler
from voila.tornado.handler import TornadoVoilaHandler
from voila.tornado.kernel_websocket_handler import VoilaKernelWebsocketHandler

from kit.app import links
from kit.core.content import Content, Step, load_content
from kit.core.identity import APP_MODE_ENV, PARTICIPANT_ENV, ROOM_MODE
from kit.core.logs import logger
from kit.core.store import Participant, Store
from kit.core.workspace import STORE_ENV, notebooks_dir
from kit.errors import NextRoundError
from kit.reports import kernel_zygote
from kit.reports.kernel_zygote import IPYKERNEL_MODULE, KernelZygote
from kit.reports.provisioner import PROVISIONER_NAME

log = logger(__name__)
access_log = logger("kit.app.access")

SOLO_MODE = "solo"
JOIN_COOKIE = "nextround_join"
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

    @property
    def mode(self) -> str:
        return SOLO_MODE if self.cohort_id is None else ROOM_MODE

    def step(self, step_id: str) -> Step | None:
        return next((step for step in self.steps if step.id == step_id), None)


# -- who is asking ---------------------------------------------------------------------


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
            return User(username=SOLO_USER, name="you")
        person = participant_for_cookie(handler, store, settings)
        if person is None:
            return None
        return User(username=person.id, name=person.display_name)


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


class OwnKernelsOnly(Authorizer):
    """The only resource a page may use is a kernel started for that very person."""

    def is_authorized(
        self, handler: tornado.web.RequestHandler, user: User, action: str, resource: str
    ) -> bool:
        if user is None or resource != "kernels":
            return False
        kernel_id = getattr(handler, "kernel_id", None) or handler.path_kwargs.get("kernel_id")
        manager = handler.settings["kernel_manager"]
        return bool(kernel_id) and manager.owner_of(kernel_id) == user.username


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

    def kernels_of(self, owner: str) -> list[str]:
        return [kernel for kernel, holder in self._owners.items() if holder == owner]

    async def start_kernel(  # type: ignore[override]  # jupyter_server's own is async too
        self, *, kernel_id: str | None = None, path: Any = None, **kwargs: Any
    ) -> str:
        settings = self.app_settings
        if settings is None:
            raise tornado.web.HTTPError(503)
        given = dict(kwargs.pop("env", None) or {})
        owner = str(given.get(PARTICIPANT_FROM_HEADER, "")).strip()
        if not owner:
            raise tornado.web.HTTPError(403)
        kwargs["env"] = page_kernel_environment(given, settings, owner)
        kwargs["kernel_name"] = PAGE_KERNEL
        started: str = await super().start_kernel(kernel_id=kernel_id, path=path, **kwargs)
        self._owners[started] = owner
        log.info(
            "kernel %s started for %s",
            started[:8],
            "the solo person" if owner == SOLO_USER else owner,
        )
        return started

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
    env.pop(PARTICIPANT_ENV, None)
    env[STORE_ENV] = settings.store_url
    env[APP_MODE_ENV] = settings.mode
    if owner != SOLO_USER:
        env[PARTICIPANT_ENV] = owner
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
        self.set_cookie(
            JOIN_COOKIE,
            token,
            path="/",
            httponly=True,
            samesite="Lax",
            secure=self.request.protocol == "https",
            expires_days=COOKIE_DAYS,
        )
        self.redirect(f"{self.settings['base_url']}step/{first_step(store, settings, person)}")


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


class StepHandler(TornadoVoilaHandler):  # type: ignore[misc]  # voila ships no type hints
    """One step as a page, only for someone identified, only for steps open to them."""

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
        if user is None:
            raise tornado.web.HTTPError(403)
        if settings.mode != SOLO_MODE and not step_open_for(self, settings, step, user.username):
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
        self.notebook_path = step.notebook  # within the app's notebook folder (its root)
        headers = self.request.headers
        if PARTICIPANT_HEADER in headers:
            del headers[PARTICIPANT_HEADER]  # whatever the client claimed
        headers[PARTICIPANT_HEADER] = user.username
        # Voilà's page shuts its kernel down on close with a beacon that carries the _xsrf
        # cookie; the standalone server never sets one, so touch it here.
        self.xsrf_token  # noqa: B018
        async for snippet in self.get_generator():
            self.write(snippet)
            self.flush()


def step_open_for(
    handler: tornado.web.RequestHandler, settings: AppSettings, step: Step, participant_id: str
) -> bool:
    """A step is open for a person when the room opened it or they have answered in it."""
    store: Store = handler.settings["nextround_store"]
    room = store.room_state(settings.cohort_id) if settings.cohort_id else None
    if room is None or not room.paced or step.id in room.opened_steps:
        return True
    content: Content = handler.settings["nextround_content"]
    exercises = {exercise.id for exercise in content.exercises_of(step.id)}
    return bool(exercises & store.answered_exercises(participant_id))


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


class CalendarDownload(CalmHandler):
    """``/me/plan.ics``: the person's own plan as a calendar file, made for them alone."""

    def get(self, *_args: Any) -> None:
        from datetime import date

        from kit.core.identity import remembered_participant_id
        from kit.steps.plan.calendar import calendar_bytes, calendar_entries
        from kit.workbook.raw_answers import stored_values

        settings: AppSettings = self.settings["nextround"]
        store: Store = self.settings["nextround_store"]
        if settings.mode == SOLO_MODE:
            remembered = remembered_participant_id()
            person = store.find_participant(remembered) if remembered else None
        else:
            person = participant_for_cookie(self, store, settings)
        if person is None:
            self.calm(403, *NO_IDENTITY)
            return
        entries = calendar_entries(person.id, stored_values(store, person.id), date.today())
        data = calendar_bytes(entries, name=person.display_name)
        self.set_header("Content-Type", "text/calendar; charset=utf-8")
        self.set_header("Content-Disposition", 'attachment; filename="my-next-round-plan.ics"')
        self.finish(data)


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


class NextRoundApp(Voila):  # type: ignore[misc]  # voila ships no type hints
    """Voilà's standalone app with this module's routes, identity, access rule and kernels."""

    name = "nextround-app"

    app_settings: ClassVar[AppSettings | None] = None

    def init_settings(self) -> dict[str, Any]:
        settings: dict[str, Any] = super().init_settings()
        settings["log_function"] = log_request
        settings["headers"] = dict(SECURITY_HEADERS)
        settings["xsrf_cookie_kwargs"] = {"samesite": "Lax", "path": "/"}
        settings["nextround"] = self.app_settings
        settings["nextround_store"] = AppIdentity.store
        settings["nextround_content"] = load_content()
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
        return [
            (base + links.JOIN_PATH + r"/([^/]{1,80})", JoinHandler),
            (base + r"step/(?P<step_id>" + STEP_PATTERN + ")", StepHandler, render),
            (base + r"me/plan\.ics", CalendarDownload),
            *kept,
            (base, RootHandler),
            (base + r".*", CalmHandler),
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
    return config


def exposed_to_network(host: str) -> bool:
    """Whether listening on ``host`` lets other machines reach the app."""
    if host in LOOPBACK:
        return False
    try:
        return not ipaddress.ip_address(host).is_loopback
    except ValueError:
        return True


def serve(
    store: Store,
    *,
    cohort_id: str | None,
    host: str,
    port: int,
    fork_kernels: bool = True,
) -> None:
    """Run the app until interrupted (see ``nextround app``)."""
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
    try:
        notebooks = runtime / "pages"
        notebooks.mkdir()
        steps = page_notebooks(content, notebooks_dir(), notebooks)
        settings = AppSettings(store.location.url, cohort_id, notebooks, steps)
        if fork_kernels and kernel_zygote.fork_available():
            zygote = KernelZygote.start(runtime, runtime / "kernels.log", PAGE_WARM_UP)
            zygote.wait_until_ready()
        AppIdentity.app_settings = PageKernels.app_settings = NextRoundApp.app_settings = settings
        AppIdentity.store = store
        config = app_config(
            settings, host=host, port=port, zygote=str(zygote.address) if zygote else ""
        )
        app = NextRoundApp(config=config)
        app.initialize(argv=[])
        log.info("participant app for %s on %s:%d", cohort_id or "one person", host, port)
        app.start()
    finally:
        if zygote is not None:
            zygote.close()
        shutil.rmtree(runtime, ignore_errors=True)
