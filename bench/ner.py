"""Experiment: does a small statistical NER find the names the catalog does not know better than the rules?

    python bench/ner.py                      # train (<= ~10 min, 1 thread), score, time, compare
    python bench/ner.py --epochs 5           # at most 5 epochs
    python bench/ner.py --no-train           # reuse the model saved in --out
    python bench/ner.py --out /tmp/other-ner # where the model goes (never committed)

Role: the optional NER item of the unknown-names issue. Pantau finds unknown agency and program names
with rules (``nlp/candidates.py``: "Dinas ...", "Badan ...", "program ...", acronyms before "Paser").
This script trains a CPU NER (tok2vec + ner, from ``spacy.blank("id")``) on ``idner-news-2k`` (MIT,
PER/ORG/LOC, CoNLL), read in place from ``../shared/datasets``; nothing is downloaded and the data is
not copied into the project. It reports:

1. test-set precision/recall/F1 per label (``Scorer`` through ``nlp.evaluate``);
2. milliseconds per 3 KB article of the NER alone and of the rule-based tagging stage, on the same
   texts (idner test sentences joined into articles);
3. a held-out-catalog comparison: each agency/program whose full name appears in an evaluation
   article is removed from a temporary copy of the catalog, and we check whether the rules'
   ``Candidate`` phrases or the NER's ORG spans find that name in those articles;
4. the noise of each method (candidates / ORG spans per article) and a sample of 30 ORG spans that
   are not catalog names, to judge by hand.

The model is only an experiment: it is saved outside git (default ``/tmp/pantau-ner``) and nothing in
``nlp/`` or ``pipeline/`` uses it.
"""

from __future__ import annotations

import os

# One BLAS/BLIS thread: the machine is a shared 2-core VM, and the rule-based tagger runs one
# process per core, so a per-core figure is the fair comparison.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402
from collections.abc import Iterable, Iterator  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from pathlib import Path  # noqa: E402

import spacy  # noqa: E402
import yaml  # noqa: E402
from spacy.language import Language  # noqa: E402
from spacy.tokens import Doc, Span  # noqa: E402
from spacy.training import Example  # noqa: E402
from spacy.util import compounding, fix_random_seed, minibatch  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from nlp.catalog import Catalog  # noqa: E402
from nlp.tagger import Tagger  # noqa: E402
from tag import load_articles, news_inputs  # noqa: E402

DATA = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "idner-news-2k"
ENTITIES = ROOT / "data" / "entities"
EVAL_SETS = (ROOT / "bench" / "data" / "tag-eval", ROOT / "bench" / "data" / "tag-eval-blind")
LABELS = ("PER", "ORG", "LOC")
# keys whose value is the id of another entry: dropped in the temporary catalog when they point to
# the held-out entry, or the catalog would refuse to load
REF_KEYS = ("parent", "successor", "leads", "agency")
NO_SPACE_BEFORE = frozenset(",.!?;:%)]")
NO_SPACE_AFTER = frozenset("([")
Sentences = list[tuple[list[str], list[str]]]  # (words, IOB tags) per sentence
QUOTED = 0.25  # share of training sentences put in quotes (see ``with_quotes``)

RULE_MATCHING = ("rules find a name when some Candidate.phrase, as a sequence of lowercased \\w+ words, "
                 "contains the name's words contiguously, or is contained in them and is at least 2 words long")
NER_MATCHING = ("NER finds a name when an ORG span of the model on title + '\\n' + text covers an occurrence "
                "of the name with token Jaccard >= 0.5 (token index sets of the span and of the occurrence)")


# ---------------------------------------------------------------- data


def read_conll(path: Path) -> Sentences:
    """Sentences of a CoNLL file as (words, IOB tags); the files have CRLF line ends."""
    sentences, words, tags = [], [], []
    for line in path.read_text(encoding="utf-8").replace("\r", "").split("\n"):
        parts = line.split()
        if parts:
            words.append(parts[0])
            tags.append(parts[-1])
        elif words:
            sentences.append((words, tags))
            words, tags = [], []
    if words:
        sentences.append((words, tags))
    return sentences


