"""The Textual app: screens, keys, theme, language. Small on purpose: the work is in the
screens (search, consent, record), the panes and the record service.

The composition root (the CLI) builds the service and calls
`SjtuiApp(service=..., settings=..., clinician=..., start_cpr=..., lang=..., today=...)`
and `app.run(mouse=wants_mouse(settings))`.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, Protocol

from rich.text import Text
from textual import events
from textual.app import App, ScreenStackError, SystemCommand
from textual.screen import Screen

from sjtui.access.grant import Clinician, Grant
from sjtui.config import Settings, backend_label
from sjtui.errors_cli import describe
from sjtui.i18n import set_language, t
from sjtui.record.deferred import DeferredService
from sjtui.record.errors import ServiceError
from sjtui.record.service_api import RecordServiceApi, ServiceStatus
from sjtui.ui.app_errors import ErrorReporting
from sjtui.ui.commands import SjtuiCommands
from sjtui.ui.keys import bindings_for, localise_bindings
from sjtui.ui.screens.search import SearchScreen
from sjtui.ui.session_guard import SessionGuard
from sjtui.ui.terminal import linux_console
from sjtui.ui.themes import BY_SETTING, DEFAULT, HIGH_CONTRAST, THEMES
from sjtui.ui.widgets.status_bar import StatusBar

# Only the search screen is needed for the first frame. The other screens (consent, help,
# lock, record) are imported where they are first shown: importing them all at start cost
# tens of milliseconds of cold start (issue 6).
if TYPE_CHECKING:
    from sjtui.record.entries import CitizenSummary
    from sjtui.ui.screens.record import RecordScreen

log = logging.getLogger(__name__)
STYLE_FILES = ("app.tcss", "high_contrast.tcss", "audit.tcss", "auth.tcss", "clinical.tcss", "monochrome.tcss")


def css_paths() -> list[str | PurePath]:
    """The Textual CSS shipped as the package `sjtui.styles` (top-level `styles/` in a checkout).

    Textual reads CSS from files, so the package directory is used directly (rather than
    `importlib.resources`, whose readers import zipfile: a few ms of cold start)."""
    try:
        base = Path(importlib.import_module("sjtui.styles").__path__[0])
    except ModuleNotFoundError:
        base = Path(__file__).resolve().parents[2] / "styles"
    return [base / name for name in STYLE_FILES]


class ReasonMemory(Protocol):
    """The clinician's reasons per citizen (`sjtui.access.recent_reasons.RecentReasons`)."""

    def list(self, cpr: str = "") -> list[str]: ...
    def remember(self, reason: str, cpr: str = "") -> None: ...


