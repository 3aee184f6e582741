"""Statement rules on small constructed sentences: who speaks, what kind of act, and when.

Each test fails when one rule breaks: the speaker is the speech verb's subject (not the nearest
name), the "by" phrase of a passive, the source of "according to"; the date is the one of the speech
verb's own clause; the kind follows the verb; a denial keeps what it denies as content.
"""

from __future__ import annotations

import pytest

from conflict_kg.document import Document
from conflict_kg.extract import extract
from conflict_kg.registry import Entity, Registry

REGISTRY = Registry({e.id: e for e in (
    Entity("yland", "Yland", ("State",), demonyms=("Ylandish",)),
    Entity("zland", "Zland", ("State",), demonyms=("Zlandish",)),
    Entity("mirek-dovan", "Mirek Dovan", ("Person",), aliases=("Dovan",)),
    Entity("ana-korr", "Ana Korr", ("Person",), aliases=("Korr",)),
    Entity("yland-ministry", "Yland Ministry of Defence", ("GovernmentBody",), part_of=("yland",)),
    Entity("daily-post", "Daily Post", ("MediaOutlet",)),
    Entity("rivertown", "Rivertown", ("Town",)),
)})


def statements(text: str):
    _, extraction = extract(Document.from_text("t", text), REGISTRY)
    return extraction.statements


def only(text: str, speaker: str):
    found = [s for s in statements(text) if s.speaker == speaker]
    assert len(found) == 1, [(s.kind, s.speaker) for s in statements(text)]
    return found[0]


def test_speaker_is_the_subject_not_the_nearest_name():
    # Zland stands right before the verb, but inside the subject's "of" phrase.
    found = statements("On 3 May 2021, Mirek Dovan, the envoy of Zland, said that Yland had shelled Rivertown.")
    assert [(s.speaker, s.kind) for s in found] == [("mirek-dovan", "Claim")]


def test_passive_by_phrase_names_the_speaker():
    found = statements("It was announced by Yland that the border would open.")
    assert [(s.speaker, s.kind) for s in found] == [("yland", "Announcement")]


def test_passive_without_agent_has_no_speaker():
    assert statements("Mirek Dovan left Rivertown after it was reported that the town had been shelled.") == []


def test_according_to_names_a_report():
    found = only("According to the Daily Post, Yland shelled Rivertown.", "daily-post")
    assert found.kind == "Report"


def test_date_is_the_speech_verbs_own_clause():
    # The date belongs to the shelling that Yland reports, not to the report.
    found = only("Yland said that Zland had shelled Rivertown on 4 June 2022.", "yland")
    assert found.date is None
    dated = only("Yland said on 4 June 2022 that Zland had shelled Rivertown.", "yland")
    assert str(dated.date.begin) == "2022-06-04"


def test_narrative_date_opens_a_paragraph_and_continues_it():
    text = ("On 4 June 2022, Yland shelled Zland's town of Rivertown. Zland condemned the attack.\n\n"
            "Mirek Dovan said that the town was calm.")
    found = statements(text)
    condemned = next(s for s in found if s.speaker == "zland")
    assert str(condemned.date.begin) == "2022-06-04"
    later = next(s for s in found if s.speaker == "mirek-dovan")
    assert later.date is None  # a new paragraph is not dated by the one before


def test_date_inside_a_sentence_does_not_continue():
    text = "Yland stated on 4 June 2022 that Zland had attacked. Zland denied this."
    denial = only(text, "zland")
    assert denial.kind == "Denial" and denial.date is None


@pytest.mark.parametrize("sentence, kind", [
    ("Yland warned that the fighting would spread.", "Warning"),
    ("Yland insisted on the withdrawal of Zlandish troops.", "Call"),
    ("Yland insisted that the withdrawal had ended.", "Claim"),
    ("Mirek Dovan told Zland to withdraw its troops.", "Call"),
    ("Mirek Dovan suggested that an amnesty would be offered.", "Proposal"),
    ("Mirek Dovan suggested the site was chosen for its location.", "Claim"),
    ("Yland responded that it was ready to meet Zland in Rivertown.", "Proposal"),
    ("Mirek Dovan discredited the claims of Zland.", "Denial"),
    ("Yland published a report on the shelling of Rivertown.", "Report"),
])
def test_kind_follows_the_verb(sentence, kind):
    speaker = "mirek-dovan" if sentence.startswith("Mirek") else "yland"
    assert only(sentence, speaker).kind == kind


def test_denial_keeps_what_it_denies_as_content():
    found = statements("Zland accused Yland of shelling Rivertown, which Yland denied.")
    assert [(s.speaker, s.kind) for s in found] == [("zland", "Accusation"), ("yland", "Denial")]
    assert found[1].responds_to is found[0]
    direct = only("Yland denied that its troops had entered Rivertown.", "yland")
    assert direct.content == "its troops had entered Rivertown"


def test_one_speaker_keeps_the_more_specific_kind():
    # "stated that ..., denied that ...": one statement, a denial of what follows "denied".
    found = statements("An official of Yland stated that while Yland was supporting Zland, "
                       "denied that its troops had fought in Rivertown.")
    assert [(s.speaker, s.kind, s.content) for s in found] == [
        ("yland", "Denial", "its troops had fought in Rivertown")]


