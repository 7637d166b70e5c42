"""Pantau's outputs over the store: coverage queries, search, the daily clipping, the monthly
media-exposure report and media-partner fulfilment.

Every module queries the store in one short read session, closes it, then renders. User-facing text
comes from ``labels`` only, so a clipping or report in English is one setting away
(``clipping.language: en``).
"""
