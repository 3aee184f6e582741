"""The facts the rules hand on to the RDF emitter: plain dataclasses, no RDF."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from conflict_kg.dates import DateValue
from conflict_kg.document import Sentence


@dataclass
class Event:
    kind: str  # an event class local name, e.g. "Capture"
    sentence: Sentence
    trigger: tuple[int, int]  # span in the sentence
    date: DateValue | None = None
    places: list[str] = field(default_factory=list)  # entity ids
    agents: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    mediators: list[str] = field(default_factory=list)
    # Whom it was done to, in the sentence's words, where no registry entity names them ("eight
    # foreign militants", "local residents"): a researcher sees the victims, a query can count them.
    target_descriptions: list[str] = field(default_factory=list)
    # Who did it, in the sentence's words, where no registry entity names them ("journalists", "gunmen").
    agent_descriptions: list[str] = field(default_factory=list)
    # Epistemic status: "asserted" (the document's own voice), "reported" (inside what a named source
    # said or reported), "alleged" (inside an accusation, or hedged: "allegedly", "reportedly").
    status: str = "asserted"
    sources: list[str] = field(default_factory=list)  # entity ids of who reports or alleges it
    reported_in: Statement | None = None  # the statement whose content reports it
    # The place a named event is named after ("the Kelmar offensive"): another name, another event.
    named_after: str | None = None
    # Told as a definite noun ("the talks ended", "the offensive occurred"): it points back to an
    # event already told, which is how coreference reads a mention that names no participant.
    definite: bool = False
    # Told as a part of such an event ("the second day of negotiations"): the event may be told of
    # anywhere before, not only in the paragraph before.
    part_of_told: bool = False
    day_number: int | None = None  # "the second day of": 2
    # Its victims are ones already told of: "had killed the peacekeepers" ("same": it points back to
    # the event that harmed the same people) or "among those killed" ("any": to the latest such event).
    victims_told: str = ""
    # How many were harmed, as the sentence counts them ("140" in "the last 140 ISIL sleeper agents were killed"):
    # two killings of one side's men told with different counts are two killings.
    victims_counted: str | None = None
    # What part of it the date bounds, when not all of it: "Onset" when the date is when it began ("In
    # December 2022, X began blockading Y": it may have gone on after); "Completion" when the date is
    # the day it had happened by ("X retook the region by 13 September": on or before that day).
    scope: str | None = None
    # Where in its sentence the verb of saying that carries it starts, if any: two claims of one kind
    # in one sentence made by two speakers ("A claimed ..., while B claimed ...") are two mentions.
    said_at: int | None = None
    # Where the people moved went ("evacuated to X", "fled to Y"): not where it happened.
    destinations: list[str] = field(default_factory=list)
    # Its places are only where it was near ("Near the city, X recaptured a base"): not where it was.
    near_only: bool = False
    # Told as going on ("Shelling of Dunmere continued until ..."): the same act told before.
    continued: bool = False
    # Told as a given, to say what followed from it ("With Kelmar captured, ...", "Capturing the city
    # gave X ...", "The capture of the two villages left ..."): the act told before, not a new one.
    given: bool = False
    # Told as another act than those before ("Separately, 15 soldiers were killed", "In a separate
    # attack, ..."): never the same real-world event as one told earlier.
    apart: bool = False
    # Further mentions of the same real-world event (event coreference), each with its own sentence,
    # trigger and roles as read there; the event node is this event with every mention's provenance.
    also: list[Event] = field(default_factory=list)

    def mentions(self) -> list[Event]:
        return [self, *self.also]


@dataclass
class Statement:
    kind: str  # a statement class local name, e.g. "Denial"
    sentence: Sentence
    verb: tuple[int, int]
    speaker: str  # entity id
    date: DateValue | None = None
    content: str = ""
    quote: str | None = None
    about: list[str] = field(default_factory=list)
    addressees: list[str] = field(default_factory=list)
    responds_to: Statement | None = None


@dataclass
class Figure:
    sentence: Sentence
    span: tuple[int, int]
    raw_text: str
    bound: str  # Exact, AtLeast, MoreThan, AtMost, Approximately, Range
    quantity_kind: str  # Deaths, Injuries, ...
    counted_text: str
    value: Decimal | None = None
    min_value: Decimal | None = None
    max_value: Decimal | None = None
    according_to: str | None = None
    of_whom: str | None = None
    as_of: DateValue | None = None
    event: Event | None = None  # the event it counts the outcome of, when the sentence names one


@dataclass
class Relation:
    subject: str
    predicate: str  # a ckg property local name, e.g. "presidentOf"
    object: str
    sentence: Sentence
    span: tuple[int, int]
    former: bool = False  # told as ended by the time the text tells of: "former president X"


@dataclass
class Extraction:
    events: list[Event] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