def test_a_verb_inside_what_was_said_is_not_a_second_speaker():
    # "criticizing" shares the subject of "defend", inside what Mirek Dovan said.
    found = statements("Mirek Dovan said that Yland will not defend Zland, while criticizing Ana Korr.")
    assert [(s.speaker, s.kind) for s in found] == [("mirek-dovan", "Claim")]


def test_statement_released_by_a_speaker_takes_the_kind_of_its_verb():
    found = only("Ana Korr released a statement which condemned the shelling of Rivertown.", "ana-korr")
    assert found.kind == "Condemnation"


def test_a_report_noun_speaks_for_its_owner():
    found = only("A Daily Post report found that Rivertown was empty.", "daily-post")
    assert found.kind == "Report"
    assert statements("Ylandish troops found weapons in Rivertown.") == []


def test_title_before_a_name_is_the_person():
    found = statements("The Yland Ministry of Defence spokesperson Ana Korr stated that the town was calm.")
    assert [(s.speaker, s.kind) for s in found] == [("ana-korr", "Claim")]


def test_spokesperson_for_speaks_for_the_person():
    found = statements("The spokesperson for Mirek Dovan called for calm.")
    assert [(s.speaker, s.kind) for s in found] == [("mirek-dovan", "Call")]


def test_content_is_the_complement_and_the_addressee_whom_it_was_told():
    statement = only("Mirek Dovan told the Daily Post that Yland had shelled Rivertown.", "mirek-dovan")
    assert statement.content == "Yland had shelled Rivertown"
    assert statement.addressees == ["daily-post"]
    assert set(statement.about) == {"yland", "rivertown"}  # not the outlet it was told to


def test_according_to_reports_the_clause_around_it():
    statement = only("According to Ana Korr, Yland forces shelled Rivertown.", "ana-korr")
    assert statement.kind == "Report" and statement.content == "Yland forces shelled Rivertown"


def test_a_claim_in_a_relative_clause_ends_with_the_clause():
    statement = only("With Yland starving the people it claims are its citizens, many observers now agree that "
                     "Zland is right.", "yland")
    assert statement.content == "are its citizens"


def test_what_is_blamed_on_someone_is_said_with_whom_it_is_blamed_on():
    text = "Yland forces blamed Zlandish success on an electrician who gave Zlandish forces information about the tunnels."
    statement = only(text, "yland")
    assert statement.content == "Zlandish success on an electrician who gave Zlandish forces information about the tunnels"
    assert only("On 5 May 2022, Yland blamed Zland for the shelling.", "yland").content == "for the shelling"


@pytest.mark.parametrize("text, speaker, content", [
    # what is said starts after a "that" the verb's own adverbials hold apart from it
    ("Mirek Dovan, the envoy of Yland, stated soon after the bombing that the Yland government would investigate it.",
     "mirek-dovan", "the Yland government would investigate it"),
    # but not at a relative "that" of a noun in the adverbial
    ("Yland said on Monday that reinforcements came from a group that pledged allegiance to Zland.",
     "yland", "reinforcements came from a group that pledged allegiance to Zland"),
    # the article's doubt set after a claim is not part of it
    ("Mirek Dovan claimed that Yland forces had left Rivertown, though there was no clear evidence to verify this claim.",
     "mirek-dovan", "Yland forces had left Rivertown"),
    ("Yland claimed that its forces had retaken the road, although the Daily Post disputed this.",
     "yland", "its forces had retaken the road"),
    # a clause on each side of the verb: what was said is the one after it, with its own subject
    ("Initially, there were no clear estimates of casualties, Daily Post reporters noted that at least 18 bodies "
     "remained on the streets.", "daily-post", "at least 18 bodies remained on the streets"),
    # what was said goes on past a reporting aside
    ("On 16 March 2022, the Daily Post reported that many of the dead were children, contrary, it said, to Yland claims.",
     "daily-post", "many of the dead were children, contrary to Yland claims"),
])
def test_what_was_said_is_only_and_all_of_the_speakers_words(text, speaker, content):
    assert only(text, speaker).content == content


def test_sides_that_accuse_each_other_each_speak_about_the_other():
    found = statements("On 5 October 2023, Yland and Zland accused each other of firing at military targets.")
    assert sorted((s.speaker, s.about[0]) for s in found) == [("yland", "zland"), ("zland", "yland")]


def test_the_city_in_what_was_said_is_the_city_the_document_is_about():
    text = ("Yland shelled Rivertown on 3 May 2023. Rivertown lost power. Rivertown was shelled again.\n\n"
            "Mirek Dovan said that the city had no water left.")
    assert only(text, "mirek-dovan").about == ["rivertown"]
    # not another town the paragraph names in passing, nor "the country"
    other = REGISTRY.entities | {"zelt": Entity("zelt", "Zelt", ("Town",))}
    registry = Registry(other)
    text = ("Yland shelled Rivertown on 3 May 2023. Rivertown lost power. Rivertown was shelled again.\n\n"
            "Mirek Dovan, who lives in Zelt, said that the city and the country had no water left.")
    _, extraction = extract(Document.from_text("t", text), registry)
    assert [s.about for s in extraction.statements if s.speaker == "mirek-dovan"] == [[]]


def test_a_verb_of_saying_negated_says_nothing():
    text = "A spokesman for Yland did not confirm or deny the reports, Zland later confirmed it was using the road."
    assert [s.speaker for s in statements(text)] == ["zland"]


