"""The kiosk's screen history: "Kembali" goes one step back, "Beranda" clears it."""

from __future__ import annotations

HOME = "home"


class Navigation:
    """The step on screen and the steps "Kembali" walks back through.

    A step shown with ``remember=False`` (printing, a message about the last tap) is on screen
    without entering the history, so "Kembali" never lands on it again.
    """

    def __init__(self) -> None:
        self._history: list[str] = [HOME]
        self._current = HOME

    @property
    def current(self) -> str:
        return self._current

    @property
    def history(self) -> tuple[str, ...]:
        return tuple(self._history)

    def go(self, step: str, *, remember: bool = True) -> str:
        if remember and self._history[-1] != step:
            self._history.append(step)
        self._current = step
        return step

    def back(self) -> str:
        """The step "Kembali" leads to (home when there is nothing left to go back to)."""
        if self._current == self._history[-1] and len(self._history) > 1:
            self._history.pop()
        self._current = self._history[-1]
        return self._current

    def previous(self) -> str:
        """The step before the current one in the history (home when there is none)."""
        if self._current == self._history[-1]:
            return self._history[-2] if len(self._history) > 1 else HOME
        return self._history[-1]

    def set_history(self, steps: list[str] | tuple[str, ...]) -> None:
        """Rewrite where "Kembali" leads (after a ticket: never back to "Cetak")."""
        self._history = [HOME] + [s for s in steps if s != HOME]

    def home(self) -> str:
        self._history = [HOME]
        self._current = HOME
        return HOME
