"""Keyboard steps the Pilot tests share: press keys, then wait until the app is idle again."""

from __future__ import annotations


async def settle(app, pilot) -> None:
    """Wait for the workers the last key started, then for the messages they posted."""
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def keys(app, pilot, *pressed: str) -> None:
    """Press keys, then settle."""
    await pilot.press(*pressed)
    await settle(app, pilot)


async def keys_each(app, pilot, *pressed: str) -> None:
    """Press keys one at a time, settling after each (a key's workers finish before the next key)."""
    for key in pressed:
        await pilot.press(key)
        await settle(app, pilot)