def test_denying_someone_a_thing_withholds_it_and_says_nothing():
    assert statements("The Daily Post will keep up its campaign to deny Yland shelter anywhere.") == []
    assert only("Yland denied the reports of shelling in Rivertown.", "yland").kind == "Denial"


def test_an_according_to_inside_brackets_sources_the_phrase_the_brackets_follow():
    text = ("The number of gunmen left in Rivertown was disputed, with estimates from about 300 (according to "
            "Yland) to 800 (according to the Daily Post).")
    assert [(s.speaker, s.content) for s in statements(text)] == [("yland", "about 300"), ("daily-post", "800")]
    assert only("According to Yland, 400 fighters were still in Rivertown.", "yland").kind == "Report"


def test_they_opening_a_sentence_after_one_body_spoke_is_that_body():
    text = "On 3 May 2023, Yland stated that the dam was sound. They also stated that Zland controlled the spillway."
    assert [(s.speaker, s.content) for s in statements(text)][-1] == ("yland", "Zland controlled the spillway")
    # a person spoke before: "they" is not settled
    text = "On 3 May 2023, Mirek Dovan stated that the dam was sound. They also stated that Zland controlled the spillway."
    assert [s.speaker for s in statements(text)] == ["mirek-dovan"]


def test_what_a_clause_before_a_semicolon_says_is_not_what_the_next_speaker_says():
    text = ("On 8 July 2021, the Daily Post reported that Yland had withdrawn from Rivertown; Zland, however, "
            "denied this report.")
    denial = only(text, "zland")  # what it denied is what the report said, not the report itself
    assert (denial.kind, denial.content) == ("Denial", "Yland had withdrawn from Rivertown")


def test_the_holder_of_an_office_in_apposition_speaks_not_the_body_its_title_names():
    text = "The Yland Ministry of Defence Chief, Mirek Dovan, later denied that Zland had crossed the border."
    assert [s.speaker for s in statements(text)] == ["mirek-dovan"]


@pytest.mark.parametrize("text, content", [
    ("Talks took place in Rivertown, where according to the Daily Post, prisoners were discussed.",
     "prisoners were discussed"),
    ("Yland forces, according to the Daily Post, were shelling Rivertown.", "Yland forces were shelling Rivertown"),
    ("On 12 September, according to the Daily Post, Yland forces cleared Rivertown.", "Yland forces cleared Rivertown"),
    ("By 6 June, Yland shelling had killed 606 civilians and injured 1,248 according to the Daily Post.",
     "By 6 June, Yland shelling had killed 606 civilians and injured 1,248"),
    # inside a conjunct, the phrase qualifies that conjunct only
    ("They were among the few reporters, and, according to the Daily Post, the only foreign reporters in "
     "Rivertown, and their photographs were widely used by the press.", "the only foreign reporters in Rivertown"),
])
def test_according_to_reports_its_whole_clause_wherever_the_phrase_stands(text, content):
    assert only(text, "daily-post").content == content


def test_a_name_that_is_the_whole_according_to_phrase_is_the_source_not_a_person_after_it():
    text = "However, according to the Yland Ministry of Defence, Dovan's escape from Rivertown is yet to be confirmed."
    assert [s.speaker for s in statements(text)] == ["yland-ministry"]
    # a description before the person's name: the person speaks
    text = "According to the head of the Daily Post, Ana Korr, Yland forces shelled Rivertown."
    assert [s.speaker for s in statements(text)] == ["ana-korr"]


def test_what_was_said_in_a_conceded_clause_ends_where_the_main_clause_begins():
    text = ("Although Mirek Dovan claimed that the move to create guarantees for Rivertown in response to Ylandish "
            "aggression, it was also seen as a sign of worsening relations with Zland.")
    said = only(text, "mirek-dovan")
    assert said.content == "the move to create guarantees for Rivertown in response to Ylandish aggression"
    assert "zland" not in said.about


def test_the_documents_gloss_at_the_end_of_what_was_said_is_not_said():
    text = "Yland forces called for reinforcements from Zland, an ally that pledged help to Yland, according to the Daily Post."
    assert only(text, "yland").content == "reinforcements from Zland"
    # inside quotation marks the words are the speaker's
    text = 'Mirek Dovan said: "We called for reinforcements from Zland, an ally that pledged help to us."'
    assert "an ally" in only(text, "mirek-dovan").content


def test_who_made_the_statements_is_not_what_they_said():
    text = ("Ana Korr said that the talks could go on, referring to statements made by Dovan in May that appeared to "
            "recognize Zland's rule over Rivertown.")
    said = only(text, "mirek-dovan")
    assert said.content == "appeared to recognize Zland's rule over Rivertown"


def test_what_another_source_said_against_it_is_not_said():
    text = ("Later, according to the Daily Post, Mirek Dovan was killed by a sniper near Rivertown, but other sources "
            "said that he had been killed in Zland.")
    said = only(text, "daily-post")
    assert said.content == "Mirek Dovan was killed by a sniper near Rivertown" and "zland" not in said.about


