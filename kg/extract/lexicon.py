"""General English lexicons the rules use: words for speaking, for events, for counting, for roles.

Nothing here names a person, place or date of any article; these are the words a reporter uses.
"""

from __future__ import annotations

import re
import unicodedata


def _words(*forms: str) -> str:
    return r"\b(?:" + "|".join(forms) + r")\b"


# Speech verbs -> statement kind. Order matters: the first pattern that matches a verb wins.
SPEECH_VERBS: list[tuple[str, str]] = [
    ("Denial", _words("denied", "denies", "deny", "denying", "rejected", "refuted", "dismissed", "discredited",
                      "disputed", "disputes")),
    ("Accusation", _words("accused", "accuses", "accusing", "blamed", "blames", "blaming")),
    ("Condemnation", _words("condemned", "condemns", "condemning", "deplored", "denounced",
                            "criticized", "criticised", "criticizing")),
    ("Call", _words("urged", "urges", "urging", r"called\s+on", r"called\s+for", r"calls\s+for", "requested",
                    "petitioned", "advocated",
                    r"calling\s+for", "demanded", "appealed", r"called\s+upon",
                    # "asked for a review", "asked the army to ..."; "ordered an investigation", "ordered the
                    # troops not to storm ...": what someone asks or orders is called for (the construction
                    # is checked on the parse: statements._said_as_the_construction_needs)
                    "asked", "ordered")),
    ("Warning", _words("warned", "warns", "warning", r"expressed\s+alarm", r"issued\s+(?:multiple\s+)?alerts")),
    ("Apology", _words("apologized", "apologised", "apologizes")),
    ("Admission", _words("admitted", "admits", "acknowledged", "conceded")),
    ("Confirmation", _words("confirmed", "confirms", "confirming")),
    ("Threat", _words("threatened", "threatens")),
    ("Proposal", _words("proposed", "proposes", r"offered\s+to")),
    ("Announcement", _words("announced", "announces", "declared", "promised", "outlined", "vowed")),  # a vow is a promise
    ("Report", _words("reported", "reports", "recorded", r"issued\s+a\s+report", "published", "found", "finds")),
    ("Claim", _words("claimed", "claims", "claiming", "said", "says", "saying", "stated", "states",
                     "stating", "told", "added", "adding", "commented", "noted", "stressed",
                     "emphasized", "emphasised", "reiterated", "insisted", "opined", "argued",
                     "suggested", "responded", "explained", "questioned",
                     "attributed", r"expressed\s+concern", "considered", "considers", "classified", "concluded",
                     "argues", "wrote", "writes", "remarks", "remarked", "assessed", "assesses", "estimated", "predicted", "predicts",
                     "estimates", "contended", "contends", "revealed", "reveals", "coined", "echoed",
                     r"maintained(?=\s+that\b)",  # not "maintained control"
                     # "X described Y as Z", active, checked on the parse (a description that is no verdict,
                     # "described the impact, stating that ...", is not the claim)
                     "described", "describes",
                     # "issued a statement (that said ...)": only that something was said
                     r"released\s+a\s+statement", r"issued\s+a\s+statement")),
]
# Verbs that report speech only when a document is their subject ("a report found that"): "the
# forces found bodies" says nothing.
DOCUMENT_ONLY_VERBS = frozenset({"found", "finds"})

# Participles that continue the previous speaker's statement ("..., stating that ...").
CONTINUATIONS = re.compile(_words("stating", "saying", "adding", "calling", "claiming", "accusing",
                                  "urging", "denying", "confirming", "warning"))

# What may stand between a subject and its verb: adverbs and auxiliaries.
SUBJECT_GLUE = re.compile(
    r"^(?:\s*,(?:[^,;]{1,120},){1,2}|\s*,)?(?:\s+(?:also|later|then|has|have|had|immediately|formally|"
    r"subsequently|strongly|publicly|reportedly|further|however|again|quickly|officially|"
    r"repeatedly|already|first|had\s+also|has\s+also|initially|jointly|both))*\s*$"
)

