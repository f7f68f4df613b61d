"""Every action in Textual's command palette: the screens, the app's actions and the current screen's keys."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider


class SynthCommands(Provider):
    """Offers each binding with a description (app and current screen), so the palette lists every action."""

    def _commands(self) -> list[tuple[str, str, object]]:
        target = self.screen  # the screen the palette was opened from
        found: dict[str, tuple[str, str, object]] = {}
        for node, bindings in ((target, getattr(target, "BINDINGS", [])), (self.app, self.app.BINDINGS)):
            for b in bindings:
                if isinstance(b, tuple):
                    key, action, description = (*b, "")[:3]
                else:
                    key, action, description = b.key, b.action, b.description
                if not description or description in found:
                    continue
                title = getattr(b, "tooltip", "") or description
                found[description] = (
                    description,
                    f"{title} (key: {key.split(',')[0]})",
                    partial(node.run_action, action),
                )
        return list(found.values())

    async def discover(self) -> Hits:
        for title, help_text, callback in self._commands():
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)