def test_what_it_is_about_is_named_in_what_was_said_as_cut():
    text = ("Mirek Dovan also claimed that Yland forces had retaken Rivertown, although the Daily Post disputed this, "
            "and continue to consider it held by Zland.")
    said = only(text, "mirek-dovan")
    assert "daily-post" not in said.about and "rivertown" in said.about


def test_the_documents_reason_or_a_side_named_by_its_people_is_not_said():
    text = ("Mirek Dovan stated that they would secure the area around Rivertown, as Zlandish officials were "
            "concerned that militants may return.")
    assert only(text, "mirek-dovan").content == "they would secure the area around Rivertown"
    text = "Mirek Dovan said that the war was a success, while a Zlandish official rebutted his comments."
    assert only(text, "mirek-dovan").content == "the war was a success"


def test_a_clause_whose_subject_the_parser_took_for_the_object_is_said_whole():
    text = "On 1 August 2023, Yland announced the effort to support Rivertown against Zland would be code-named Blue Sky."
    assert only(text, "yland").content == "the effort to support Rivertown against Zland would be code-named Blue Sky"


def test_a_said_clause_the_parser_split_in_two_is_said_whole():
    text = ("Mirek Dovan stated on 20 October 2023 that they had rescued 10 hostages, while 11 people, about whom it "
            "was not known whether they were hostages or Zlandish fighters, were also in their custody.")
    assert only(text, "mirek-dovan").content.endswith("were also in their custody")


def test_told_a_gathering_that_is_whom_told_then_what():
    text = ("Mirek Dovan told a press conference that an estimated 30 people were fighting to hold a building next to "
            "Rivertown, which was the final Zlandish-held building in the city.")
    said = only(text, "mirek-dovan")
    assert said.content == "an estimated 30 people were fighting to hold a building next to Rivertown"


def test_a_describing_which_clause_at_the_end_is_the_documents_not_the_speakers():
    text = "Mirek Dovan said that they suspected the use of white phosphorus, which is not regarded as a chemical weapon."
    assert only(text, "mirek-dovan").content == "they suspected the use of white phosphorus"
    # what followed is still told: the report goes on
    text = "Mirek Dovan said that one violation was recorded in Rivertown, which resulted in one soldier being injured."
    assert only(text, "mirek-dovan").content.endswith("which resulted in one soldier being injured")
    # inside quotation marks the words are the speaker's
    text = 'The Daily Post reported that "Yland forces are fighting in Rivertown, which is still contested."'
    assert only(text, "daily-post").content.endswith("which is still contested")


def test_words_only_rejected_here_are_no_statement_of_their_own():
    found = statements("Mirek Dovan rejected Yland's accusations as a lie.")
    assert [(s.speaker, s.kind) for s in found] == [("mirek-dovan", "Denial")]


def test_a_retired_general_in_apposition_speaks_not_his_state():
    text = "Retired Yland Lieutenant General, Mirek Dovan, revealed that the claim was false."
    assert [s.speaker for s in statements(text)] == ["mirek-dovan"]


def test_who_echoed_a_statement_said_what_it_said():
    text = "According to Mirek Dovan, Yland forces had left Rivertown, a statement that Ana Korr echoed on 12 May 2023."
    assert only(text, "ana-korr").content == "Yland forces had left Rivertown"
    # the remark is cut from the accusation even where a citation marker left spaces before it
    text = "Mirek Dovan accused Yland of failing to protect Rivertown,       which was also echoed by Ana Korr."
    assert {s.speaker: s.content for s in statements(text)} == {
        "mirek-dovan": "of failing to protect Rivertown", "ana-korr": "of failing to protect Rivertown"}


def test_according_to_read_as_the_root_still_reports_what_follows_the_source():
    text = "On 23 April 2022, according to the Daily Post, airstrikes and an assault recommenced on Rivertown."
    assert only(text, "daily-post").content == "airstrikes and an assault recommenced on Rivertown"


def test_denying_the_accusation_says_nothing_of_its_own():
    found = statements("Zland accused Yland of shelling Rivertown. Yland denied the accusation.")
    assert [(s.speaker, s.kind, s.content) for s in found][1] == ("yland", "Denial", "")


def test_suggesting_what_might_happen_is_a_claim_not_a_proposal():
    assert only("Mirek Dovan suggested that people might freeze to death.", "mirek-dovan").kind == "Claim"
    assert only("Mirek Dovan suggested that the talks could take place in Rivertown.", "mirek-dovan").kind == "Proposal"


def test_a_document_published_says_nothing_by_itself():
    assert statements("On 28 September 2022, the Daily Post published an article with many graphics.") == []
    found = only("On 28 September 2022, the Daily Post published a report that Rivertown was empty.", "daily-post")
    assert found.content == "Rivertown was empty"


@pytest.mark.parametrize("text, wrong", [
    # "claimed" in a "with" clause is claimed of the soldiers, by someone unnamed: they do not speak
    ("On 29 May 2023, Yland claimed to have struck Rivertown, with 650 Zland soldiers claimed to have been housed "
     "there.", "zland"),
    # a clause set apart by "however" before the verb is not what it says (even where a slip in the text,
    # "said the they were", leaves the parser no complement after the verb)
    ("The talks, which lasted two hours, ended without a formal agreement, however a statement from Yland said the "
     "they were \"constructive and positive\" and that further talks would follow.", None),
    # a participle the parser hung inside what someone assured is not the words of that clause's subject
    ("In March 2023, Mirek Dovan assured that Zland forces did not shell Rivertown, while accusing Yland forces "
     "of destruction during their retreat.", "zland"),
])
def test_no_statement_is_given_to_whom_the_sentence_does_not_make_speak(text, wrong):
    found = statements(text)
    assert all(s.speaker != wrong for s in found)
    assert all("ended without" not in s.content for s in found)


