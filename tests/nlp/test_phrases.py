"""``pantau_phrases`` walks the Doc once for catalog forms and lexicon words, and hands each list to
its component."""

from __future__ import annotations

from nlp.phrases import USER_DATA_KEY


def test_one_walk_splits_catalog_forms_from_lexicon_words(tagger):
    doc = tagger.nlp("Dinkes Paser berhasil menekan angka stunting, tidak ada kendala.")
    strings = tagger.nlp.vocab.strings
    phrases = doc.user_data[USER_DATA_KEY]
    assert [(strings[label], start, end) for label, start, end in phrases.catalog] == [
        ("generic|dinkes", 0, 1), ("region|pemkab-paser", 1, 2)]
    assert [(strings[label], start, end) for label, start, end in phrases.lexicon] == [
        ("positif", 2, 3), ("negatif", 9, 10)]
    # the components downstream read these lists: the entity and the negated tone word
    assert [m.label for m in doc.user_data["pantau"]] == ["generic|dinkes", "region|pemkab-paser"]
    assert [(w.label, doc.text[w.start_char:w.end_char]) for w in doc.user_data["pantau_tone"]] == [
        ("positif", "berhasil"), ("positif", "tidak ada kendala")]


def test_the_pipeline_runs_the_phrase_walk_before_its_readers(tagger):
    names = tagger.nlp.pipe_names
    assert names.index("pantau_phrases") < names.index("pantau_entities") < names.index("pantau_tone")


def test_keywords_of_unknown_names_come_from_the_same_walk(tagger):
    doc = tagger.nlp("Kepala Dinas Sosial menjalankan PROGRAM Paser Sehat.")
    strings = tagger.nlp.vocab.strings
    phrases = doc.user_data[USER_DATA_KEY]
    # any case here: ``nlp.candidates`` applies each keyword's spelling rule
    assert [(strings[label], start, end) for label, start, end in phrases.keywords] == [
        ("keyword", 1, 2), ("keyword", 4, 5)]
    assert "keyword" not in {strings[label] for label, _, _ in phrases.catalog + phrases.lexicon}
