"""The sandbox's own clock: it can run faster than real time and be moved forward, never back.

Everything the platform dates (deposits, statuses, scripted buyer steps) reads this clock, so that a thirty-day
payment cycle fits in a test. Tokens are the exception: the gateway times them in real time (see ``gateway``).
"""

from __future__ import annotations

import re
import threading
import time
from datetime import UTC, date, datetime, timedelta, tzinfo

try:
    from zoneinfo import ZoneInfo

    PARIS: tzinfo = ZoneInfo("Europe/Paris")
except Exception:  # pragma: no cover - a machine without the tz database
    from datetime import timezone

    PARIS = timezone(timedelta(hours=1), "CET")

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*$")
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


def parse_duration(value: str | float | int) -> float:
    """Seconds from ``90``, ``"90s"``, ``"15m"``, ``"2h"``, ``"30d"`` or ``"1w"``."""
    if isinstance(value, bool):
        raise ValueError(f"not a duration: {value!r}")
    if isinstance(value, int | float):
        return float(value)
    match = _DURATION.match(str(value))
    if not match:
        raise ValueError(f"not a duration: {value!r} (expected a number of seconds or e.g. '15m', '2h', '30d')")
    return float(match.group(1)) * _UNITS[match.group(2)]


class Clock:
    """Sandbox time = an anchor plus the real time elapsed since, times ``speed``."""

    def __init__(self, speed: float = 1.0, start: datetime | float | None = None) -> None:
        if speed <= 0:
            raise ValueError("the clock speed must be positive")
        self._lock = threading.Lock()
        self._speed = float(speed)
        self._anchor_real = time.time()
        if start is None:
            self._anchor = self._anchor_real
        elif isinstance(start, datetime):
            self._anchor = start.timestamp()
        else:
            self._anchor = float(start)
        self._explicit_start = start is not None

    @property
    def speed(self) -> float:
        return self._speed

    @property
    def explicit_start(self) -> bool:
        """Whether the start was given (then a saved clock does not override it)."""
        return self._explicit_start

    def now(self) -> float:
        """Sandbox time, in seconds since the epoch."""
        with self._lock:
            return self._anchor + (time.time() - self._anchor_real) * self._speed

    def now_dt(self) -> datetime:
        return datetime.fromtimestamp(self.now(), PARIS)

    def today(self) -> date:
        return self.now_dt().date()

    def _reanchor(self, sandbox_time: float) -> None:
        self._anchor = sandbox_time
        self._anchor_real = time.time()

    def advance(self, seconds: float) -> float:
        """Move the clock forward by ``seconds`` of sandbox time; returns the new time."""
        if seconds < 0:
            raise ValueError("the sandbox clock never goes back")
        with self._lock:
            current = self._anchor + (time.time() - self._anchor_real) * self._speed
            self._reanchor(current + seconds)
            return self._anchor

    def set(self, when: datetime) -> float:
        """Move the clock to ``when`` (not before now)."""
        target = when.timestamp()
        current = self.now()
        if target < current:
            raise ValueError("the sandbox clock never goes back")
        return self.advance(target - current)

    def set_speed(self, speed: float) -> None:
        if speed <= 0:
            raise ValueError("the clock speed must be positive")
        with self._lock:
            current = self._anchor + (time.time() - self._anchor_real) * self._speed
            self._reanchor(current)
            self._speed = float(speed)

    def resume(self, saved_sandbox: float, saved_real: float) -> None:
        """Continue a clock saved by an earlier run: the time the server was down passes at real speed."""
        with self._lock:
            self._reanchor(max(saved_sandbox + (time.time() - saved_real), self._anchor))

    def real_seconds_until(self, sandbox_time: float) -> float:
        """How long, in real seconds, until the clock reads ``sandbox_time``."""
        return max(0.0, (sandbox_time - self.now()) / self._speed)


def instant(timestamp: float) -> str:
    """An instant as Chorus Pro writes it: ``2018-02-16T15:10:25.536+01:00``."""
    moment = datetime.fromtimestamp(timestamp, PARIS)
    return moment.isoformat(timespec="milliseconds")


def day(timestamp: float) -> str:
    """A date as Chorus Pro writes it: ``YYYY-MM-DD``."""
    return datetime.fromtimestamp(timestamp, PARIS).date().isoformat()


def minute(timestamp: float) -> str:
    """The ``YYYY-MM-DD HH:MM`` form some history fields use."""
    return datetime.fromtimestamp(timestamp, PARIS).strftime("%Y-%m-%d %H:%M")


def parse_when(value: object) -> float | None:
    """A timestamp from what clients send for a date or an instant (``None`` when empty or unreadable)."""
    if value in (None, "", 0, False) or isinstance(value, dict | list):
        return None
    text = str(value).strip()
    try:
        if len(text) == 10:
            return datetime.combine(date.fromisoformat(text), datetime.min.time(), PARIS).timestamp()
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=PARIS)
    return moment.astimezone(UTC).timestamp()


def end_of_day(value: object) -> float | None:
    """The last instant of a ``YYYY-MM-DD`` day (an instant is kept as it is): upper bounds are inclusive."""
    stamp = parse_when(value)
    if stamp is not None and len(str(value).strip()) == 10:
        return stamp + 86400 - 0.001
    return stamp