def test_an_accusation_says_whom_and_of_what():
    statement = only("Yland accused Zland of shelling Rivertown, saying it had no army there.", "yland")
    # of what: the "of" phrase, and what the participle of saying goes on to say; whom: the accused,
    # in what it is about
    assert statement.kind == "Accusation" and statement.content == "of shelling Rivertown, saying it had no army there"
    assert statement.about[0] == "zland"


def test_a_call_as_a_noun_keeps_what_is_called_for():
    found = [s for s in statements("Despite calls for withdrawal from Yland and Zland, troops stayed.")]
    assert {s.speaker for s in found} == {"yland", "zland"}
    assert all(s.kind == "Call" and s.content == "withdrawal" for s in found)


@pytest.mark.parametrize("text, speaker, content", [
    ("On 30 September, Yland claimed that one of its soldiers was killed by a Zlandish sniper in Rivertown, "
     "which Zland immediately denied.", "yland", "one of its soldiers was killed by a Zlandish sniper in Rivertown"),
    ("On 2 May, Zland accused Yland of firing at its soldiers in the border town of Rivertown, which Yland "
     "denied.", "zland", "of firing at its soldiers in the border town of Rivertown"),
    ("On 13 April, Yland also announced it had taken full control of the port, which was confirmed three days "
     "later.", "yland", "it had taken full control of the port"),
])
def test_a_remark_on_the_statement_is_not_its_content(text, speaker, content):
    found = [s for s in statements(text) if s.speaker == speaker]
    assert [s.content for s in found] == [content]


def test_a_relative_clause_the_speaker_says_stays_in_the_content():
    statement = only("Mirek Dovan said they had revised their estimate to 500 militants, which he said was "
                     "composed of 260 fighters and others.", "mirek-dovan")
    assert statement.content.endswith("which he said was composed of 260 fighters and others")


def test_a_denial_in_a_relative_clause_denies_what_the_claim_said():
    found = statements("On 2 May, Zland accused Yland of firing at its soldiers in Rivertown, which Yland denied.")
    denial = next(s for s in found if s.kind == "Denial")
    assert denial.speaker == "yland" and denial.responds_to is not None
    assert denial.content == "firing at its soldiers in Rivertown"


def test_a_timeline_heading_dates_the_statements_under_it_until_the_text_leaves_that_day():
    text = ("The siege of Rivertown began in May 2017.\n"
            "May 24\n"
            "Mirek Dovan said that Yland had shelled Rivertown. Ana Korr stated in November 2017 that the "
            "militants had asked for help. The Daily Post reported that the talks had failed.\n")
    found = {s.speaker: s for s in statements(text)}
    assert str(found["mirek-dovan"].date.begin) == "2017-05-24"
    assert str(found["ana-korr"].date.begin) == "2017-11-01"  # its own date
    assert found["daily-post"].date is None  # the text left the heading's day


@pytest.mark.parametrize("text", [
    "On 2 October, Zland accused Ylandish forces of opening fire on a vehicle delivering food to Rivertown.",
    "Zland accused Yland of opening fire on a vehicle delivering food to Rivertown.",
])
def test_what_someone_is_accused_of_is_the_of_phrase_wherever_the_parser_hangs_it(text):
    statement = only(text, "zland")
    assert statement.kind == "Accusation"
    assert statement.content == "of opening fire on a vehicle delivering food to Rivertown"


def test_the_narrative_day_of_one_speaker_does_not_date_another():
    text = ("On 4 June 2022, Yland said that Zland had shelled Rivertown. Yland also warned that it would respond. "
            "Mirek Dovan stated that the town was calm.")
    warned = [s for s in statements(text) if s.speaker == "yland"][-1]
    assert str(warned.date.begin) == "2022-06-04"  # the same speaker, the same day
    assert only(text, "mirek-dovan").date is None  # someone else, some day the text does not give


def test_a_reply_is_not_dated_by_what_it_answers():
    denial = only("On 4 June 2022, Yland said that Zland had shelled Rivertown. Zland denied this.", "zland")
    assert denial.kind == "Denial" and denial.date is None


@pytest.mark.parametrize("second", ["Days after the attack, Zland condemned it.",
                                    "When asked about it, Zland condemned the attack."])
def test_a_sentence_with_a_time_of_its_own_leaves_the_narrative_day(second):
    # Zland is named in the sentence that sets the day, so the day would carry on to what it says
    assert only("On 4 June 2022, Yland shelled Zland's town of Rivertown. " + second, "zland").date is None
    # and without that time of its own the day carries on
    assert str(only("On 4 June 2022, Yland shelled Zland's town of Rivertown. Zland condemned the attack.",
                    "zland").date.begin) == "2022-06-04"