PRONOUNS = {"he": "person", "she": "person", "it": "organization", "they": "any"}
PRONOUN = re.compile(r"\b(?:He|She|It|They|he|she|it|they)\b")

# Anaphoric definite descriptions ("the ministry") -> a class their antecedent must have.
DEFINITE_ANAPHORS = {
    "ministry": "GovernmentBody", "government": "GovernmentBody", "council": "GovernmentBody",
    "court": "Organization", "mission": "Organization", "office": "GovernmentBody",
    "institute": "Organization", "commissioner": "Person", "president": "Person",
    "report": "Organization", "team": "Organization", "delegation": "Organization",
}
DEFINITE_ANAPHOR = re.compile(r"\b[Tt]he\s+(" + "|".join(DEFINITE_ANAPHORS) + r")\b")

# Event triggers -> event kind. A sentence yields at most one event per kind.
EVENT_TRIGGERS: list[tuple[str, str]] = [
    ("MilitaryOffensive", r"\b(?:launch(?:ed|es|ing)?|initiated|began|start(?:ed)?)\b[^.;]{0,50}?"
                          r"\b(?:offensive|military\s+operation|assault)\b"
                          r"|\boffensive\b[^.;]{0,20}\b(?:started|began|took\s+place)\b"
                          r"|\b(?:offensive|military\s+operation|assault)\s+launched\b"
                          r"|\boffensive\s+occurred\b"),
    ("Capture", _words("captured", "capturing", r"took\s+control\s+(?:of|over)", r"taken\s+control\s+of",
                       r"seized\s+control\s+of", r"re-?established\s+control\s+over", r"lost\s+most\s+of\s+the\s+territory",
                       "occupying", r"(?:were|was)\s+occupied\s+by", r"taking\s+control\s+of",
                       r"(?:losing|lost)\s+control\s+of",
                       r"seized(?!\s+control)", r"regained\s+control", r"seizure\s+of",
                       r"(?:fallen|come|came)\s+under\s+(?:\w+\s+){0,3}control")),
    ("Shelling", _words("shelled", "shelling", r"to\s+shell", "bombarded", "bombardment")),
    ("Attack", _words("attacked", "sabotaged", "gunfire", r"(?:were|was)\s+thrown\s+at", r"violated\s+the\s+ceasefire",
                      r"opened\s+fire", r"opening\s+fire", r"shot\s+at", r"firing\s+at",
                      r"fired\s+(?:at|on)", "shootout", "ambushed", r"strikes\s+conducted",
                      r"attack(?:s)?\s+(?:on|occurred|against)")),
    ("Killing", _words("killed", "killing", "massacred", "murdered")),
    ("Explosion", _words("explosion", "exploded", "blast")),
    ("Ceasefire", r"\bceasefire\b[^.;]{0,90}?\b(?:was\s+reached|reached|agreed|established|signed|"
                  r"announced|brokered|go\s+into\s+effect)\b|\b(?:establish|agreed\s+to)\s+a\s+ceasefire\b"
                  r"|\barmistice\s+was\s+established\b|\bcessation\s+of\s+(?:military\s+action|hostilities)\b"
                  r"|\bagreed\s+to\s+an\s+end\s+of\s+hostilities\b"),
    ("Agreement", _words(r"agreed\s+to", r"agreed\s+on", r"signed\s+(?:an?\s+|the\s+)?(?:\w+\s+)?agreement",
                         r"agreement\s+(?:was|were)\s+(?:reached|signed)")),
    ("Negotiation", r"\b(?:negotiations?|talks|round\s+of\s+(?:talks|negotiations))\b[^.;]{0,90}?"
                    r"\b(?:took\s+place|was\s+held|were\s+held|held|ended|stalled|hosted)\b"
                    r"|\b(?:hosted|held)\s+talks\b"),
    ("Meeting", r"\bmeeting\b[^.;]{0,170}?\b(?:took\s+place|was\s+hosted|was\s+held)\b|\bmet\s+with\b"
                r"|\bhave\s+met\s+(?:several|many|\w+)\s+times\b|\bcalled\s+an?\s+(?:emergency\s+)?meeting\b"),
    ("Detention", _words("detained", "detaining", "arrested", r"taken\s+into\s+custody")),
    ("ArrestWarrant", _words(r"arrest\s+warrants?")),
    ("Surrender", _words("surrendered", r"ended\s+with\s+the\s+surrender")),
    ("WeaponsHandover", _words(r"transferring\s+their\s+weapons", r"turnover\s+of",
                               r"handed\s+over\s+(?:their\s+)?weapons")),
    ("Evacuation", _words("evacuated", "evacuating", r"evacuation\s+(?:of|bus)", r"mass\s+evacuation",
                          r"(?:were|was)\s+transporting", r"(?:were|was)\s+(?:later\s+)?brought\s+to")),
    ("Displacement", _words("fled", r"began\s+(?:fleeing|to\s+flee)", "exodus", r"flight\s+of",
                            r"fleeing\s+(?:to|the|out|[A-Z]\w+)", r"took\s+refuge",
                            r"(?:refugees|vehicles)\b[^.;]{0,50}?\b(?:arrived|crossed)")),
    ("BorderOpening", r"\bopened\s+the\s+(?:border|(?:\w+\s+)?corridor)\b|\breopening\s+of\b"),
    ("AidDelivery", r"\b(?:sent|delivered|provided|arrived)\b[^.;]{0,60}?\b(?:aid|food|trucks|assistance|"
                    r"ambulance|medical\s+supplies|supplies)\b(?!\s+Response)|\b(?:aid|food|medicine|assistance)\b"
                    r"[^.;]{0,60}?\b(?:was\s+delivered|arrived|sent)\b|\baid\s+convoy\b"
                    r"|\bconvoy\s+of\s+\d+\s+trucks\b|\bhave\s+provided\s+humanitarian\s+assistance\b"),
    ("Protest", _words("protest", "protests", "protested", r"block\s+a\s+major\s+freeway",
                       "demonstration", "demonstrations")),
    ("Decree", r"\b(?:signed|issued)\s+(?:a\s+|the\s+)?(?:new\s+)?decree\b"),
    ("CourtRuling", r"\bcourt\s+ruled\b|\bruled\s+that\b"),
    ("LegalAction", r"\b(?:requested|petitioned|asked)\b[^.;]{0,40}?\b[Cc]ourt\b"),
    ("Resignation", _words("resigned")),
    ("Visit", _words("visited", r"returned\s+to\s+the\s+region")),
    ("Ratification", _words("ratifying", "ratified", r"signed\s+into\s+law")),
    ("PrisonerExchange", _words(r"prisoner\s+exchange", r"exchange\s+was\s+conducted")),
    ("Blockade", _words("blockading", "blockaded", r"blocking\s+the", r"halted\s+all", r"were\s+blocked", r"blocked\s+(?:alternative|the|all)", r"blockade\s+of\s+the\s+\w+\s+[Cc]orridor")),
    ("Deployment", _words("deployed", "stationing", r"positioned\s+themselves", r"sent\s+a\s+(?:\w+\s+){0,4}[Tt]eam")),
]