def _spaces(words: list[str]) -> list[bool]:
    """Spaces as news text has them (none before a comma, none after an opening bracket), so that
    the training docs look like the texts the model will see."""
    out = []
    for i, word in enumerate(words):
        nxt = words[i + 1] if i + 1 < len(words) else ""
        out.append(bool(nxt) and nxt not in NO_SPACE_BEFORE and word not in NO_SPACE_AFTER)
    return out


def _repaired(tags: list[str]) -> list[str]:
    """IOB tags where an ``I-`` that does not continue its label starts an entity (``Doc`` rejects it)."""
    out = []
    for i, tag in enumerate(tags):
        if tag.startswith("I-") and (i == 0 or out[-1][2:] != tag[2:]):
            tag = "B-" + tag[2:]
        out.append(tag)
    return out


def with_quotes(sentences: Sentences, share: float, seed: int) -> Sentences:
    """A ``share`` of the sentences quoted ('"' ... '"' before the final punctuation, tagged O).

    idner has no '"' token at all, while Pantau's news quote officials in most articles: without this
    the model never saw the token and tagged a lone '"' as ORG (about 1 span per article)."""
    rng = random.Random(seed)
    out = []
    for words, tags in sentences:
        if rng.random() < share:
            cut = len(words) - 1 if words[-1] in NO_SPACE_BEFORE else len(words)
            words = ['"', *words[:cut], '"', *words[cut:]]
            tags = ["O", *tags[:cut], "O", *tags[cut:]]
        out.append((words, tags))
    return out


def to_examples(nlp: Language, sentences: Sentences) -> list[Example]:
    """Examples on the gold tokens: they are mostly what the blank Indonesian tokenizer gives (not
    "(PKB)", one token in idner), and keeping them avoids losing entities to misalignment."""
    out = []
    for words, tags in sentences:
        spaces = _spaces(words)
        predicted = Doc(nlp.vocab, words=words, spaces=spaces)
        reference = Doc(nlp.vocab, words=words, spaces=spaces, ents=_repaired(tags))
        out.append(Example(predicted, reference))
    return out


# ---------------------------------------------------------------- training


def new_pipeline() -> Language:
    """blank("id") + tok2vec (spaCy's default CNN, width 96) + ner listening to it."""
    nlp = spacy.blank("id")
    nlp.add_pipe("tok2vec")
    nlp.add_pipe("ner", config={"model": {
        "@architectures": "spacy.TransitionBasedParser.v2", "state_type": "ner",
        "extra_state_tokens": False, "hidden_width": 64, "maxout_pieces": 2, "use_upper": True,
        "nO": None, "tok2vec": {"@architectures": "spacy.Tok2VecListener.v1", "width": 96, "upstream": "*"},
    }})
    return nlp


def train(out: Path, max_epochs: int, max_minutes: float, patience: int, seed: int) -> float:
    """Train on train.txt, keep the epoch with the best dev F1 in ``out``; return the CPU seconds."""
    fix_random_seed(seed)
    nlp = new_pipeline()
    train_set = to_examples(nlp, with_quotes(read_conll(DATA / "train.txt"), QUOTED, seed))
    dev_set = to_examples(nlp, read_conll(DATA / "dev.txt"))
    print(f"train {len(train_set)} sentences, dev {len(dev_set)}; at most {max_epochs} epochs, "
          f"{max_minutes:g} min, patience {patience}")
    optimizer = nlp.initialize(lambda: train_set)
    rng = random.Random(seed)
    best, best_epoch, cpu0, wall0 = -1.0, 0, time.process_time(), time.perf_counter()
    for epoch in range(1, max_epochs + 1):
        rng.shuffle(train_set)
        losses: dict[str, float] = {}
        for batch in minibatch(train_set, size=compounding(4.0, 32.0, 1.001)):
            nlp.update(batch, drop=0.2, sgd=optimizer, losses=losses)
        # the averaged weights are what gets saved, so they are what is scored
        with nlp.use_params(optimizer.averages):
            dev_f = nlp.evaluate(dev_set)["ents_f"]
            if dev_f > best:
                best, best_epoch = dev_f, epoch
                nlp.to_disk(out)
        minutes = (time.perf_counter() - wall0) / 60
        print(f"  epoch {epoch:>2}  loss {losses.get('ner', 0):8.1f}  dev F1 {dev_f:.3f}  "
              f"best {best:.3f} (epoch {best_epoch})  {minutes:.1f} min")
        if epoch - best_epoch >= patience or minutes >= max_minutes:
            break
    cpu = time.process_time() - cpu0
    print(f"training: {cpu:.0f} CPU s, {time.perf_counter() - wall0:.0f} s wall; model (epoch {best_epoch}) in {out}")
    return cpu