def test_a_pronoun_or_bare_information_object_is_not_what_was_said():
    found = statements("Yland said that Zland had shelled Rivertown. Zland denied this and said that it wanted talks.")
    denial = next(s for s in found if s.kind == "Denial")
    # never "this and said that ...": no words of its own sentence say what was denied, so no content;
    # what it answers is the claim it responds to (a content is always words of its own sentence)
    assert denial.content == "" and denial.responds_to.content == "Zland had shelled Rivertown"
    report = only("The Daily Post reported the same information a month later, citing a source.", "daily-post")
    assert report.content == ""  # nothing said by itself; never "the same information a month later, citing ..."
    kept = only("Mirek Dovan dismissed the claims as a provocation.", "mirek-dovan")
    assert kept.content == "the claims as a provocation"


@pytest.mark.parametrize("text, speaker, kind, content", [
    # the narrator's participle after the object is not what was said
    ("Mirek Dovan emphasized Yland's rejection of the talks, signifying its discontent with Zland.", "mirek-dovan",
     None, "Yland's rejection of the talks"),
    # one statement per speaker per sentence (tests/gold/README.md): a second speech act of the same
    # speaker goes on with what it says
    ("Yland condemned the shelling of Rivertown and urged Zland to stop.", "yland", "Condemnation",
     "the shelling of Rivertown and urged Zland to stop"),
    # a second verb that is no speech act is part of what was promised
    ("Yland promised a payment to each family and provide housing in Rivertown.", "yland", None,
     "a payment to each family and provide housing in Rivertown"),
    # the article's relative clause on the object is its own aside
    ("Zland demanded the withdrawal of Ylandish troops, which was repeated by Mirek Dovan.", "zland", None,
     "the withdrawal of Ylandish troops"),
])
def test_what_was_said_is_the_objects_and_complements_not_the_rest_of_the_clause(text, speaker, kind, content):
    found = [s for s in statements(text) if s.speaker == speaker and (kind is None or s.kind == kind)]
    assert found and found[0].content == content, [(s.kind, s.content) for s in statements(text)]


def test_a_that_clause_the_parser_coordinated_with_the_speech_verb_does_not_date_the_statement():
    # spaCy makes "continue" a conjunct of "said" (with "that" as its mark): what was said, in the future
    text = ("On 21 September 2023, talks were held in Rivertown. The talks, which lasted two hours, ended without "
            "a formal agreement, however a statement from Zland said the they were \"constructive and positive\" "
            "and that further negotiations would continue in October.")
    [claim] = [s for s in statements(text) if s.speaker == "zland"]
    assert claim.date is None  # not October: when talks were to go on, not when it was said


def test_what_was_said_in_a_paragraph_that_goes_on_by_the_end_of_the_day_was_said_that_day():
    text = ("On 3 May 2023, Zland launched an offensive.\n"
            "Mirek Dovan said that two civilians were killed. By the end of the day, Yland reported that 27 "
            "people had been killed.\n")
    dovan = only(text, "mirek-dovan")
    assert dovan.date is not None and str(dovan.date.begin) == "2023-05-03"



def test_the_next_days_leave_the_narratives_day_for_what_is_said_after_them():
    text = ("On 28 June 2021, Yland shelled Rivertown. Over the next four days, Yland advanced. "
            "Meanwhile, Mirek Dovan said that the only option was to surrender.")
    assert only(text, "mirek-dovan").date is None


def test_what_was_rejected_in_the_passive_is_its_subject():
    found = only("On 3 May 2021, the ultimatum was rejected by Zland.", "zland")
    assert found.kind == "Denial" and found.content == "the ultimatum"


def test_what_another_side_said_or_did_set_against_it_is_not_part_of_what_was_said():
    found = only("According to Yland, around 600 soldiers were killed, while Zland stated that 400 had died.", "yland")
    assert found.content == "around 600 soldiers were killed"
    # the same report going on is kept
    found = only("Yland said that two soldiers were killed, while 11 others were injured.", "yland")
    assert found.content == "two soldiers were killed, while 11 others were injured"


def test_a_title_the_parser_splits_off_as_a_second_subject_leaves_the_name_as_speaker():
    found = only("On 25 August 2021, Yland's spokesman for the operation Mirek Dovan stated that Zland had "
                 "withdrawn from Rivertown.", "mirek-dovan")
    assert found.kind == "Claim" and found.content.startswith("Zland had withdrawn")


def test_a_second_verb_of_the_same_speaker_goes_on_with_what_it_says():
    s = only("On 3 May 2023, Yland confirmed the deaths of 40 civilians in Rivertown, but warned that the true "
             "toll was likely higher.", "yland")
    assert s.kind == "Confirmation"
    assert s.content == "the deaths of 40 civilians in Rivertown, but warned that the true toll was likely higher"


def test_a_speaker_the_dated_sentence_named_goes_on_on_its_day_another_is_undated():
    named = only("On 3 May 2021, Yland shelled Rivertown. Yland said that the shelling had ended.", "yland")
    assert named.date is not None and str(named.date.begin) == "2021-05-03"
    other = only("On 3 May 2021, Yland shelled Rivertown. Zland said that the shelling had ended.", "zland")
    assert other.date is None


def test_issuing_a_statement_says_only_that_something_was_said():
    s = only("On 3 May 2021, Yland issued a statement that said Zland had shelled Rivertown.", "yland")
    assert s.kind == "Claim"


def test_a_vow_is_a_promise_not_a_threat():
    assert only("In October 2021, Mirek Dovan vowed to retake Rivertown.", "mirek-dovan").kind == "Announcement"


