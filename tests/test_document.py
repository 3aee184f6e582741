import doctest

import pytest
from project_paths import ARTICLE

import conflict_kg.document
from conflict_kg.document import Document, DocumentError


def test_doctests():
    assert doctest.testmod(conflict_kg.document).failed == 0


def test_sentences_are_exact_spans_of_the_stored_text():
    document = Document.from_file(ARTICLE)
    assert len(document.sentences) > 300
    for sentence in document.sentences:
        assert document.text[sentence.begin:sentence.end] == sentence.text
        assert len(sentence.clean) == len(sentence.text)
        assert "[" not in sentence.text[-4:], "trailing citation markers belong to citations, not text"


def test_citations_are_attached_to_the_sentence_they_follow():
    text = "Azerbaijan launched an offensive. [16] [17] The offensive took place in the region."
    document = Document.from_text("t", text)
    assert [s.citations for s in document.sentences] == [(16, 17), ()]


def test_editorial_brackets_in_quotes_are_text_not_citations():
    document = Document.from_text("t", 'He said "President [Ilham] Aliyev may act." [79]')
    (sentence,) = document.sentences
    assert "[Ilham]" in sentence.clean
    assert sentence.citations == (79,)


def test_abbreviations_do_not_end_sentences():
    document = Document.from_text("t", "Talks in Washington D.C. on November stalled. U.S. officials left.")
    assert len(document.sentences) == 2


def test_a_title_or_rank_before_a_name_does_not_end_a_sentence():
    text = ("At a briefing, AFP Spokesperson Brig. Gen. Mirek Dovan stated that Fr. Anja Pell was held. "
            "Sen. Lev Harun asked for a review.")
    assert [s.text for s in Document.from_text("t", text).sentences] == [
        "At a briefing, AFP Spokesperson Brig. Gen. Mirek Dovan stated that Fr. Anja Pell was held.",
        "Sen. Lev Harun asked for a review."]


def test_table_rows_split_into_cells():
    document = Document.from_text("t", "192 servicemen killed [9] | 200+ servicemen killed [10] | |||")
    assert [s.text for s in document.sentences] == ["192 servicemen killed", "200+ servicemen killed"]
    assert [s.citations for s in document.sentences] == [(9,), (10,)]


@pytest.mark.parametrize("content, problem", [(b"", "empty"), (b"\x00\x01binary", "binary"),
                                              (b"\xff\xfe not utf8", "UTF-8")])
def test_bad_input_gets_a_clear_error(tmp_path, content, problem):
    path = tmp_path / "input.txt"
    path.write_bytes(content)
    with pytest.raises(DocumentError, match=problem):
        Document.from_file(path)


def test_a_citation_marker_ends_an_item_in_a_table_cell():
    text = "5 peacekeepers killed by Xland [13] [14] 100 people fled Zenda as of 3 May [15] | 2 tanks"
    doc = Document.from_text("t", text)
    assert [s.text for s in doc.sentences] == [
        "5 peacekeepers killed by Xland", "100 people fled Zenda as of 3 May", "2 tanks"]
    assert [s.citations for s in doc.sentences] == [(13, 14), (15,), ()]
    assert all(text[s.begin:s.end] == s.text for s in doc.sentences)
    # prose keeps a marker inside its sentence
    assert len(Document.from_text("t", "Xland [3] shelled Zenda. Then [4] Talks began.").sentences) == 2