class SjtuiApp(ErrorReporting):
    TITLE = "sjtui"  # never personal data in the terminal title
    SUB_TITLE = ""
    CSS_PATH = css_paths()
    BINDINGS = bindings_for("app")
    COMMANDS = {SjtuiCommands}

    def __init__(
        self,
        *,
        service: RecordServiceApi | None = None,
        settings: Settings,
        clinician: Clinician,
        start_cpr: str | None = None,
        lang: str = "da",
        today: date | None = None,
        recent_reasons: ReasonMemory | list[str] | None = None,
        services: Any = None,
        services_factory: Callable[[], Any] | None = None,
    ) -> None:
        """Give `service` (and `services`) ready-made, or `services_factory`: then the first
        screen shows at once and the services (`sjtui.backend.Services`) are built in a thread
        after the first frame; calls made meanwhile wait for them."""
        set_language(lang)
        super().__init__()
        localise_bindings(self)
        self.animation_level = "none"
        self._services_factory = services_factory
        if service is None:
            if services_factory is None:
                raise ValueError("give the app a service or a services_factory")
            service = DeferredService(backend_label(settings))
        self.service = service
        self._listen_to(service)
        self.settings = settings
        self.clinician = clinician
        self.start_cpr = start_cpr
        self.lang = lang
        self._today = today
        self.services = services  # sjtui.backend.Services (journal, outbox, key...), for the lead's hooks
        if recent_reasons is None and services is not None:
            recent_reasons = getattr(services, "recent_reasons", None)
        self._reasons = recent_reasons
        self.keymap: dict[str, str] = dict(settings.keymap)
        self.last_error: tuple[str, str] | None = None
        # Hooks the lead wires (break-the-glass dialog, idle lock, audit review).
        self.break_glass_handler: Callable[[RecordScreen], None] | None = None
        self.on_record_closed: Callable[[Grant], None] | None = None
        self.guard = SessionGuard(
            self,
            idle_seconds=settings.idle_lock_minutes * 60,
            verify=getattr(services, "lock_verify", None),
            set_pin=getattr(services, "set_pin", None),
            needs_pin=bool(getattr(services, "needs_pin", False)),
        )
        self.break_glass_handler = self.guard.start_break_glass
        from sjtui.ui.sign_in import SignInFlow

        self.sign_in = SignInFlow(self)
        for theme in THEMES:
            self.register_theme(theme)
        self._start_theme(BY_SETTING.get(settings.theme, DEFAULT))
        if self.keymap:
            self.set_keymap(self.keymap)

    def _start_theme(self, name: str) -> None:
        """Choose the theme before the stylesheet is first parsed.

        Assigning `self.theme` runs Textual's theme watcher, which re-parses every stylesheet
        after start (~15-25 ms before the first frame). Nothing is parsed yet here, so giving
        the stylesheet the theme's variables and the app the watcher's classes is the same
        result. Later changes (F9, the palette) assign `self.theme` as usual."""
        try:
            self.set_reactive(App.theme, name)
            dark = self.current_theme.dark
            self.update_classes(
                {
                    **{c: False for c in self.classes if c.startswith("-theme-")},
                    f"-theme-{name}": True,
                    "-dark-mode": dark,
                    "-light-mode": not dark,
                },
                update=False,
            )
            self._refresh_truecolor_filter(self.ansi_theme)
            self.stylesheet.set_variables(self.get_css_variables())
        except AttributeError:  # a Textual release without these internals: the slow, public way
            self.theme = name

    # --- basics -----------------------------------------------------------------------------
    def today(self) -> date:
        return self._today or date.today()

    def service_status(self) -> ServiceStatus | None:
        return self.service.status()

    def refresh_status(self) -> None:
        try:
            bars = list(self.screen.query(StatusBar))
        except ScreenStackError:  # no screen yet, or the app is closing
            return
        for bar in bars:
            bar.refresh_status()

    def _listen_to(self, service: object) -> None:
        """Let the service say when its status changed (an audit delivery ended)."""
        if hasattr(service, "on_status_change"):
            service.on_status_change = self.refresh_status

    def recent_reasons(self, cpr: str = "") -> list[str]:
        """Reasons to offer for citizen `cpr`: the clinician's own for that citizen, and their
        templates; never what was typed for someone else (a plain list: tests, as given)."""
        if self._reasons is None:
            return []
        if isinstance(self._reasons, list):
            return list(self._reasons)
        return self._reasons.list(cpr)  # in memory: read (tolerantly) when the services were built

    def _remember_reason(self, reason: str, cpr: str = "") -> None:
        if self._reasons is None:
            return
        if isinstance(self._reasons, list):
            self._reasons[:] = [reason] + [r for r in self._reasons if r != reason]
            return
        self._reasons.remember(reason, cpr)  # a failed write is handled there (a convenience list)

    def on_mount(self) -> None:
        if linux_console():
            self.add_class("-linux-console")  # glyphs its font has (styles/monochrome.tcss)
        search = SearchScreen()
        self.push_screen(search)
        self.guard.start()
        if self.services is not None:
            self.show_start_warnings(getattr(self.services, "warnings", []))
        if self._services_factory is not None:
            self.call_after_refresh(self._start_building_services)
        if self.start_cpr:
            self.call_after_refresh(self._start_with_cpr, search, self.start_cpr)

    def _start_building_services(self) -> None:
        self.run_worker(self._build_services(), group="services", exit_on_error=False)

    async def _build_services(self) -> None:
        assert self._services_factory is not None and isinstance(self.service, DeferredService)  # noqa: S101 - narrows the types: only scheduled when both hold
        try:
            services = await asyncio.to_thread(self._services_factory)
            # Warm the record screen's modules while the clinician types (not before paint).
            await asyncio.to_thread(importlib.import_module, "sjtui.ui.screens.record")
        except Exception as exc:  # noqa: BLE001 - a plain line on exit, never a traceback
            self.service.fail(exc)
            self.exit(return_code=2, message=Text(f"sjtui: {describe(exc)}"))
            return
        self.services = services
        if self._reasons is None:
            self._reasons = getattr(services, "recent_reasons", None)
        # The token's identity before any call can wait on the service (a launch's consent).
        self.sign_in.attach(getattr(services, "auth", None))
        self.service.set(services.service)
        self._listen_to(services.service)
        self.guard.configure(
            verify=getattr(services, "lock_verify", None),
            set_pin=getattr(services, "set_pin", None),
            needs_pin=bool(getattr(services, "needs_pin", False)),
        )
        self.refresh_status()
        self.show_start_warnings(getattr(services, "warnings", []))

    def show_start_warnings(self, warnings: list[tuple[str, str]]) -> None:
        """What the start-up checks found (a broken audit chain, a key file restored or
        replaced): a plain, lasting notice; the detail (plain English, no personal data) on F8."""
        for topic, detail in warnings:
            key = "audit.key" if topic == "key" else "audit.integrity"
            self.last_error = (t(f"{key}.detail_title"), detail)
            self.notify(t(f"{key}.warning"), title=t(f"{key}.title"), severity="warning", timeout=30, markup=False)

    def _start_with_cpr(self, search: SearchScreen, cpr: str) -> None:
        search.submit_query(cpr, via="launch")

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseDown)):
            self.guard.touch()
        await super().on_event(event)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While locked, only quitting works (the lock screen cannot block app bindings)."""
        if not self.guard.locked:
            return True
        from sjtui.ui.screens.lock import LockScreen

        return not isinstance(self.screen, LockScreen) or LockScreen.allows(action)

    def action_lock(self) -> None:
        if self.guard.lock_enabled:
            self.guard.lock()
        else:
            self.notify(t("lock.unavailable"), timeout=3)

    def action_audit_review(self) -> None:
        from sjtui.ui.screens.audit_review import open_audit_review

        open_audit_review(self)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        return iter(())  # our own provider lists everything, in the UI language

    # --- opening and closing a record ---------------------------------------------------------
    def record_screen(self) -> RecordScreen | None:
        from sjtui.ui.screens.record import RecordScreen  # imported once a record opens

        for screen in self.screen_stack:
            if isinstance(screen, RecordScreen):
                return screen
        return None

    def search_screen(self) -> SearchScreen | None:
        for screen in self.screen_stack:
            if isinstance(screen, SearchScreen):
                return screen
        return None

    def begin_opening(self, citizen: CitizenSummary, typed_ahead: Sequence[events.Key] = ()) -> None:
        """Ask for the legal basis; only a confirmed grant fetches anything. `typed_ahead`:
        keys typed while the search was under way, handed to the consent window."""

        def granted(grant: Grant | None) -> None:
            if grant is None:
                return  # cancelled: nothing is fetched
            self._remember_reason(grant.reason, grant.cpr)
            self._close_record()
            from sjtui.ui.opening import OpeningStream
            from sjtui.ui.screens.record import RecordScreen

            # Fetching starts now; the record screen composes while the request travels.
            stream = OpeningStream(self.service, citizen, grant)
            self.push_screen(RecordScreen(citizen, grant, stream))

        from sjtui.ui.screens.consent import ConsentScreen

        consent = ConsentScreen(citizen, self.clinician, self.recent_reasons(citizen.cpr), typed_ahead)
        self.push_screen(consent, granted)

    def _close_record(self) -> None:
        """Close the open record (service and screen): no record data left in widgets."""
        screen = self.record_screen()
        if screen is None:
            return
        try:
            self.service.close(screen.grant)
        except ServiceError as exc:
            self.report_error(exc)
        if self.on_record_closed is not None:
            self.on_record_closed(screen.grant)
        screen.release_record()
        while self.screen_stack and self.record_screen() is not None:
            self.pop_screen()

    def switch_citizen(self) -> None:
        self._close_record()
        search = self.search_screen()
        if search is not None:
            search.reset()

    def leave_record(self, screen: RecordScreen) -> None:
        if screen in self.screen_stack:
            self.switch_citizen()

    def start_break_glass(self, screen: RecordScreen) -> None:
        """Hook: the break-the-glass dialog is wired by the lead (screens/break_glass.py)."""
        if self.break_glass_handler is not None:
            self.break_glass_handler(screen)
        else:
            self.notify(t("record.break_glass.pending"), title=t("cmd.break_glass"))

    async def action_quit(self) -> None:
        self._close_record()
        await self.service.audit_written()  # the queued pane views are durable before the exit
        self.exit()

    # --- errors (reported by `ErrorReporting`) ------------------------------------------------
    def action_error_details(self) -> None:
        from sjtui.ui.screens.help import DetailsScreen

        title, detail = self.last_error or (t("error.no_details"), "")
        screen = self.record_screen()
        record = getattr(screen, "record", None)
        if record is not None:  # the open record's unreadable / left-out items and gaps
            from sjtui.ui.panes.record_details import record_details

            part = f"{t('details.record')}\n{record_details(record)}"
            detail = f"{detail}\n\n{part}" if self.last_error else part
            title = title if self.last_error else t("details.record")
        self.push_screen(DetailsScreen(title, detail))

    # --- help and theme ----------------------------------------------------------------------
    def action_show_help(self) -> None:
        from sjtui.ui.screens.help import toggle_help

        toggle_help(self, self.keymap)

    def action_command_palette(self) -> None:
        """Textual's palette, in the UI language."""
        from textual.command import CommandPalette

        from sjtui.ui.palette import LocalCommandPalette

        if self.use_command_palette and not any(isinstance(s, CommandPalette) for s in self.screen_stack):
            self.push_screen(LocalCommandPalette())

    def action_toggle_theme(self) -> None:
        self.theme = DEFAULT if self.theme == HIGH_CONTRAST else HIGH_CONTRAST
        name = "high-contrast" if self.theme == HIGH_CONTRAST else "default"
        self.notify(t("theme.changed", name=t(f"theme.{name}")), timeout=2)
