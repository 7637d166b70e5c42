"""Group copies of one story across outlets (press-release pickup) and keep their similarity.

Each outlet's publication is its own article (it is exposure), but copies of one text are linked:
``similar_to``/``similarity`` point at the most similar EARLIER article of ANOTHER outlet (the
media-partner rule: 0.80 or more does not count toward the quota), and ``cluster_id`` groups every
article connected by a similarity of at least ``CLUSTER_THRESHOLD``, named after its earliest member.
Copies are looked for within ``WINDOW_DAYS`` of each other: press releases are picked up within days.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta

import duckdb
import pyarrow as pa

from pipeline.dedup import SyndicationIndex
from pipeline.store import registered

log = logging.getLogger(__name__)

CLUSTER_THRESHOLD = 0.5
WINDOW_DAYS = 7


def recluster(con: duckdb.DuckDBPyConnection, start: date, end: date) -> int:
    """Recompute links and clusters for articles published from ``start`` to ``end`` (WITA days)."""
    margin = timedelta(days=WINDOW_DAYS)
    rows = con.execute(
        "SELECT article_id, outlet, published_at, published_date, fingerprint FROM articles"
        " WHERE published_date BETWEEN ? AND ? AND fingerprint IS NOT NULL",
        [start - margin, end + margin],
    ).fetchall()
    if not rows:
        return 0
    info = {r[0]: r for r in rows}
    order = {aid: (r[2], aid) for aid, r in info.items()}  # publication order, id breaks ties
    index = SyndicationIndex()
    for aid, r in info.items():
        index.add(aid, r[4])

    parent = {aid: aid for aid in info}

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    best: dict[int, tuple[float, int]] = {}
    for aid, r in info.items():
        for other, sim in index.query(r[4], CLUSTER_THRESHOLD):
            if other == aid or info[other][1] == r[1]:
                continue
            if abs((info[other][3] - r[3]).days) > WINDOW_DAYS:
                continue
            ra, rb = find(aid), find(other)
            if ra != rb:
                parent[max(ra, rb, key=order.get)] = min(ra, rb, key=order.get)
            if order[other] < order[aid] and sim > best.get(aid, (0.0, 0))[0]:
                best[aid] = (sim, other)

    members: dict[int, list[int]] = {}
    for aid in info:
        members.setdefault(find(aid), []).append(aid)
    cluster = {aid: min(group, key=order.get) for group in members.values() for aid in group}

    targets = [aid for aid, r in info.items() if start <= r[3] <= end]
    table = pa.table({
        "article_id": pa.array(targets, pa.int64()),
        "cluster_id": pa.array([cluster[a] if len(members[find(a)]) > 1 else None for a in targets], pa.int64()),
        "similar_to": pa.array([best[a][1] if a in best else None for a in targets], pa.int64()),
        "similarity": pa.array([round(best[a][0], 4) if a in best else None for a in targets], pa.float64()),
    })
    with registered(con, "_syndication", table):
        con.execute(
            "UPDATE articles SET cluster_id = s.cluster_id, similar_to = s.similar_to,"
            " similarity = s.similarity FROM _syndication s WHERE articles.article_id = s.article_id"
        )
    log.info("syndication: %d articles from %s to %s, %d clusters", len(targets), start, end,
             sum(1 for g in members.values() if len(g) > 1))
    return len(targets)