# ---------------------------------------------------------------- test scores and speed


def line_docs(nlp: Language, texts: Iterable[str]) -> Iterator[Doc]:
    """Tokenized docs where a line break and the token after it start sentences: spaCy's NER never extends
    an entity over a sentence start, and the model, trained on single sentences, otherwise ran spans
    from a headline into the dateline ("... Satu Laptop\\nPaser (ANTARA")."""
    for text in texts:
        doc = nlp.make_doc(text)
        for token in doc[1:]:
            # the line break token too, or an entity could end on it
            if "\n" in token.text or "\n" in doc[token.i - 1].text:
                token.is_sent_start = True
        yield doc


def entities(doc: Doc, labels: tuple[str, ...] = ("ORG",)) -> list[Span]:
    """The model's spans of ``labels``, without leading/trailing tokens that hold no letter or digit
    ('"', '(', line breaks); spans left empty are dropped. This is the NER output all figures use."""
    out = []
    for ent in doc.ents:
        if ent.label_ not in labels:
            continue
        start, end = ent.start, ent.end
        while start < end and not _wordy(doc[start].text):
            start += 1
        while end > start and not _wordy(doc[end - 1].text):
            end -= 1
        if end > start:
            out.append(doc[start:end])
    return out


def _wordy(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def annotate(nlp: Language, texts: Iterable[str], batch_size: int = 32) -> list[Doc]:
    """The model's docs for ``texts`` (line breaks end entities, see ``line_docs``)."""
    return list(nlp.pipe(line_docs(nlp, texts), batch_size=batch_size))


def test_scores(nlp: Language) -> None:
    """Precision/recall/F1 per label on test.txt (spaCy's Scorer, exact span and label match)."""
    test_set = to_examples(nlp, read_conll(DATA / "test.txt"))
    support = Counter(ent.label_ for ex in test_set for ent in ex.reference.ents)
    scores = nlp.evaluate(test_set)
    print(f"test set: {len(test_set)} sentences")
    print(f"{'label':<6}{'P':>7}{'R':>7}{'F1':>7}{'gold':>6}")
    for label in LABELS:
        row = scores["ents_per_type"].get(label, {"p": 0.0, "r": 0.0, "f": 0.0})
        print(f"{label:<6}{row['p']:>7.3f}{row['r']:>7.3f}{row['f']:>7.3f}{support[label]:>6}")
    print(f"{'all':<6}{scores['ents_p']:>7.3f}{scores['ents_r']:>7.3f}{scores['ents_f']:>7.3f}{sum(support.values()):>6}")


def _ms_per_text(run, items: list, runs: int) -> float:
    """Median CPU milliseconds per item over ``runs`` runs (process time: other load does not count)."""
    times = []
    for _ in range(runs):
        start = time.process_time()
        run(items)
        times.append((time.process_time() - start) * 1000 / len(items))
    return statistics.median(times)


def speed(nlp: Language, tagger: Tagger, count: int = 300, runs: int = 3) -> None:
    """ms per ~3 KB article: NER pipeline (tokenizer + tok2vec + ner), its tokenizer alone, and the
    rule-based tagging stage, on the same idner test-sentence articles."""
    items = news_inputs(count, size=2900, path=DATA / "test.txt")
    texts = [f"{item.title}\n{item.text}" for item in items]
    annotate(nlp, texts[:20])  # warm up
    list(tagger.tag_many(items[:20]))
    ner_ms = _ms_per_text(lambda xs: annotate(nlp, xs), texts, runs)
    tok_ms = _ms_per_text(lambda xs: [nlp.make_doc(x) for x in xs], texts, runs)
    rule_ms = _ms_per_text(lambda xs: list(tagger.tag_many(xs)), items, runs)
    print(f"speed on {count} articles of ~{int(statistics.mean(map(len, texts)))} chars "
          f"(median of {runs} runs, CPU time of this process, 1 thread):")
    print(f"  NER pipeline (tokenizer + tok2vec + ner): {ner_ms:7.2f} ms/article "
          f"(its blank('id') tokenizer alone {tok_ms:.2f})")
    print(f"  rule-based tagging stage (Tagger.tag_many): {rule_ms:7.2f} ms/article  "
          f"-> NER costs {ner_ms / rule_ms:.0f}x the whole stage")


# ---------------------------------------------------------------- held-out comparison


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _contains(outer: list[str], inner: list[str]) -> bool:
    n = len(inner)
    return n > 0 and any(outer[i: i + n] == inner for i in range(len(outer) - n + 1))


def rule_finds(name: str, phrases: list[str]) -> bool:
    """See ``RULE_MATCHING``."""
    target = words(name)
    for phrase in map(words, phrases):
        if _contains(phrase, target) or (len(phrase) >= 2 and _contains(target, phrase)):
            return True
    return False


def _jaccard(a: range, b: range) -> float:
    inter = len(set(a) & set(b))
    return inter / len(set(a) | set(b)) if inter else 0.0


def ner_finds(name: str, doc: Doc, labels: tuple[str, ...] = ("ORG",)) -> bool:
    """See ``NER_MATCHING``; ``labels`` widened only for the side figure "any label"."""
    spans = [range(ent.start, ent.end) for ent in entities(doc, labels)]
    for found in re.finditer(re.escape(name), doc.text):
        occurrence = doc.char_span(found.start(), found.end(), alignment_mode="expand")
        if occurrence is not None and any(_jaccard(range(occurrence.start, occurrence.end), s) >= 0.5 for s in spans):
            return True
    return False


@dataclass
class HeldOut:
    id: str
    kind: str
    name: str
    articles: list  # bench/tag.py Article objects whose title + text hold the name verbatim


def held_out_entries(articles: list, cap: int) -> tuple[list[HeldOut], int]:
    """Agencies and programs whose full name is in an evaluation article; at most ``cap``, taking all
    programs and then agencies in file order so both kinds are represented (there are fewer programs)."""
    by_kind: dict[str, list[HeldOut]] = {"program": [], "agency": []}
    for file, kind in (("agencies.yaml", "agency"), ("programs.yaml", "program")):
        for entry in yaml.safe_load((ENTITIES / file).read_text(encoding="utf-8")):
            hits = [a for a in articles if entry["name"] in f"{a.title}\n{a.text}"]
            if hits:
                by_kind[kind].append(HeldOut(entry["id"], kind, entry["name"], hits))
    eligible = by_kind["program"] + by_kind["agency"]
    return eligible[:cap], len(eligible)


def catalog_without(entry_id: str, folder: Path) -> Path:
    """A copy of data/entities in ``folder`` without ``entry_id`` and without references to it."""
    for path in ENTITIES.glob("*.yaml"):
        entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        kept = []
        for entry in entries:
            if entry.get("id") == entry_id:
                continue
            for key in REF_KEYS:
                if entry.get(key) == entry_id:
                    del entry[key]
            kept.append(entry)
        (folder / path.name).write_text(yaml.safe_dump(kept, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return folder


def word_jaccard_finds(name: str, phrases: list[str]) -> bool:
    """The same yardstick for both methods: some phrase whose set of lowercased words has Jaccard
    >= 0.5 with the name's ("Dinas Komunikasi" for "Dinas Komunikasi, Informatika, Statistik dan
    Persandian" is 2/5 and does not count; containment counts it)."""
    target = set(words(name))
    for phrase in map(set, map(words, phrases)):
        if phrase and len(phrase & target) / len(phrase | target) >= 0.5:
            return True
    return False


# per (entry, article) pair: the criteria computed, in table order
CRITERIA = ("rules", "NER", "rules_j", "NER_j", "rules_c", "NER_c", "NER_any")


def _pair(entry: HeldOut, phrases: list[str], doc: Doc) -> dict[str, bool]:
    spans = [span.text for span in entities(doc)]
    return {
        "rules": rule_finds(entry.name, phrases), "NER": ner_finds(entry.name, doc),
        "rules_j": word_jaccard_finds(entry.name, phrases), "NER_j": word_jaccard_finds(entry.name, spans),
        "rules_c": rule_finds(entry.name, phrases), "NER_c": rule_finds(entry.name, spans),
        "NER_any": ner_finds(entry.name, doc, LABELS),
    }


def compare(nlp: Language, articles: list, cap: int) -> None:
    """Rule recall vs NER recall of held-out catalog names."""
    entries, eligible = held_out_entries(articles, cap)
    print(f"held-out entries: {eligible} agencies/programs have their full name in an evaluation article; "
          f"tested {len(entries)} (cap {cap})")
    print(f"matching (as briefed): {RULE_MATCHING}.\n  {NER_MATCHING}.")
    print("  also, one yardstick for both: word Jaccard >= 0.5 between the name and a candidate phrase / ORG "
          "span text (_j), and the rules' containment applied to ORG span texts too (_c)")
    unique = list({a.id: a for e in entries for a in e.articles}.values())
    docs = dict(zip((a.id for a in unique), annotate(nlp, (f"{a.title}\n{a.text}" for a in unique))))
    rows: list[tuple[HeldOut, list[dict[str, bool]]]] = []
    with tempfile.TemporaryDirectory(prefix="pantau-heldout-") as tmp:
        for entry in entries:
            folder = Path(tmp) / entry.id
            folder.mkdir()
            tagger = Tagger(Catalog.load(catalog_without(entry.id, folder)))
            taggings = list(tagger.tag_many(a.as_input() for a in entry.articles))
            pairs = [_pair(entry, [c.phrase for c in t.candidates], docs[a.id])
                     for a, t in zip(entry.articles, taggings)]
            rows.append((entry, pairs))
            near = set(words(entry.name))
            phrases = sorted({c.phrase for t in taggings for c in t.candidates if near & set(words(c.phrase))})
            spans = sorted({e.text for a in entry.articles for e in entities(docs[a.id]) if near & set(words(e.text))})
            print(f"  {entry.kind:<7} {entry.id:<22} {len(pairs):>2} art  rules {sum(x['rules'] for x in pairs)}  "
                  f"NER {sum(x['NER'] for x in pairs)}  {entry.name!r}\n      candidates sharing a word {phrases}"
                  f"\n      ORG spans sharing a word {spans}")
            shutil.rmtree(folder)
    _summary(rows)


def _summary(rows: list[tuple[HeldOut, list[dict[str, bool]]]]) -> None:
    """Recall per entry (found in at least one of its articles) and per (entry, article) pair."""
    head = ("rules", "NER", "union", "rules_j", "NER_j", "union_j", "rules_c", "NER_c", "union_c", "NER_any")

    def values(pairs: list[dict[str, bool]]) -> dict[str, bool]:
        got = {key: any(p[key] for p in pairs) for key in CRITERIA}
        for suffix in ("", "_j", "_c"):
            got["union" + suffix] = any(p["rules" + suffix] or p["NER" + suffix] for p in pairs)
        return got

    for unit in ("entry", "pair"):
        print(f"recall per {unit} ({'found in at least one of its articles' if unit == 'entry' else 'entry x article'}):")
        print(f"  {'kind':<8}{'n':>4}" + "".join(f"{h:>9}" for h in head))
        for kind in ("agency", "program", "all"):
            sel = [pairs for entry, pairs in rows if kind in ("all", entry.kind)]
            units = [values(pairs) for pairs in sel] if unit == "entry" else [values([p]) for pairs in sel for p in pairs]
            if units:
                print(f"  {kind:<8}{len(units):>4}" + "".join(f"{sum(u[h] for u in units) / len(units):>9.3f}" for h in head))


# ---------------------------------------------------------------- noise


def catalog_names(catalog: Catalog) -> list[list[str]]:
    """Every name, alias, misspelling, Paser name and short name in the catalog, and role names."""
    names = set()
    for entity in catalog.entities:
        names.update((entity.name, *entity.aliases, *entity.misspellings, *entity.paser_names, *entity.short))
    for role in catalog.roles:
        names.update((role.name, *role.aliases))
    return [w for w in map(words, names) if w]


def is_catalog_name(span: str, names: list[list[str]]) -> bool:
    """A span containing a catalog name or contained in one ("Dinas Kesehatan Kabupaten Paser")."""
    target = words(span)
    return any(_contains(target, n) or _contains(n, target) for n in names)


def noise(nlp: Language, articles: list, sample: int, seed: int) -> None:
    """Candidates / ORG spans per article with the full catalog, and a sample of non-catalog ORG spans."""
    tagger = Tagger(Catalog.load(ENTITIES))
    names = catalog_names(tagger.catalog)
    candidates = [(a.id, c.phrase) for a, t in zip(articles, tagger.tag_many(a.as_input() for a in articles))
                  for c in t.candidates]
    docs = annotate(nlp, (f"{a.title}\n{a.text}" for a in articles))
    raw = sum(1 for doc in docs for e in doc.ents if e.label_ == "ORG")
    orgs = [(a.id, span.text) for a, doc in zip(articles, docs) for span in entities(doc)]
    unknown = list(dict.fromkeys((i, text) for i, text in orgs if not is_catalog_name(text, names)))
    n = len(articles)
    print(f"noise on {n} evaluation articles (full catalog): rule candidates {len(candidates)} "
          f"({len(candidates) / n:.2f}/article); NER ORG spans {len(orgs)} ({len(orgs) / n:.2f}/article; "
          f"{raw} before dropping punctuation-only spans), "
          f"of which not catalog names {len(unknown)} ({len(unknown) / n:.2f}/article)")
    print("  all rule candidates: " + "; ".join(f"{i}:{p}" for i, p in candidates))
    picked = random.Random(seed).sample(unknown, min(sample, len(unknown)))
    print(f"  sample of {len(picked)} NER ORG spans that are not catalog names (seed {seed}):")
    for i, text in picked:
        print(f"    {i}  {text!r}")


# ---------------------------------------------------------------- main


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=30, help="at most this many epochs (early stop on dev F1)")
    parser.add_argument("--out", type=Path, default=Path("/tmp/pantau-ner"), help="model folder (not committed)")
    parser.add_argument("--no-train", action="store_true", help="reuse the model in --out")
    parser.add_argument("--max-minutes", type=float, default=8.0, help="stop training after this many minutes")
    parser.add_argument("--patience", type=int, default=5, help="epochs without a better dev F1 before stopping")
    parser.add_argument("--cap", type=int, default=40, help="at most this many held-out catalog entries")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    if not DATA.is_dir():
        print(f"dataset not found: {DATA}", file=sys.stderr)
        return 1
    if not args.no_train:
        train(args.out, args.epochs, args.max_minutes, args.patience, args.seed)
    nlp = spacy.load(args.out)
    test_scores(nlp)
    speed(nlp, Tagger(Catalog.load(ENTITIES)))
    articles = [a for folder in EVAL_SETS for a in load_articles(folder)]
    compare(nlp, articles, args.cap)
    noise(nlp, articles, 30, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