# A trigger inside a clause with one of these before it reports no event that happened.
IRREALIS = re.compile(
    r"\bwho\s+(?:have|had)\s+$|\bto\s+hold\s+(?:an?\s+)?$|\bto\s+(?:trigger|cause|provoke)\s+(?:an?\s+)?$|"
    r"\b(?:would|could|may|might|should|shall|will|can|if|unless|planning|plans?\s+to|threatened|"
    r"demanded|demands|risk|not|never|no|intended|intention|aimed|goal|wants?|wanted|prevent|"
    r"refused|ready\s+to|to\s+ensure|in\s+order\s+to)\b"
)

# Figures: number words and what is counted.
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
}
# Words that multiply the number before them ("1.5 million", "two thousand").
MULTIPLIERS = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
# Round plural quantities ("thousands of", "tens of thousands of"): lower bounds.
ROUND_PLURALS = {"dozens": None, "tens": 10, "hundreds": 100, "thousands": 1000, "millions": 1_000_000,
                 "billions": 1_000_000_000}

BOUND_WORDS: list[tuple[str, str]] = [
    ("MoreThan", r"(?:more\s+than|over|in\s+excess\s+of|upwards\s+of)"),
    ("AtLeast", r"(?:at\s+least|no\s+fewer\s+than|no\s+less\s+than)"),
    ("AtMost", r"(?:up\s+to|at\s+most|no\s+more\s+than|fewer\s+than|less\s+than|as\s+many\s+as)"),
    ("Approximately", r"(?:nearly|about|approximately|around|roughly|almost|some|an\s+estimated|close\s+to|"
                      r"an\s+approximate)"),
]

