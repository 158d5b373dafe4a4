"""The registry of every configuration key: type, default and meaning (the README table too)."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_WATCHLIST = (
    "pokrovsk",
    "myrnohrad",
    "rodynske",
    "hryshyne",
    "novopavlivka",
    "kramatorsk",
    "kostiantynivka",
)


@dataclass(frozen=True, slots=True)
class Key:
    """One configuration key."""

    name: str  # dotted: "poll.concurrency" is `concurrency` under `[poll]`
    kind: type
    default: object
    doc: str
    item_kind: type | None = None  # element type for lists

    @property
    def env(self) -> str:
        """The environment variable that overrides the key."""
        return "FRONTWATCH_" + self.name.upper().replace(".", "_")


KEYS: tuple[Key, ...] = (
    Key(
        "timezone", str, "", "IANA zone times are shown in (e.g. Europe/Kyiv); empty: the system's"
    ),
    Key("poll.interval", str, "10m", "default interval for new sources (min 1m)"),
    Key("poll.concurrency", int, 16, "fetches running at once, all hosts"),
    Key("poll.per_host", int, 2, "fetches running at once against one host"),
    Key("poll.jitter", float, 0.1, "random share of the interval added to spread polls"),
    Key("poll.max_backoff", str, "6h", "longest wait after repeated errors"),
    Key("fetch.connect_timeout", float, 10.0, "seconds to connect"),
    Key("fetch.read_timeout", float, 30.0, "seconds between bytes"),
    Key("fetch.total_timeout", float, 60.0, "seconds for a whole fetch"),
    Key("fetch.max_bytes", int, 10_000_000, "largest body accepted, after decompression"),
    Key("fetch.proxy", str, "", "proxy for every source (http://, socks5://); per-source wins"),
    Key("fetch.user_agent", str, "", "User-Agent; empty: frontwatch/<version>"),
    Key("extract.enabled", bool, True, "fetch article pages for items with short text"),
    Key("extract.min_chars", int, 600, "items with less text than this get their page fetched"),
    Key("extract.concurrency", int, 4, "article pages fetched at once"),
    Key("alerts.bell", bool, True, "ring the terminal bell on an alert"),
    Key("alerts.command", list, [], "argv run on an alert, item JSON on stdin", str),
    Key("alerts.max_age", str, "6h", "items published longer ago than this never alert"),
    Key("alerts.group_at", int, 5, "this many matches in one round become one grouped notice"),
    Key("ui.theme", str, "textual-dark", "Textual theme (saved when changed in the app)"),
    Key("ui.open_command", list, [], "argv to open a link; empty: the system browser", str),
    Key("ui.stream_page", int, 300, "items the stream keeps loaded before paging"),
    Key("watch.defaults", list, list(DEFAULT_WATCHLIST), "place ids watched on a new DB", str),
    Key("tagging.places", dict, {}, 'extra spellings: { place_id = ["spelling", …] }'),
    Key("tagging.themes", dict, {}, 'extra theme cue words: { theme_id = ["cue", …] }'),
    Key("sources.seed_starter", bool, True, "add the starter source list to a new database"),
    Key("retention.fetch_log_days", int, 30, "fetch log rows older than this are pruned"),
)

KEYS_BY_NAME = {key.name: key for key in KEYS}
