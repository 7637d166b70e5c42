"""A fast Indonesian tokenizer: spaCy's ``id`` rules with its exception table kept out of the slow path.

Why ``spacy.blank("id")`` is slow (about 8 ms for a 3 KB article, 0.1 ms without exceptions):
``spacy/lang/id/tokenizer_exceptions.py`` turns about 3,000 reduplicated words ("anak-anak") and
abbreviations ("dr.", "Hj.", "Kab.") into ~16,000 *special cases*, plus whitespace specials (" ",
"\\n"). In ``spacy/tokenizer.pyx``, ``_try_specials_and_cache`` sets a per-document ``has_special``
flag the first time any special case is hit, and ``_save_cached`` then refuses to cache *every*
later chunk of that document (spaCy issue #1250: a chunk holding a special token may carry a NORM
that a lexeme cache cannot store). Nearly every news article hits a special early (a newline, "dr.",
"anak-anak"), so nearly every word goes through the prefix/suffix/infix regexes on every document,
for ever: the tokenizer cache never warms up. On top of that the hyphenated specials (they contain an
infix) are all added to the tokenizer's PhraseMatcher, which runs over every document.

The fix keeps the exceptions' *effect* without the special-case machinery: every exception that is a
single token with only ORTH (and possibly NORM) becomes a "protected" string that the wrapped
prefix/suffix/infix functions never split, and its NORM is stored on the lexeme. Nothing is a special
case any more (but a few multi-token ones like "°C."), so the cache works and the special matcher
is nearly empty. It is registered as ``pantau.FastTokenizer.v1``: ``spacy.blank("id",
config=FAST_CONFIG)`` never builds spaCy's own tokenizer and its special cases (~1.7 s at every
start). Tokenisation is identical on real
Indonesian text (tests/nlp/test_tokenizer.py compares both tokenizers on idner-news-2k sentences and
on the evaluation set); the only known differences are abbreviations glued to a following word
without a space ("Dr.Fahmi"), which the special matcher used to re-join.

Two more costs show only on an archive's vocabulary, not on a small test corpus:

- spaCy caches at most ``max_cache_size`` distinct chunks (default 10,000) and then caches nothing
  more: every later new chunk goes through the affix rules (~16 us) *each time it occurs*. The
  article-extraction benchmark's 181 real articles hold 30,000 distinct chunks; re-tokenising them
  took 4.2 ms per article at spaCy's default and 0.2 ms with room for all. So the cache holds
  ``CACHE_CHUNKS`` (~160 bytes each, beside the ~350 bytes spaCy's vocabulary keeps for every new
  word anyway).
- The prefix rule is one regex of ~300 branches each anchored with ``^``, but ``Tokenizer`` calls its
  ``search``, which tries every branch at every position of the chunk: ~10 us per new chunk.
  ``_anchored_prefix_search`` tries the anchored branches once, at the start, as ``match``, and
  searches further only with the branches that are not anchored (one in spaCy 3.8's ``id``). The
  result is the same match span (``tests/nlp/test_tokenizer.py``).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.attrs import NORM, ORTH
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex, registry

CACHE_CHUNKS = 500_000  # distinct chunks the tokenizer caches (spaCy's default: 10,000)


def _guard_search(search: Callable | None, protected: frozenset[str]) -> Callable | None:
    """Wrap a prefix/suffix ``search`` so it never cuts a protected exception string."""
    if search is None:
        return None

    def guarded(string: str):
        if string in protected:
            return None
        return search(string)

    return guarded


def _top_level_branches(pattern: str) -> list[str]:
    """Split a regex source at its top-level ``|`` (not inside a group, a class or after ``\\``)."""
    branches, start, depth, in_class, i = [], 0, 0, False, 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            # a "]" right after "[" or "[^" is a literal member, not the end of the class
            if pattern.startswith("]", i + 1):
                i += 1
            elif pattern.startswith("^]", i + 1):
                i += 2
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            branches.append(pattern[start:i])
            start = i + 1
        i += 1
    branches.append(pattern[start:])
    return branches


def _anchored_prefix_search(search: Callable | None) -> Callable | None:
    """The prefix ``search`` with its ``^`` branches tried once, at the start (see the module
    docstring); ``search`` itself when it is not a compiled regex's ``search``."""
    regex = getattr(search, "__self__", None)
    if (not isinstance(regex, re.Pattern) or getattr(search, "__name__", "") != "search"
            or regex.flags & (re.MULTILINE | re.VERBOSE)):
        return search
    match = regex.match  # at position 0: the first attempt ``search`` makes, with every branch
    loose = [branch for branch in _top_level_branches(regex.pattern) if not branch.startswith("^")]
    # past position 0 no "^" branch can match: only the loose ones, in their order
    rest = re.compile("|".join(loose), regex.flags).search if loose else None

    def anchored(string: str):
        found = match(string)
        if found is None and rest is not None:
            found = rest(string, 1)
        return found

    return anchored