# Lemmas that say what is counted -> quantity kind: the counted noun itself ("refugees"), the word
# governing it ("killed 20 people", "the death of 541", "an influx of 40,000 families"), or a
# participle or adjective on it ("23 injured people"). Checked in order.
COUNTED_LEMMAS: list[tuple[str, frozenset]] = [
    ("Other", frozenset({"casualty"})),  # killed and wounded together: no single kind
    ("Deaths", frozenset({"kill", "die", "death", "dead", "killing", "fatality", "massacre", "murder",
                          "execute", "execution", "perish", "toll", "slay", "slain", "behead",
                          "eliminate", "neutralize", "neutralise", "deceased",
                          "body"})),  # "the bodies of 11 militants were found"
    ("Injuries", frozenset({"wound", "injure", "injury", "hurt", "wounded", "injured", "maim"})),
    ("Detainees", frozenset({"detain", "arrest", "detention", "detainee", "imprison", "jail", "abduct",
                             "kidnap"})),
    ("Prisoners", frozenset({"prisoner", "captive", "pow", "release", "exchange", "swap"})),
    ("Evacuees", frozenset({"evacuate", "evacuation", "evacuee"})),
    ("Refugees", frozenset({"refugee", "flee", "fled", "displace", "displaced", "displacement", "exodus",
                            "influx", "idp", "asylum"})),
    ("Vehicles", frozenset({"vehicle", "truck", "tank", "ambulance", "car", "bus", "lorry", "apc", "jeep",
                            "van", "minibus"})),
    ("Aid", frozenset({"tonne", "ton"})),
]
# Nouns for people: counted people ("12 militants captured") and the people an event is done to.
PERSON_NOUNS = frozenset({"soldier", "serviceman", "servicemen", "fighter", "civilian", "prisoner", "people",
                          "person", "man", "woman", "member", "officer", "official", "journalist",
                          "resident", "militant", "hostage", "marine", "troop", "general", "commander"})
# Nouns for the people an event is done to when no registry entity names them ("eight foreign
# militants were killed", "strikes on construction workers"): PERSON_NOUNS and other plain nouns for people.
VICTIM_NOUNS = PERSON_NOUNS | frozenset({
    "child", "student", "volunteer", "refugee", "evacuee", "terrorist", "separatist", "guard", "citizen", "family",
    "local", "victim", "defender", "commander", "leader", "population", "staff", "president", "minister",
    "politician", "activist", "lawyer", "mayor", "governor", "diplomat", "other", "personnel"})
# People who are no side's fighters: a count of them is of new people, not of a group named before
# ("17 civilians were evacuated"), and a demonym before them may name a people, not a state.
CIVILIAN_NOUNS = frozenset({"civilian", "resident", "inhabitant", "people", "person", "refugee"})
# Heads that count or group people: "dozens of civilians", "a group of soldiers", "two of the hostages"
# (lemmas: the parser gives "dozens" as "dozen").
GROUPING_NOUNS = frozenset({"dozen", "hundred", "thousand", "number", "group", "some", "many", "several", "most",
                            "all", "one", "two", "three", "four", "five", "few", "rest", "mass", "total", "percent", "%"})

