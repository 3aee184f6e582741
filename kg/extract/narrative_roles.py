"""Roles the narrative carries from one sentence to the next.

A battle's narrative tells a run of gains by one side and often names the side only once: "On 8
January, the rebels captured Um Adasa. The next day they advanced near Bizaah, capturing Zammar."
or "The SDF entered Safsafah on 5 April. The village was captured by the next day." A capture told
without its taker, in the paragraph of a capture whose taker is named, was taken by that side, as a
reader takes it. Only captures: who struck, shelled or killed changes from sentence to sentence (on
the development set, carrying the doer of attacks and killings put wrong doers on as many events as
it put right ones), while the gains of a paragraph are one side's run.
"""

from __future__ import annotations

from conflict_kg.extract.facts import Event

# Acts that gain ground: the run of gains a paragraph tells.
GAINING = frozenset({"Capture", "MilitaryOffensive"})


def carry_capturers(events: list[Event]) -> None:
    """Give an asserted capture that names no taker the takers of the paragraph's capture (or offensive)
    told last before it, in an earlier sentence. Not when that capture names none (the run is broken) or
    names some of its takers only by a description ("X and local men": who took the next is not settled),
    when the takers are whom this one was taken from, when another side has acted since ("The army
    counterattacked the next day": the run is broken), or when someone else acts in its sentence ("X
    attacked Y, and the village was captured": not settled). A place taken again by the same side is the
    run going on ("They later recaptured Qabasin", "managed to secure a quarter of the city")."""
    last: Event | None = None
    paragraph = None
    for event in sorted(events, key=lambda e: (e.sentence.index, e.trigger[0])):
        if event.sentence.paragraph != paragraph:
            paragraph, last = event.sentence.paragraph, None
        if last is not None and event.agents and not set(event.agents) & set(last.agents) \
                and event.sentence.index != last.sentence.index:
            last = None  # "The army counterattacked the next day": another side acted since; the run is broken
        if event.kind == "Capture" and not event.agents and event.status == "asserted" and last is not None \
                and last.agents and not last.agent_descriptions and last.sentence.index != event.sentence.index \
                and not set(last.agents) & set(event.targets) \
                and not _someone_else_acts(event, last.agents, events):
            event.agents = list(last.agents)
        if event.kind in GAINING:
            last = event


def _someone_else_acts(event: Event, takers: list[str], events: list[Event]) -> bool:
    return any(set(other.agents) - set(takers) for other in events
               if other is not event and other.sentence.index == event.sentence.index)
