"""Rendering the bundled samples for the demo: dates moved to now, the newest released over time."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime

_ISO = re.compile(r"\b\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d)?(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)")
_RFC822 = re.compile(
    r"\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{1,2} "
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} "
    r"\d\d:\d\d(?::\d\d)? (?:[+-]\d{4}|GMT|UTC|UT)"
)
_XML_BLOCK = re.compile(r"<(item|entry)\b.*?</\1>", re.S)
_TG_START = '<div class="tgme_widget_message_wrap'
# Samples dated after this are treated as fiction about the far future (clamping tests).
_PLAUSIBLE_UNTIL = datetime(2030, 1, 1, tzinfo=UTC)


def _parse(text: str) -> datetime | None:
    try:
        if "T" in text and text[:4].isdigit():
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        else:
            moment = parsedate_to_datetime(text)
    except (ValueError, TypeError):
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def sample_dates(texts: list[str]) -> list[datetime]:
    """Every plausible date in the sample texts."""
    found = []
    for text in texts:
        for pattern in (_ISO, _RFC822):
            for match in pattern.finditer(text):
                moment = _parse(match.group())
                if moment and moment < _PLAUSIBLE_UNTIL:
                    found.append(moment)
    return found


@dataclass(frozen=True)
class DemoClock:
    """Maps sample dates onto the demo's timeline.

    Samples older than `threshold` land before `start` (the newest of them 10 minutes
    before); newer ones are spread over the release window after `start` and stay
    hidden until their new time has come.
    """

    start: datetime
    threshold: datetime
    newest: datetime
    window: timedelta = timedelta(minutes=2)

    @classmethod
    def for_samples(cls, texts: list[str], start: datetime, hold_back: float = 0.3) -> DemoClock:
        """Hold back the newest `hold_back` share of the samples' time span's items."""
        dates = sorted(sample_dates(texts))
        threshold = dates[int(len(dates) * (1 - hold_back))] if dates else start
        return cls(start=start, threshold=threshold, newest=dates[-1] if dates else start)

    def map(self, moment: datetime) -> datetime:
        """Where a sample date lands on the demo timeline."""
        if moment >= _PLAUSIBLE_UNTIL:
            return moment
        if moment <= self.threshold:
            return moment + (self.start - timedelta(minutes=10) - self.threshold)
        span = (self.newest - self.threshold).total_seconds() or 1.0
        share = (moment - self.threshold).total_seconds() / span
        return self.start + self.window * share

    def rewrite_dates(self, text: str) -> str:
        """Every date in `text` moved onto the timeline, in its own format."""

        def iso(match: re.Match[str]) -> str:
            moment = _parse(match.group())
            return self.map(moment).astimezone(UTC).isoformat() if moment else match.group()

        def rfc(match: re.Match[str]) -> str:
            moment = _parse(match.group())
            return format_datetime(self.map(moment).astimezone(UTC)) if moment else match.group()

        return _RFC822.sub(rfc, _ISO.sub(iso, text))

    def released(self, block: str, now: datetime) -> bool:
        """Whether an item block's (first) date has come on the timeline."""
        for pattern in (_ISO, _RFC822):
            match = pattern.search(block)
            if match:
                moment = _parse(match.group())
                # A far-future date is a broken feed's, not a release time: serve it.
                if moment is None or moment >= _PLAUSIBLE_UNTIL:
                    return True
                return self.map(moment) <= now
        return True


def render(text: str, kind: str, clock: DemoClock, now: datetime, base_url: str) -> str:
    """A sample document as the demo serves it at `now`."""
    text = text.replace("http://frontwatch.invalid", base_url)
    if kind == "json":
        data = json.loads(text)
        data["items"] = [
            item for item in data.get("items", []) if clock.released(json.dumps(item), now)
        ]
        text = json.dumps(data, ensure_ascii=False, indent=1)
    elif kind == "telegram":
        text = _filter_telegram(text, clock, now)
    elif kind == "xml":
        text = _XML_BLOCK.sub(lambda m: m.group() if clock.released(m.group(), now) else "", text)
    return clock.rewrite_dates(text)


def _filter_telegram(text: str, clock: DemoClock, now: datetime) -> str:
    parts = text.split(_TG_START)
    head, blocks = parts[0], parts[1:]
    if not blocks:
        return text
    last = blocks[-1]
    cut = last.find("</section>")
    tail = ""
    if cut >= 0:
        close = last.rfind("</div></div>", 0, cut)
        cut = close + len("</div></div>") if close >= 0 else cut
        blocks[-1], tail = last[:cut], last[cut:]
    kept = [b for b in blocks if clock.released(b, now)]
    return head + "".join(_TG_START + b for b in kept) + tail
