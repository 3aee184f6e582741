"""Out of sample: the rules against the development articles' blind gold files (data/dev/).

Floors just under the scores measured when the rules were last changed, per document: a change
that helps the project's own article but loses quality on the others fails here. The locked test
article (data/test/) is deliberately not tested: its scores are reported, never optimised.
"""

import pytest
from project_paths import DATA, ROOT

from conflict_kg.evaluate import evaluate_corpus

FLOORS = {  # (document, kind): (lenient recall, strict precision); measured 2026-12-04 (events raised at d2e13f8;
    # Sirte, Tabqa, Tikrit, Eastern Ghouta, Fallujah and Ras al-Ayn raised on 2026-12-06 at 852ff81, twenty-second session)
    # strict 0.307 at 30b4bac, 0.360 at f7c0350, 0.394 at 5cfbfc2, 0.406 at 7d7d98f, 0.425 at 56d15c3, 0.432 at c1c127a;
    # 0.401 (lenient recall 0.583) on 2026-12-05 when "bomb / bombing" became an Attack, not a Shelling (the
    # ontology's shelling is artillery, rockets, mortars or drones; a blind judge's "wrong" for an airstrike,
    # round 23; Sirte's blind gold reads bombings as attacks, Mariupol's as shelling: five of its events)
    ("siege-of-mariupol", "events"): (0.57, 0.39),
    ("siege-of-marawi", "events"): (0.55, 0.37),  # strict 0.328 at 30b4bac, 0.353 at f7c0350, 0.371 at 5cfbfc2, 0.379 at 7d7d98f
    # 0.520 -> 0.507 on 2026-12-05: "Near the city, X recaptured an ammunition base" no longer gives the
    # city as what was captured (a blind judge's "wrong", round 17); the gold keeps the city as its place
    ("2022-kharkiv-counteroffensive", "events"): (0.62, 0.50),  # 0.467 at 30b4bac, 0.493 at f7c0350, 0.520 at 5cfbfc2
    ("siege-of-mariupol", "statements"): (0.81, 0.48),  # strict includes content
    # 0.593 -> 0.557 on 2026-12-06 (a618c0b): an "according to X" report takes no date from the clause it
    # sources; five of the six annotators leave those undated, Marawi's dates them by the paragraph's day
    ("siege-of-marawi", "statements"): (0.66, 0.54),
    ("2022-kharkiv-counteroffensive", "statements"): (0.83, 0.50),
    ("siege-of-mariupol", "figures"): (0.54, 0.52),
    ("siege-of-marawi", "figures"): (0.50, 0.47),
    ("2022-kharkiv-counteroffensive", "figures"): (0.56, 0.55),
    # the test article until 2026-12-04 (its lock was breached, so it is development data now)
    ("battle-of-raqqa-2017", "events"): (0.55, 0.50),  # strict 0.333 at 30b4bac, 0.350 at f7c0350, 0.375 at 5cfbfc2, 0.388 at 7d7d98f, 0.425 at 56d15c3, 0.4375 at ba69a19
    ("battle-of-raqqa-2017", "statements"): (0.76, 0.39),
    ("battle-of-raqqa-2017", "figures"): (0.68, 0.44),
    # added 2026-12-05, annotated blind; first scored at 30deea9 (strict events 0.189), before any rule was
    # written against it
    ("battle-of-sirte-2016", "events"): (0.68, 0.50),  # strict 0.387 at 2784db3, 0.451 at e1623f1
    ("battle-of-sirte-2016", "statements"): (0.45, 0.60),
    ("battle-of-sirte-2016", "figures"): (0.57, 0.45),
    # added 2026-12-05 (fifteenth session), annotated blind; first scored at 8249517 (strict events 0.329,
    # the same 23 of 95 right as the session's starting code 382af74 gives), before any rule was written
    # against it
    ("third-battle-of-fallujah", "events"): (0.64, 0.44),
    ("third-battle-of-fallujah", "statements"): (0.77, 0.60),
    ("third-battle-of-fallujah", "figures"): (0.73, 0.53),
    # added 2026-12-06 (sixteenth session), annotated blind; first scored at 4d8519d (strict events 0.300,
    # the same 36 of 148 right as the session's starting code f88030f gives; statements 0.467, was 0.311),
    # before any rule was written against it
    ("battle-of-al-bab", "events"): (0.70, 0.58),  # strict 0.521 at 2784db3, 0.579 at e1623f1
    ("battle-of-al-bab", "statements"): (0.90, 0.44),
    ("battle-of-al-bab", "figures"): (0.64, 0.42),
    # added 2026-12-06 (seventeenth session), annotated blind; first scored at fade452 (strict events 0.185,
    # the same 5 of 50 right as the session's starting code 6954303 gives), before any rule was written
    # against it
    ("battle-of-ras-al-ayn-2019", "events"): (0.48, 0.29),
    ("battle-of-ras-al-ayn-2019", "statements"): (0.78, 0.65),
    ("battle-of-ras-al-ayn-2019", "figures"): (0.60, 0.40),
    # added 2026-12-06 (seventeenth session), annotated blind; first scored at fade452 (strict events 0.115,
    # the same 3 of 46 right as the session's starting code 6954303 gives), before any rule was written
    # against it
    ("battle-of-kherson", "events"): (0.52, 0.40),
    ("battle-of-kherson", "statements"): (0.66, 0.45),
    ("battle-of-kherson", "figures"): (0.40, 0.35),  # 0.500 -> 0.400 at 012afe6: the generals killed now a figure, without
    # the source its gold takes from the sentence before
    # added 2026-12-06 (eighteenth session), annotated blind; first scored at ac79d66 (strict events 0.422, 19 of
    # 66 right; the session's starting code 160d516 gives 17, 0.415), before any rule was written against it;
    # 17 (0.415, lenient recall 0.606 -> 0.561) when the "fight / fighting / battle" triggers were dropped
    ("battle-of-tabqa", "events"): (0.55, 0.51),
    # 0.647 when "They also stated" after one body's statement became that body's (a statement found, dated by
    # the paragraph's day, which this annotator leaves undated)
    ("battle-of-tabqa", "statements"): (0.86, 0.64),
    ("battle-of-tabqa", "figures"): (0.56, 0.81),
    # added 2026-12-06 (nineteenth session), annotated blind; first scored at 1a7d0e3 (strict events 0.397, 50
    # of 165 right, the same as the session's starting code f160a6f), before any rule was written against it
    ("battle-of-ramadi-2015-2016", "events"): (0.68, 0.39),
    ("battle-of-ramadi-2015-2016", "statements"): (0.71, 0.65),
    ("battle-of-ramadi-2015-2016", "figures"): (0.71, 0.32),
    # added 2026-12-06 (nineteenth session), annotated blind after the session's last rule; scored once with
    # the session's start f160a6f (strict events 15 of 120, P 0.224) and end 1b2300b (16, P 0.239)
    ("battle-of-sievierodonetsk-2022", "events"): (0.48, 0.30),
    ("battle-of-sievierodonetsk-2022", "statements"): (0.82, 0.39),
    ("battle-of-sievierodonetsk-2022", "figures"): (0.57, 0.37),
    # added 2026-12-06 (twentieth session), annotated blind; first scored with the session's starting code 1f467de
    # (strict events 16 of 88, P 0.276), before any rule was written against it
    ("second-battle-of-tikrit", "events"): (0.48, 0.34),
    ("second-battle-of-tikrit", "statements"): (0.67, 0.52),
    ("second-battle-of-tikrit", "figures"): (0.47, 0.48),
    # added 2026-12-06 (twentieth session), annotated blind and kept unread; first scored with the session's
    # starting code 1f467de (strict events 5 of 71, P 0.135)
    ("siege-of-eastern-ghouta", "events"): (0.47, 0.22),  # strict 0.135 at 2784db3, 0.210 at e1623f1
    ("siege-of-eastern-ghouta", "statements"): (0.51, 0.35),
    ("siege-of-eastern-ghouta", "figures"): (0.71, 0.32),
    # added 2026-12-06 (twenty-first session), annotated blind and kept unread until the session's end;
    # first scored with the session's starting code 2784db3 (strict events 20 of 74, P 0.270): floors a
    # little under that score, so that a rule written elsewhere that costs it shows
    ("tell-abyad-offensive", "events"): (0.65, 0.28),
    ("tell-abyad-offensive", "statements"): (0.70, 0.35),
    ("tell-abyad-offensive", "figures"): (0.80, 0.60),
    # added 2026-12-06 (twenty-second session), annotated blind and kept unread until the session's end; first
    # scored with the session's starting code 51bfa6f (strict events 2 of 9, P 0.222; a short article: 20 events)
    ("siege-of-amirli", "events"): (0.33, 0.38),
    ("siege-of-amirli", "statements"): (0.70, 0.75),
    ("siege-of-amirli", "figures"): (0.20, 0.50),
    # added 2026-12-06 (twenty-second session), annotated blind and kept unread until the session's end; first
    # scored with the session's starting code 51bfa6f (strict events 5 of 30, P 0.167)
    ("battle-of-hostomel", "events"): (0.41, 0.15),
    ("battle-of-hostomel", "statements"): (0.69, 0.65),
    ("battle-of-hostomel", "figures"): (0.45, 0.50),
    # added 2026-12-06 (twenty-third session), annotated blind and kept unread until the session's end; first
    # scored with the session's starting code e06edfe (strict events 8 of 21, P 0.381; the same at its end)
    ("battle-of-irpin", "events"): (0.48, 0.35),
    ("battle-of-irpin", "statements"): (0.78, 0.60),
    ("battle-of-irpin", "figures"): (0.60, 0.48),
    # added 2026-12-06 (twenty-third session), annotated blind and kept unread until the session's end; first
    # scored with the session's starting code e06edfe (strict events 6 of 44, P 0.136)
    ("palmyra-offensive-march-2016", "events"): (0.62, 0.15),
    ("palmyra-offensive-march-2016", "statements"): (0.64, 0.36),
    ("palmyra-offensive-march-2016", "figures"): (0.41, 0.64),
    # added 2026-12-06 (twenty-third session), annotated blind after the session's rules but its last; scored with
    # the starting code e06edfe and with 7d23df6: strict events 3 of 33 (P 0.091) both times
    ("siege-of-abu-al-duhur-airbase", "events"): (0.52, 0.08),
    ("siege-of-abu-al-duhur-airbase", "statements"): (0.60, 0.95),
    ("siege-of-abu-al-duhur-airbase", "figures"): (0.72, 0.70),
    # the same: strict events 0 of 32 both times (every date a year off: its one full date, "12 February 2017",
    # was the document's year), 2 of 32 with the lead's year (the session's last rule)
    ("2016-khanasir-offensive", "events"): (0.70, 0.05),
    ("2016-khanasir-offensive", "figures"): (0.66, 0.25),
}


@pytest.fixture(scope="module")
def report():
    return evaluate_corpus(DATA / "dev" / "corpus.yaml", gold_dir=ROOT / "tests" / "gold" / "dev")


def test_every_development_article_has_its_gold(report):
    assert not report.skipped, report.skipped
    assert len(report.documents) >= 4


@pytest.mark.parametrize("document,kind", list(FLOORS))
def test_scores_hold_out_of_sample(report, document, kind):
    score = report.documents[document][kind]
    recall, strict = FLOORS[(document, kind)]
    assert score.recall >= recall, (document, kind, score.recall)
    assert score.strict_precision >= strict, (document, kind, score.strict_precision, score.failures[:5])
