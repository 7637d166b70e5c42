"""The tagger: one spaCy pipeline built from the catalog, and the ``Tagging`` of each article.

Pipeline (``spacy.blank("id")`` with a faster tokenizer, see ``nlp.tokenizer``):
``pantau_sentences`` (rule-based, ends sentences at newlines too) -> ``pantau_phrases`` (one PhraseMatcher
walk for catalog name forms, lexicon words and the keywords of unknown names) -> ``pantau_entities``
(catalog names) -> ``pantau_tone`` (lexicon words). Python code then resolves names (``nlp.resolve``),
finds quotes (``nlp.quotes``) and unknown names (``nlp.candidates``). ``tag_many`` streams articles through
``nlp.pipe``; with ``n_process > 1`` forked workers each run the same pipeline on batches.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import multiprocessing
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from itertools import islice
from operator import attrgetter
from pathlib import Path

import spacy
from spacy.tokens import Doc

import nlp.entity_matcher  # noqa: F401  (registers the pantau_entities factory)
import nlp.sentences  # noqa: F401  (registers pantau_sentences)
from nlp import tone as tone_module
from nlp.candidates import find_candidates
from nlp.catalog import Catalog
from nlp.compact import PackedInput, PackedTagging, pack_input, pack_tagging, unpack_input, unpack_tagging
from nlp.entity_matcher import SPANS_KEY
from nlp.layout import Layout, lay_out
from nlp.phrases import LEXICON, USER_DATA_KEY as PHRASES_KEY  # importing nlp.phrases registers pantau_phrases
from nlp.quotes import QuoteFinder
from nlp.resolve import Hit, Resolver
from nlp.token_table import token_table
from nlp.tokenizer import FAST_CONFIG, TextKeepingTokenizer
from pipeline.records import Mention, TagInput, Tagging

log = logging.getLogger(__name__)

TAGGER_VERSION = "1"  # bump when the rules change so that stores re-tag their archive
_WORKER: "Tagger | None" = None  # the tagger a forked worker process inherits
_START_CHAR = attrgetter("start_char")
# The collector's young-generation threshold while tag streams run. At Python's default (700) a
# stream of 3,000 articles ran ~130 young, ~12 middle and one full collection; the full one walks
# every object of the process (the pipeline, the catalog: ~55 ms). Together they cost ~36 us per
# article (timed with gc.callbacks; ~6% of the stage). Tagging makes no reference cycles
# (refcounting frees its records), so rarer collections find nothing less.
BULK_GC_THRESHOLD = 50_000
_new = tuple.__new__  # builds a NamedTuple record in C (its own __new__ is a Python function)


class Tagger:
    """Tag articles with catalog entities, quotes, tone and unknown-name candidates."""

    def __init__(self, catalog: Catalog, lexicon: Path = LEXICON) -> None:
        self.catalog = catalog
        nlp = spacy.blank("id", config=FAST_CONFIG)
        nlp.tokenizer = TextKeepingTokenizer(nlp.tokenizer)
        nlp.add_pipe("pantau_sentences")
        nlp.add_pipe("pantau_phrases", config={"catalog": str(catalog.folder), "lexicon": str(lexicon)})
        nlp.add_pipe("pantau_entities", config={"catalog": str(catalog.folder)})
        nlp.add_pipe("pantau_tone", config={"lexicon": str(lexicon)})
        self.nlp = nlp
        self.resolver = Resolver(catalog)
        # region words only tie names to a region: they are no name an unknown phrase could overlap
        self._tie_only = frozenset(label for label in nlp.get_pipe("pantau_entities").labels.values()
                                   if label.startswith(("region|", "adjacent|")))
        self.quotes = QuoteFinder(catalog)
        digest = hashlib.sha256(f"{TAGGER_VERSION}:{catalog.fingerprint}".encode())
        for path in sorted(Path(lexicon).glob("*.txt")):
            digest.update(path.read_bytes())
        self.fingerprint = digest.hexdigest()[:16]

    def tag(self, item: TagInput) -> Tagging:
        """Tag one article."""
        return next(self.tag_many([item]))

    def tag_many(self, inputs: Iterable[TagInput], n_process: int = 1, batch_size: int = 256) -> Iterator[Tagging]:
        """Tag articles in order; ``n_process > 1`` spreads batches over forked worker processes."""
        if n_process <= 1:
            with _few_collections:
                yield from self._tag_stream(inputs, batch_size)
            return
        global _WORKER
        _WORKER = self
        context = multiprocessing.get_context("fork")
        # Inputs and results cross the pipe as plain tuples (nlp.compact): pickling the records
        # themselves cost the parent as much CPU per article as tagging costs a worker.
        batches = ([pack_input(item) for item in batch] for batch in _batches(inputs, batch_size))
        with _few_collections, context.Pool(n_process, initializer=_start_worker) as pool:
            for packed in pool.imap(_tag_batch, batches):
                for tagging in packed:
                    yield unpack_tagging(tagging)

    def _tag_stream(self, inputs: Iterable[TagInput], batch_size: int) -> Iterator[Tagging]:
        pairs = ((layout.text, (item, layout)) for item in inputs for layout in (lay_out(item),))
        for doc, (item, layout) in self.nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
            yield self._tagging(doc, item, layout)

    def _tagging(self, doc: Doc, item: TagInput, layout: Layout) -> Tagging:
        starts = doc.user_data[nlp.sentences.USER_DATA_KEY]  # first character of each sentence
        hits = self.resolver(doc, layout, starts, item.published_on, item.paser_outlet)
        # tone words per sentence; headline words weigh double
        per_sentence: dict[int, list[int]] = {}
        words = []
        text = layout.text
        boilerplate = layout.is_boilerplate if layout.boilerplate else None
        for word in doc.user_data[tone_module.SPANS_KEY]:
            if boilerplate is not None and boilerplate(word.start_char):
                continue
            weight = 2 if word.start_char < layout.title_end else 1
            words.append((word.label, text[word.start_char: word.end_char], weight))
            sent = bisect_right(starts, word.start_char) - 1
            counts = per_sentence.setdefault(sent, [0, 0])
            counts[0 if word.label == "positif" else 1] += weight

        sentences: dict[int, str] = {}
        last = len(starts) - 1

        def sentence(index: int) -> str:
            found = sentences.get(index)
            if found is None:
                end = starts[index + 1] - 1 if index < last else len(text)
                found = sentences[index] = text[starts[index]: end].strip()
            return found

        mentions = _mentions(hits, layout, per_sentence, sentence)
        tie_only = self._tie_only
        known = [(m.start_char, m.end_char) for m in doc.user_data[SPANS_KEY] if m.label not in tie_only]
        keywords = doc.user_data[PHRASES_KEY].keywords
        if keywords:
            token_starts, token_ends, _ = token_table(doc)
            keywords = [(token_starts[start], token_ends[end - 1]) for _, start, end in keywords]
        candidates = find_candidates(layout, known, keywords, lambda char: sentence(bisect_right(starts, char) - 1))
        return _new(Tagging, (mentions, self.quotes(layout, hits), tone_module.score(words), candidates))


def _mentions(hits: list[Hit], layout: Layout, per_sentence: dict[int, list[int]], sentence) -> tuple[Mention, ...]:
    """One ``Mention`` per entity (and Paser or not), counted from its hits."""
    title_end, (lead_start, lead_end) = layout.title_end, layout.lead
    # per (entity, paser): [first hit, count, in headline, in lead, positive, negative, last sentence]
    groups: dict[tuple[str, bool], list] = {}
    for hit in sorted(hits, key=_START_CHAR):
        key = (hit[0], hit[2])
        group = groups.get(key)
        if group is None:
            group = groups[key] = [hit, 0, 0, 0, 0, 0, -1]
        group[1] += 1
        start_char = hit[3]
        if start_char < title_end:
            group[2] += 1
        elif lead_start <= start_char < lead_end:
            group[3] += 1
        # hits are in text order, so each sentence's hits are consecutive: count its tone once
        sent = hit[5]
        if sent != group[6]:
            group[6] = sent
            counts = per_sentence.get(sent)
            if counts:
                group[4] += counts[0]
                group[5] += counts[1]
    return tuple([
        _new(Mention, (entity_id, first.kind, count, headline, lead, count - headline - lead, sentence(first.sent),
                       tone_module.mention_label(pos, neg), paser))
        for (entity_id, paser), (first, count, headline, lead, pos, neg, _) in groups.items()
    ])


class _FewCollections:
    """Context: ``BULK_GC_THRESHOLD`` while tag streams run, then the caller's threshold again.

    The threshold is process-wide, so streams entered are counted and the saved threshold comes back
    when the last one ends (a caller may interleave streams).
    """

    def __init__(self) -> None:
        self.depth = 0
        self.saved = gc.get_threshold()

    def __enter__(self) -> None:
        if self.depth == 0:
            self.saved = gc.get_threshold()
            gc.set_threshold(max(self.saved[0], BULK_GC_THRESHOLD), *self.saved[1:])
        self.depth += 1

    def __exit__(self, *exc: object) -> None:
        self.depth -= 1
        if self.depth == 0:
            gc.set_threshold(*self.saved)


_few_collections = _FewCollections()


def _start_worker() -> None:
    """A forked worker: ``gc.freeze`` so its collector never walks (so never copies) the pages of the
    inherited pipeline and catalog, and the bulk threshold for its whole life."""
    gc.freeze()
    gc.set_threshold(BULK_GC_THRESHOLD, *gc.get_threshold()[1:])


def _batches(inputs: Iterable[TagInput], size: int) -> Iterator[list[TagInput]]:
    iterator = iter(inputs)
    while batch := list(islice(iterator, size)):
        yield batch


def _tag_batch(batch: list[PackedInput]) -> list[PackedTagging]:
    assert _WORKER is not None, "worker started without a tagger"
    return [pack_tagging(tagging) for tagging in _WORKER._tag_stream(map(unpack_input, batch), len(batch))]