def _guard_finditer(finditer: Callable | None, protected: frozenset[str]) -> Callable | None:
    """Wrap the infix ``finditer`` so protected strings ("anak-anak") are never split."""
    if finditer is None:
        return None

    def guarded(string: str):
        if string in protected:
            return iter(())
        return finditer(string)

    return guarded


def fast_tokenizer(nlp: Language) -> Tokenizer:
    """A tokenizer with the rules of ``nlp``'s language (``nlp.Defaults``, as spaCy's own
    ``spacy.Tokenizer.v1`` builds it) whose cache works on every document."""
    defaults = nlp.Defaults
    protected: set[str] = set()
    kept: dict[str, list[dict]] = {}
    for string, pieces in defaults.tokenizer_exceptions.items():
        if len(pieces) == 1 and set(pieces[0]) <= {ORTH, NORM}:
            protected.add(string)
            norm = pieces[0].get(NORM)
            if norm is not None:
                # the special case carried the NORM on the token; a lexeme attribute gives the same
                nlp.vocab[string].norm_ = norm
        else:
            kept[string] = pieces  # multi-token exceptions (a few in spaCy 3.8's id: "°C.") stay special
    frozen = frozenset(protected)
    prefixes, suffixes, infixes = defaults.prefixes, defaults.suffixes, defaults.infixes
    prefix_search = _anchored_prefix_search(compile_prefix_regex(prefixes).search if prefixes else None)
    return Tokenizer(
        nlp.vocab,
        rules=kept,
        prefix_search=_guard_search(prefix_search, frozen),
        suffix_search=_guard_search(compile_suffix_regex(suffixes).search if suffixes else None, frozen),
        infix_finditer=_guard_finditer(compile_infix_regex(infixes).finditer if infixes else None, frozen),
        token_match=defaults.token_match,
        url_match=defaults.url_match,
        max_cache_size=CACHE_CHUNKS,
    )


FAST_TOKENIZER = "pantau.FastTokenizer.v1"
# ``spacy.blank("id", config=FAST_CONFIG)``: the language's own tokenizer is never built (turning its
# ~16,000 exceptions into special cases took ~1.7 s of the tagger's ~1.8 s start)
FAST_CONFIG = {"nlp": {"tokenizer": {"@tokenizers": FAST_TOKENIZER}}}


@registry.tokenizers(FAST_TOKENIZER)
def make_fast_tokenizer() -> Callable[[Language], Tokenizer]:
    """spaCy's registry entry for ``fast_tokenizer``."""
    return fast_tokenizer


TEXT_KEY = "text"


class TextKeepingTokenizer:
    """Wrap a tokenizer to keep the input text in ``doc.user_data["text"]``.

    ``Doc.text`` is rebuilt from every token on each access (about 2 ms for a 3 KB article), so
    components that need the text read it from here instead (``doc_text``).
    """

    def __init__(self, tokenizer: Tokenizer) -> None:
        self.tokenizer = tokenizer

    def __call__(self, text: str):
        doc = self.tokenizer(text)
        doc.user_data[TEXT_KEY] = text
        return doc

    def __getattr__(self, name: str):
        return getattr(self.tokenizer, name)


def doc_text(doc) -> str:
    """The Doc's text, without rebuilding it from the tokens when the tokenizer kept it."""
    text = doc.user_data.get(TEXT_KEY)
    return text if text is not None else doc.text