@pytest.mark.parametrize(("text", "speaker", "content"), [
    ("On 3 May 2021, Mirek Dovan accused Zland of spreading misinformation, saying that no troops were in "
     "Rivertown.", "mirek-dovan", "of spreading misinformation, saying that no troops were in Rivertown"),
    ("On 3 May 2021, Yland denied this claim, stating that its troops had left Rivertown.", "yland",
     "this claim, stating that its troops had left Rivertown"),
])
def test_a_participle_of_saying_goes_on_with_what_was_said(text, speaker, content):
    assert only(text, speaker).content == content


def test_another_speakers_while_clause_is_not_what_the_first_said_comma_or_not():
    s = only("On 3 May 2021, Mirek Dovan said Yland had guaranteed the prisoners' safety while Ana Korr said in "
             "an address that the work continues.", "mirek-dovan")
    assert s.content == "Yland had guaranteed the prisoners' safety"


@pytest.mark.parametrize("text,content", [
    ("On 5 May, Mirek Dovan said that no one had died in Rivertown, but one person was gravely wounded.",
     "no one had died in Rivertown, but one person was gravely wounded"),
    ("Mirek Dovan said that the building was a school, and Zland shelled it because it held soldiers.",
     "the building was a school, and Zland shelled it because it held soldiers"),
    # the narrative going on, or another's words, are not what was said
    ("Mirek Dovan said that Rivertown had fallen, and Ylandish forces then entered the town.", "Rivertown had fallen"),
    ("Mirek Dovan said that Rivertown had fallen, but Ana Korr denied it.", "Rivertown had fallen"),
])
def test_a_clause_coordinated_after_what_was_said_goes_on_with_it(text, content):
    assert only(text, "mirek-dovan").content == content


def test_what_was_said_never_ends_on_a_dangling_conjunction():
    s = only("On 5 May, Mirek Dovan stated that Zlandish forces had encircled Rivertown and, according to Ana Korr, "
             "entered its centre.", "mirek-dovan")
    assert not s.content.endswith(("and", "but", "or")), s.content


def test_according_to_takes_no_date_from_the_clause_it_sources():
    s = only("On 17 October 2021, Zlandish forces captured half of Rivertown, according to the Daily Post.", "daily-post")
    assert s.kind == "Report" and s.date is None
    s = only("According to the Daily Post's report on 16 June 2021, Zlandish forces held Rivertown.", "daily-post")
    assert s.date is not None and (s.date.begin.month, s.date.begin.day) == (6, 16)


def test_a_further_act_of_speech_after_what_was_said_is_not_part_of_it():
    text = ("On 3 May 2021, Mirek Dovan said that Yland could do nothing if Zland had already recognised Rivertown as "
            "part of Yland, referring to statements made by Ana Korr in May that appeared to accept it.")
    assert only(text, "mirek-dovan").content == \
        "Yland could do nothing if Zland had already recognised Rivertown as part of Yland"


def test_the_date_a_reported_sentence_opens_with_is_not_the_sources_words():
    text = "On 6 May 2023, some 500 civilians had been evacuated from Rivertown, according to Mirek Dovan."
    assert only(text, "mirek-dovan").content == "some 500 civilians had been evacuated from Rivertown"
    # inside "that", the speaker's own words date it
    text = "On 7 May 2023, Mirek Dovan said that on 6 May, Yland forces shelled Rivertown."
    assert only(text, "mirek-dovan").content == "on 6 May, Yland forces shelled Rivertown"


def test_a_states_officials_speak_for_it_where_the_registry_names_no_body_of_theirs():
    text = "On 4 May 2023, a Zlandish official stated that Yland forces had left Rivertown."
    assert only(text, "zland").content == "Yland forces had left Rivertown"


def test_who_describes_something_as_something_claims_it():
    found = only("On 4 May 2023, Mirek Dovan described the situation in Rivertown as dire.", "mirek-dovan")
    assert (found.kind, found.content) == ("Claim", "the situation in Rivertown as dire")
    # a description that is no verdict, or one told in the passive, says no words of anyone's
    assert statements("On 4 May 2023, Mirek Dovan described the damage to Rivertown.") == []
    assert statements("On 4 May 2023, the shelling was described by Yland as retaliation.") == []


def test_what_someone_asks_for_or_orders_is_called_for_and_what_they_maintain_claimed():
    found = only("On 4 May 2023, Mirek Dovan asked for a review of the strategy in Rivertown.", "mirek-dovan")
    assert (found.kind, found.content) == ("Call", "for a review of the strategy in Rivertown")
    assert only("On 4 May 2023, Mirek Dovan ordered an investigation.", "mirek-dovan").kind == "Call"
    found = only("On 4 May 2023, Mirek Dovan maintained that Yland had not shelled Rivertown.", "mirek-dovan")
    assert (found.kind, found.content) == ("Claim", "Yland had not shelled Rivertown")
    # holding ground or asking a question is no statement of the kind
    assert statements("On 4 May 2023, Yland maintained control of Rivertown.") == []