# What makes counted people prisoners: they were captured, or they surrendered.
TAKEN_PRISONER = frozenset({"capture", "surrender"})
# Words near an amount of money or goods that make it aid ("a payment of", "a subsidy of", "sent").
AID_WORDS = frozenset({"aid", "assistance", "payment", "subsidy", "grant", "donation", "donate", "fund",
                       "funding", "relief", "supply", "food", "medicine", "humanitarian", "compensation",
                       "allowance", "pledge", "allocate", "send", "deliver", "provide", "contribute",
                       "package", "support"})
# Currencies: a symbol before the number or a currency noun after it makes the figure an amount of money.
# Every currency sign Unicode knows (category Sc: $, €, £, ₽, ₴, ₱, ...), with a country's letters before
# it where the text writes them ("US$", "A$", "HK$"): a rule of writing, not a list of currencies.
# (the Basic Multilingual Plane holds all but six rare ones; scanning it takes milliseconds at import)
_CURRENCY_SIGNS = "".join(sorted(chr(c) for c in range(0x10000) if unicodedata.category(chr(c)) == "Sc"))
# (the country's letters in capitals whatever flags the pattern is compiled with: "us$" is no "US$")
CURRENCY_SYMBOLS = rf"(?:(?-i:[A-Z]{{1,3}})(?=[{re.escape(_CURRENCY_SIGNS)}]))?[{re.escape(_CURRENCY_SIGNS)}]"
CURRENCY_NOUNS = (r"(?:dollars?|euros?|pounds?(?:\s+sterling)?|roubles?|rubles?|hryvnias?|hryvnas?|drams?|"
                  r"manats?|laris?|liras?|lire|pesos?|yuan|yen|rupees?|francs?|dinars?|rials?|riyals?|"
                  r"dirhams?|shekels?|zlotys?|kronas?|kroner|krona|nairas?|shillings?)")

# Kept for other modules that read the older table: words after a number -> quantity kind.
COUNTED: list[tuple[str, str]] = [
    ("Deaths", r"\b(?:killed|dead|deaths|died|killing|lost\s+their\s+lives|massacred)\b"),
    ("Injuries", r"\b(?:wounded|injured|injuries|injuring|hurt)\b"),
    ("Detainees", r"\b(?:detained|arrested)\b"),
    ("Evacuees", r"\b(?:evacuated|evacuation)\b"),
    ("Refugees", r"\b(?:refugees|fled|displaced)\b"),
    ("Prisoners", r"\b(?:prisoners|released\s+in\s+return|being\s+released)\b"),
    ("Aid", r"\b(?:tonnes|tons|tonne|ton)\b"),
    ("Vehicles", r"\b(?:vehicles|trucks|tanks?|ambulances|armored\s+vehicles)\b"),
]

# Nouns that make a number a count of people or things in the conflict.
COUNT_NOUNS = (
    r"(?:people|persons?|civilians?|soldiers?|serviceman|servicemen|peacekeepers?|refugees?|residents?|"
    r"(?:rural\s+)?settlements|villages|instances|academics|square\s+kilomet\w+|"
    r"(?:\w+\s+)?ceasefire\s+violations?|of\s+the\s+(?:injured|wounded|dead|refugees)|"
    r"child|children|officers?|individuals?|families|family|males|women|victims?|casualties|deaths|"
    r"displaced|evacuees|detainees|prisoners(?:\s+of\s+war)?|hostages|captives|"
    # a people named by a plural demonym ("ethnic Xians", "Yis"): capitalised, ending like one
    r"[A-Z][a-z]+(?:ians|ans|ese|is)|"
    r"fighters?|troops|vehicles?|trucks?|tanks?|mortars?|ambulances?|buses|cars|posts?|positions?|units?|"
    r"rounds|combat\s+vehicles|infantry\s+fighting\s+vehicles|tonnes|tons|officials?|others|generals|commanders|"
    r"police\s+officers|militants|insurgents|rebels|combatants|"
    # "35 members of the Valdorian forces", "20 VLF members", "264 service members"
    r"(?:(?-i:[A-Z][A-Za-z]+)\s+|service\s+)?members|"  # a name before it, capitalised whatever the flags
    r"(?:[A-Z][a-z]+\s+)?(?:soldiers?|civilians?|servicemen|peacekeepers?)|"
    r"(?:military|combat|severely|ethnic)\s+\w+|small\s+arms\s+units|" + CURRENCY_NOUNS + ")"
)

