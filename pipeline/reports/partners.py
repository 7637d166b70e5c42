"""Media-partner fulfilment: per contracted outlet, the month's stories about the regency, how many
count toward the contract, whether the quota is met, and the list behind each number.

Rules (``v_partner_stories``): a story counts when it is published within the contract period and
is about Paser (at least one Paser mention); a story 80% or more similar to another outlet's earlier
version (``articles.similarity``) does not count; advertorials count but are flagged. The monthly
quota is not prorated for contracts that start or end within the month.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pipeline.config import Config
from pipeline.reports.periods import month_range
from pipeline.store import Store

SIMILARITY_LIMIT = 0.80
COLUMNS = ("outlet", "medium", "partner_start", "partner_end", "quota", "stories", "counted",
           "not_counted", "advertorials", "met")
STORY_COLUMNS = ("outlet", "published_date", "title", "url", "is_advertorial", "counts",
                 "similarity", "similar_outlet")


@dataclass
class PartnerStory:
    article_id: int
    published_date: date
    title: str
    url: str
    is_advertorial: bool
    counts: bool
    similarity: float | None
    similar_outlet: str | None


@dataclass
class PartnerRow:
    outlet: str
    medium: str | None
    partner_start: date
    partner_end: date
    quota: int
    stories: list[PartnerStory] = field(default_factory=list)

    @property
    def counted(self) -> int:
        return sum(s.counts for s in self.stories)

    @property
    def not_counted(self) -> int:
        return len(self.stories) - self.counted

    @property
    def advertorials(self) -> int:
        return sum(s.is_advertorial for s in self.stories)

    @property
    def met(self) -> bool:
        return self.counted >= self.quota

    def as_dict(self) -> dict[str, Any]:
        return {"outlet": self.outlet, "medium": self.medium, "partner_start": self.partner_start,
                "partner_end": self.partner_end, "quota": self.quota, "stories": len(self.stories),
                "counted": self.counted, "not_counted": self.not_counted,
                "advertorials": self.advertorials, "met": self.met}


def partner_fulfilment(config: Config, store: Store, year: int, month: int) -> list[PartnerRow]:
    """One row per partner whose contract overlaps the month, in outlet order."""
    first, last = month_range(year, month)
    with store.read() as con:
        partners = con.execute(
            "SELECT name, partner_medium, partner_start, partner_end, coalesce(partner_quota, 0)"
            " FROM sources WHERE partner_start IS NOT NULL AND partner_start <= ? AND partner_end >= ?"
            " ORDER BY name",
            [last, first],
        ).fetchall()
        stories = con.execute(
            "SELECT outlet, article_id, published_date, title, url, is_advertorial, counts, similarity,"
            " similar_outlet FROM v_partner_stories WHERE published_date BETWEEN ? AND ?"
            " ORDER BY outlet, published_at, article_id",
            [first, last],
        ).fetchall()
    rows = {name: PartnerRow(name, medium, start, end, quota)
            for name, medium, start, end, quota in partners}
    for outlet, *rest in stories:
        if outlet in rows:
            rows[outlet].stories.append(PartnerStory(*rest))
    return list(rows.values())


def story_rows(rows: list[PartnerRow]) -> list[dict[str, Any]]:
    """The list behind the numbers: one dict per partner story."""
    return [
        {"outlet": r.outlet, "published_date": s.published_date, "title": s.title, "url": s.url,
         "is_advertorial": s.is_advertorial, "counts": s.counts, "similarity": s.similarity,
         "similar_outlet": s.similar_outlet}
        for r in rows for s in r.stories
    ]