def test_no_one_is_the_addressee_of_what_they_say_themselves():
    # the article's own sentence, with its registry: the parser reads the speaker as the verb's object too
    from project_paths import DATA

    from conflict_kg.registry import load_registry

    text = ("However, on 22 December, Shahramanyan, who was by then in exile in the Armenian capital Yerevan, said "
            "that there was \"no document... of the Republic of Artsakh (Karabakh) stipulating the dissolution of "
            "government institutions,\" while his office said that the decree issued in September was \"empty "
            "paper\".")
    _, extraction = extract(Document.from_text("t", text), load_registry(DATA / "registry.yaml"))
    said = [s for s in extraction.statements if s.speaker == "samvel-shahramanyan"]
    assert said and all("samvel-shahramanyan" not in s.addressees for s in said), [(s.speaker, s.addressees) for s in said]


def test_where_what_a_passive_report_reports_was_is_part_of_the_report():
    text = "On 4 May 2023, pockets of Ylandish resistance were reported by the Daily Post in nine districts of Rivertown."
    assert only(text, "daily-post").content == "pockets of Ylandish resistance in nine districts of Rivertown"


def test_a_verb_that_says_something_only_in_one_construction_says_nothing_outside_it():
    # described as well as, described in the passive; asked a question; ordered goods
    for text in ("On 4 May 2023, Mirek Dovan described the attack as well as the damage to Rivertown.",
                 "On 4 May 2023, the shelling of Rivertown was later described by Yland as retaliation.",
                 "On 4 May 2023, Mirek Dovan asked whether Yland would send troops to Rivertown.",
                 "On 4 May 2023, Mirek Dovan ordered 50 tanks from Zland."):
        assert [s.speaker for s in statements(text)] == [], text


def test_a_passive_reports_document_or_time_is_no_place_of_what_it_reports():
    text = "On 4 May 2023, pockets of Ylandish resistance were reported by the Daily Post in a statement."
    assert only(text, "daily-post").content == "pockets of Ylandish resistance"


def test_a_date_inside_the_speakers_own_words_stays():
    text = 'On 7 May 2023, Mirek Dovan said: "On 6 May, Yland forces shelled Rivertown."'
    assert only(text, "mirek-dovan").content.startswith("On 6 May")


def test_what_is_believed_is_what_was_said():
    found = only("On 3 May 2021, Mirek Dovan stated his belief that the offensive would have failed without "
                 "Ylandish air strikes.", "mirek-dovan")
    assert found.content == "the offensive would have failed without Ylandish air strikes"


def test_whom_a_warning_is_told_to_is_its_addressee_not_what_was_said():
    found = only("On 3 May 2021, Zland had been warning Mirek Dovan with regard to the risks of "
                 "reprisals in Rivertown.", "zland")
    assert found.content == "with regard to the risks of reprisals in Rivertown"
    assert found.addressees == ["mirek-dovan"]


def test_who_called_is_no_part_of_what_was_called_for():
    found = only("There have also been calls from Zland to limit the growing influence of Yland in the country, "
                 "claiming that Yland is expanding.", "zland")
    assert found.content.startswith("to limit the growing influence of Yland")


def test_a_states_officials_speak_for_its_government_where_the_registry_names_one():
    said = "On 3 May 2021, Ylandish officials predicted that it would take months to clear Rivertown."
    # the test registry names no Ylandish government (only a ministry): the state
    assert only(said, "yland").kind == "Claim"
    with_government = Registry({**{e.id: e for e in REGISTRY},
                                "yland-government": Entity("yland-government", "Ylandish government",
                                                           ("GovernmentBody",), part_of=("yland",))})
    _, extraction = extract(Document.from_text("t", said), with_government)
    assert [s.speaker for s in extraction.statements] == ["yland-government"]


def test_a_quotation_is_never_cut_mid_quote():
    found = only('The Daily Post states "There is no doubt in the minds of experts in siege warfare – at the Daily '
                 'Post, but also at the Rivertown Institute, the International Association of Siege Scholars, and '
                 'among legal experts such as former prosecutor Ana Korr – that what Rivertown is facing from Yland '
                 'is a siege."', "daily-post")
    assert found.content.endswith("that what Rivertown is facing from Yland is a siege")


def test_a_single_quoted_quotation_still_open_where_the_content_was_cut_goes_on_to_its_close():
    from conflict_kg.extract.statements import _to_the_quotations_end

    text = "Dovan told Rivertown's residents to 'obey the laws of Yland [and] be loyal citizens of Yland'."
    verb_end = text.index("told") + len("told")
    cut = text.index(" [and]")
    start, stop = _to_the_quotations_end(text, verb_end, (text.index("to 'obey"), cut))
    assert text[start:stop] == "to 'obey the laws of Yland [and] be loyal citizens of Yland"
    # a quotation closed inside the content, or an apostrophe ("Rivertown's"), leaves the cut as it was
    closed = "Dovan said 'we hold' and Yland's army left."
    assert _to_the_quotations_end(closed, 10, (11, closed.index(" and"))) == (11, closed.index(" and"))


def test_a_speech_nouns_speaker_named_again_in_what_was_called_for_keeps_the_statement():
    found = only("There have also been calls from Zland to punish those who attacked Zland.", "zland")
    assert found.content == "to punish those who attacked Zland"


def test_a_bare_with_names_a_means_not_what_a_warning_was_about():
    found = only("On 3 May 2021, Zland warned Mirek Dovan with a letter.", "zland")
    assert found.addressees == []