# Role nouns in "<role> of X", "X's <role> P", "<Demonym> <role> P" -> relation property.
ROLES: list[tuple[str, str]] = [
    ("foreignMinisterOf", r"(?:[Ff]oreign\s+[Mm]inister|[Mm]inister\s+of\s+[Ff]oreign\s+[Aa]ffairs|"
                          r"Secretary\s+of\s+State)"),
    ("defenceMinisterOf", r"(?:[Dd]efen[cs]e\s+[Mm]inister|[Mm]inister\s+of\s+[Dd]efen[cs]e)"),
    ("primeMinisterOf", r"[Pp]rime\s+[Mm]inister"),
    ("spokespersonOf", r"(?:[Ss]pokesperson|[Ss]pokesman|[Ss]pokeswoman|[Pp]ress\s+[Ss]ecretary)"),
    ("ombudsmanOf", r"(?:(?:human\s+rights\s+)?[Oo]mbudsman|Human\s+Rights\s+Defender)"),
    ("prosecutorOf", r"(?:[Pp]rosecutor[- ][Gg]eneral|[Cc]hief\s+[Pp]rosecutor|[Pp]rosecutor)"),
    ("ambassadorOf", r"[Aa]mbassador"),
    ("advisorOf", r"(?:(?:[Ff]oreign\s+[Pp]olicy\s+)?[Aa]dvis[eo]r|[Ee]nvoy)"),
    ("presidentOf", r"[Pp]resident"),
    ("ministerOf", r"(?:[Hh]ealth\s+)?[Mm]inister(?:\s+of\s+[A-Z]\w+)?"),
    ("memberOf", r"(?:[Dd]eputy|[Vv]ice)[- ](?:[Cc]ommander|[Hh]ead|[Cc]hairman|[Dd]irector|[Pp]resident)"
                 r"|(?:[Ss]enior\s+)?(?:[Ff]ellow|[Rr]esearcher|[Pp]rofessor|[Jj]ournalist|[Rr]epresentative|"
                 r"[Aa]nalyst|[Cc]orrespondent|[Hh]istorian|[Ss]cholar|[Mm]ember|(?:[Mm]ajor\s+)?[Gg]eneral)"),
    # a body's secretary is one of its officers, not its head; its Secretary-General or General Secretary heads it
    ("headOf", r"(?:(?:army|military)\s+[Cc]ommander|[Cc]ommanding\s+(?:[Gg]eneral|[Oo]fficer)|[Ss]ecretary[- ][Gg]eneral|[Gg]eneral\s+[Ss]ecretary|[Hh]ead|"
               r"[Cc]hairman|[Cc]hair|[Cc]ommander|[Ll]eader|[Dd]irector|[Mm]ayor)"),
    ("memberOf", r"[Ss]ecretary"),
]


# Nouns of ground a force takes and holds ("secured the bridge", "secured all entry points"), and that a
# report can place what it reports in ("were reported in nine neighborhoods").
GROUND_NOUNS = frozenset({"area", "base", "bridge", "building", "city", "district", "highway", "neighborhood",
                          "neighbourhood", "plant", "point", "port", "position", "road", "roundabout", "square",
                          "suburb", "territory", "town", "village", "airport", "hospital", "factory"})
