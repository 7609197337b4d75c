"""The command palette: the registry's commands for the current screen, and citizens.

Citizens are searched through the service when the query looks like a CPR or has at least
two letters; choosing one still goes through the consent window. Citizen names are server
text: shown as plain Content (the fuzzy highlighter would parse markup).
"""

from __future__ import annotations

import asyncio
from functools import partial
from typing import TYPE_CHECKING, Any, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from sjtui.cpr import InvalidCpr, format_cpr, looks_like_cpr
from sjtui.i18n import t
from sjtui.record.errors import ServiceError
from sjtui.ui.keys import Command, commands_for
from sjtui.ui.render import clean

if TYPE_CHECKING:
    from sjtui.ui.app import SjtuiApp


def _scopes(screen: Any) -> list[str]:
    return [*getattr(screen, "COMMAND_SCOPES", ()), "app"]


MIN_NAME_LETTERS = 3
TYPING_PAUSE_SECONDS = 0.4


class SjtuiCommands(Provider):
    @property
    def sj(self) -> SjtuiApp:
        return cast("SjtuiApp", self.app)  # always hosted by SjtuiApp

    def _commands(self) -> list[Command]:
        out: list[Command] = []
        for scope in _scopes(self.screen):
            out.extend(c for c in commands_for(scope) if c.palette)
        return out

    def _run(self, command: Command) -> None:
        target = self.screen if command.scope != "app" else self.app
        action = command.action.removeprefix("app.")
        self.app.call_later(target.run_action, action)

    _citizen_hits: dict[str, list] = {}

    async def startup(self) -> None:
        self._citizen_hits = {}

    async def discover(self) -> Hits:
        for command in self._commands():
            yield DiscoveryHit(command.title(), partial(self._run, command), help=command.description())

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._commands():
            score = matcher.match(command.title())
            if score > 0:
                yield Hit(
                    score, matcher.highlight(command.title()), partial(self._run, command), help=command.description()
                )
        text = query.strip()
        if not (looks_like_cpr(text) or sum(ch.isalpha() for ch in text) >= MIN_NAME_LETTERS):
            return
        # Every search is a round trip on a slow link: wait until typing pauses (the palette
        # cancels this search when the query changes) and remember answers per query.
        hits = self._citizen_hits.get(text)
        if hits is None:
            await asyncio.sleep(TYPING_PAUSE_SECONDS)
        try:
            if hits is None:
                hits = await self.sj.service.find_citizens(text, via="palette")
                self._citizen_hits[text] = hits
        except (InvalidCpr, ServiceError):
            return
        for hit in hits[:10]:
            label = f"{t('cmd.open_citizen', name=clean(hit.name, single_line=True))}  {format_cpr(hit.cpr)}"
            yield Hit(
                0.9, Content(label), partial(self.sj.begin_opening, hit), text=label, help=t("cmd.open_citizen.help")
            )
