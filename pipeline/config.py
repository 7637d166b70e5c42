"""Load and validate ``config.yaml`` once; the resulting ``Config`` is passed down, never global.

Every error names the key path and what is wrong (``sources[2].feeds[0]: not a http(s) URL``).
Relative paths are resolved against the folder holding the config file. See docs/configuration.md.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)


class ConfigError(Exception):
    """A configuration file that cannot be used; the message names the key and the problem."""


def _http_url(value: str) -> str:
    if not re.match(r"^https?://[^/\s]+", value):
        raise ValueError(f"not a http(s) URL: {value!r}")
    return value


HttpUrl = Annotated[str, AfterValidator(_http_url)]


class _Model(BaseModel):
    # Unknown keys are errors: a typo must not silently fall back to a default.
    model_config = ConfigDict(extra="forbid", frozen=True)


class Listing(_Model):
    """A category/index page for outlets with neither feed nor sitemap."""

    url: HttpUrl
    article_pattern: str = Field(description="regex an article URL matches")
    next_pattern: str | None = Field(default=None, description="regex of the next-page link")
    depth: int = Field(default=2, ge=1, le=50)

    @field_validator("article_pattern", "next_pattern")
    @classmethod
    def _regex(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"invalid regular expression: {exc}") from None
        return value


class Discovery(_Model):
    """A news-search feed URL template; ``{query}`` is replaced by each query (URL-encoded)."""

    template: str
    queries: list[str] = Field(min_length=1)

    @field_validator("template")
    @classmethod
    def _template(cls, value: str) -> str:
        _http_url(value)
        if "{query}" not in value:
            raise ValueError("must contain {query}")
        return value


class Partner(_Model):
    """A media-partner publication contract with Diskominfostaper."""

    start: date
    end: date
    stories_per_month: int = Field(ge=0)
    medium: Literal["online", "print"] = "online"

    @model_validator(mode="after")
    def _period(self) -> "Partner":
        if self.end < self.start:
            raise ValueError("end is before start")
        return self


class Source(_Model):
    """One outlet (or discovery query) to crawl."""

    name: str = Field(min_length=1)
    homepage: HttpUrl | None = None
    feeds: list[HttpUrl] = []
    sitemaps: list[HttpUrl] = []
    listings: list[Listing] = []
    discovery: Discovery | None = None
    kind: Literal["online", "print", "government", "aggregator"] = "online"
    tier: Literal[1, 2, 3] = 3
    monthly_visitors: int | None = Field(default=None, ge=0)
    value_per_story: float | None = Field(default=None, ge=0)
    since: date | None = Field(default=None, description="founding date: earlier dates are wrong")
    poll_minutes: int | None = Field(default=None, ge=1, description="fixed poll interval")
    enabled: bool = True
    partner: Partner | None = None

    @model_validator(mode="after")
    def _has_entry_point(self) -> "Source":
        if not (self.homepage or self.feeds or self.sitemaps or self.listings or self.discovery):
            raise ValueError("needs at least one of homepage, feeds, sitemaps, listings, discovery")
        return self


class CrawlSettings(_Model):
    """Politeness and robustness settings for the crawler."""

    user_agent: str = "Pantau/0.1 (media monitoring; +{contact})"
    contact: str = "https://diskominfostaper.paserkab.go.id/"
    obey_robots: bool = True
    download_delay: float = Field(default=5.0, ge=0)
    concurrency_per_domain: int = Field(default=1, ge=1, le=2)
    concurrency: int = Field(default=8, ge=1)
    autothrottle: bool = True
    timeout_seconds: float = Field(default=30, gt=0)
    retries: int = Field(default=3, ge=0)
    backoff_429_seconds: float = Field(default=30, ge=0)
    retry_backoff_seconds: float = Field(default=2.0, ge=0, description="first retry wait; doubles")
    max_retry_after_seconds: float = Field(default=300, ge=0, description="longer Retry-After: give up")
    max_response_bytes: int = Field(default=5_000_000, ge=10_000)
    sitemap_window_days: int = Field(default=14, ge=1)
    failure_alert_after: int = Field(default=5, ge=1)
    poll_min_minutes: int = Field(default=10, ge=1)
    poll_default_minutes: int = Field(default=60, ge=1)
    poll_max_minutes: int = Field(default=1440, ge=1)

    @model_validator(mode="after")
    def _bounds(self) -> "CrawlSettings":
        if not self.poll_min_minutes <= self.poll_default_minutes <= self.poll_max_minutes:
            raise ValueError("need poll_min_minutes <= poll_default_minutes <= poll_max_minutes")
        return self


class ScheduleSettings(_Model):
    """When the daemon (``pantau schedule``) runs each job, in the configured time zone."""

    clipping_time: time = time(7, 0)
    report_day: int = Field(default=1, ge=1, le=28)
    report_time: time = time(6, 0)
    housekeeping_time: time = time(3, 0)
    misfire_grace_minutes: int = Field(default=60, ge=1)


class ClippingSettings(_Model):
    """What the daily clipping shows."""

    body: Literal["full", "lead"] = "lead"
    lead_chars: int = Field(default=600, ge=100)
    language: Literal["id", "en"] = "id"
    leadership: list[str] = Field(
        default=["fahmi-fadli", "ikhwan-antasari", "katsul-wijaya", "pemkab-paser"],
        description="entity ids of the regency leadership (Bupati, Wakil Bupati, Sekda, Pemkab), shown first in this order",
    )


class Config(_Model):
    """The validated configuration. Paths are absolute (resolved against the config file)."""

    timezone: str = "Asia/Makassar"
    database: Path = Path("data/pantau.duckdb")
    archive: Path = Path("data/raw")
    output: Path = Path("data/out")
    catalog: Path = Path("data/entities")
    logs: Path = Path("data/logs")
    crawl: CrawlSettings = CrawlSettings()
    schedule: ScheduleSettings = ScheduleSettings()
    clipping: ClippingSettings = ClippingSettings()
    sources: list[Source] = []
    path: Path | None = Field(default=None, exclude=True, description="the file this came from")

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r} (use an IANA name like Asia/Makassar)") from None
        return value

    @field_validator("sources")
    @classmethod
    def _unique_names(cls, sources: list[Source]) -> list[Source]:
        seen: set[str] = set()
        for source in sources:
            if source.name in seen:
                raise ValueError(f"duplicate source name {source.name!r}")
            seen.add(source.name)
        return sources

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def now(self) -> datetime:
        """The current time in the configured zone."""
        return datetime.now(self.tz)

    def today(self) -> date:
        return self.now().date()

    def source(self, name: str) -> Source:
        for source in self.sources:
            if source.name == name:
                return source
        raise ConfigError(f"sources: no source named {name!r}")


def _key_path(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(top level)"


def _format_errors(path: Path, exc: ValidationError) -> str:
    lines = [f"{path}: invalid configuration"]
    for err in exc.errors():
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            msg = "unknown key"
        lines.append(f"  {_key_path(err['loc'])}: {msg}")
    return "\n".join(lines)


def parse_config(data: object, base: Path, origin: Path | None = None) -> Config:
    """Validate a parsed YAML mapping; relative paths resolve against ``base``."""
    origin = origin or base / "config.yaml"
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{origin}: (top level): expected a mapping of keys, got {type(data).__name__}")
    try:
        config = Config.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_format_errors(origin, exc)) from None
    resolved = {
        key: (getattr(config, key) if getattr(config, key).is_absolute() else base / getattr(config, key))
        for key in ("database", "archive", "output", "catalog", "logs")
    }
    return config.model_copy(update={**resolved, "path": origin})


def load_config(path: str | Path) -> Config:
    """Read, parse and validate a config file, or raise ConfigError naming the problem."""
    path = Path(path).resolve()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found (use --config FILE)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config file: {exc}") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise ConfigError(f"{path}: not valid YAML{where}: {getattr(exc, 'problem', exc)}") from None
    return parse_config(data, path.parent, path)
