"""What a question asks to be done or specified, and whether a section says anything about it.

A question near a section but outside it shares the section's nouns and not its task: "how do I splice in a
new belt" meets "Belt slip", "how do I teach a new weld path" meets "Collision detected", "what spindle speed
for aluminium" meets "Spindle overload". The answer read out would be the wrong procedure. So when a how-to
question's verb, or a material or fastener size a specification question is about, appears nowhere in the
section, the section does not answer it, unless its words cover most of the question (the manual's way of
saying the task may differ: "line the new die up" is "slide the new die in against the locating stops").
Verbs that any fault section stands for ("fix", "reset", "get it going") never decide this.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

_HOW_TO = re.compile(
    # "how do I fit", "how to fit", and without the auxiliary, as second-language speakers ask: "how i replace it"
    # "dae", "ye": do and you as Scots say them ("how dae ye clear it")
    r"\bhow (?:(?:do|dae|can|should|would|am|are|to|must|could) (?:i|we|you|ye|they)?|(?:i|we|you) (?:must |should |"
    r"can |have to |need to )?)\s*(?:just |actually |even |safely |properly |best |quickly |then )?"
    # "go about doing the calibration": the task is the verb after it, said with "-ing"
    r"(?:go about (?P<gerund>[a-z]+?)ing\b|(?:be\s+)?(?P<verb>[a-z]+))"
    r"|\b(?:show|tell|teach) (?:me|us) how to (?P<shown>[a-z]+)",
    re.I,
)
# "how do I make it run faster", "how do I turn the speed down": a how-to about speed, which a section must
# talk about to answer it.
_SPEED = re.compile(r"\b(?:faster|slower|quicker|speed)\b", re.I)
_SIZE_WORDS = ("size", "mm", "millimetre", "diameter", "gauge", "thickness")
# A value asked for without a question word, as requests are written ("please provide the part number", "kindly
# confirm the spindle speed for the housing job").
_REQUESTED = r"provide|confirm|advise|specify|quote|send|give me|tell me"
# A value asked for ("how long does the spindle need to warm up", "what size wire", "what clamping pressure
# should they be at", "the top speed"), and the words a section that gives such a value uses.
_VALUE_QUESTION = re.compile(
    r"\b(?P<how_long>how long)\b|\b(?:what|which) (?P<size>size)\b"
    r"|\b(?:top|max(?:imum)?) (?:[a-z]+ )?(?P<top_speed>speed)\b"
    r"|\b(?P<conc>concentration)\b"
    r"|\b(?:what|which|how much|min(?:imum)?|max(?:imum)?|lowest|highest)\b[^?]{0,40}?"
    # "mix" as a noun ("what mix"), not the verb ("what coolant, do I mix it myself")
    r"\b(?P<quantity>pressure|speed|ratio|(?<!\bi )(?<!\bwe )(?<!\byou )mix|diameter|temperature|concentration)\b"
    # "how fast is the belt running", "how slow should the ram come down", "how many rpm is maximum", "what metres
    # per minute"
    r"|\bhow (?P<fast>fast|quick|slow)\b"
    r"|\b(?:how many|what|which|max(?:imum)?|top)\b[^?]{0,20}?\b(?P<rate>rpm|revs|met(?:er|re)s per minute)\b"
    # "what's the part number to order a new belt", "please provide the part number": only a section that lists
    # spares gives one
    rf"|\b(?:what|which|{_REQUESTED})\b[^?]{{0,20}}?\b(?P<part_number>part (?:number|no))\b"
    # "any required cool-down interval before restart", "the waiting time": how long to wait, which a section states in
    # minutes, not a service interval
    r"|\b(?P<wait>cool(?:ing)?[- ]?down|cooling|wait(?:ing)?|rest) (?:interval|time|period)s?\b"
    # "the recommended interval for changing the oil": a service interval, which a section must state
    r"|\b(?P<interval>interval)s?\b"
    # "every how many hours we change it": how often, as a second-language speaker asks it, in the unit said
    r"|\bevery how many (?P<every>hours|days|weeks|months|shifts|strokes)\b"
    # "what welding current and voltage": an electrical setting ("current" alone is often "the current error")
    r"|\b(?:what|which|how much|how many)\b[^?]{0,40}?\b(?P<electric>voltage|amperage|amps|welding current)\b"
    # "which PLC input is the light curtain wired to": a wiring detail, which a section must give
    r"|\b(?P<wiring>wired to|wiring|(?:plc|which|what) input|terminal number)\b"
    # "where do they keep the spare belts": where a thing is stored, not how a fault is fixed ("where does it keep
    # stopping" is a fault: "keep" before an "-ing" word)
    r"|\bwhere\b[^?]{0,40}?\b(?P<kept>kept|keep|stored|store|stocked)\b(?!\s+[a-z]+ing\b)"
    # "what brand do we buy", "who is the supplier": what to buy, not how to use it ("brand new" is no brand asked)
    r"|\b(?:what|which|who|whose)\b[^?]{0,30}?\b(?P<brand>brand|supplier|vendor)s?\b(?! new)"
    r"|\b(?:where|what|which|who)\b[^?]{0,40}?\b(?P<buy>buy|purchase)\b"
    # "we need to order more belts", "how do I order a new nozzle": ordering spares, not the work done with them ("in
    # order to", "what order" are no purchase: only the verb after "to" or "how do I")
    r"|\b(?:(?:need|needs|have|has|want|got|going) to|how (?:do|can|should|would) (?:i|we|you)|where (?:do|can) "
    r"(?:i|we)|who (?:do|can) (?:i|we)) (?P<order>order|reorder)\b"
    # "where do I throw the old coolant away", "which waste container": getting rid of a thing, which only a section
    # that names its disposal answers (a fault section that tops the coolant up shares the noun, not the task)
    r"|\b(?:where|which|what|how)\b[^?]{0,60}?\b(?P<disposal>(?:throw|chuck|toss)\w*\b[^?]{0,20}?\baway\b"
    r"|dispos(?:e|ed|al|ing)\b|waste (?:container|bin|drum|skip|tank|oil|coolant)s?\b)",
    re.I,
)
_SPEED_WORDS = ("speed", "rpm")
_STORED_WORDS = ("crib", "stores", "stored", "kept", "cabinet", "shelf")
_SUPPLY_WORDS = ("brand", "supplier", "vendor", "manufacturer", "catalogue")
_VALUE_WORDS = {
    "how long": ("second", "minute", "hour"),
    "size": _SIZE_WORDS,
    "pressure": ("bar", "psi", "kpa", "mpa"),
    "speed": _SPEED_WORDS,
    # "what ratio do we mix it at": "the premixed coolant" answers it too, as it does "what mix"
    "ratio": ("ratio", "percent", "premixed"),
    "mix": ("ratio", "percent", "premixed"),  # "what mix do I top up with": "the premixed coolant" answers it
    "diameter": _SIZE_WORDS,
    "temperature": ("degrees", "celsius"),
    "concentration": ("percent", "ratio", "concentration"),
    # "part no", as a request writes it, asks for the same ("what part no" used to find no words here and fail)
    **dict.fromkeys(("part number", "part no"), ("catalogue", "spares")),
    # not "cycles": every fault section says "stop the cycle"
    "interval": ("hours", "weeks", "months"),
    "wait": ("second", "minute", "hour"),
    "disposal": ("dispose", "disposal", "waste", "scrap", "recycle"),
    **{unit: (unit,) for unit in ("hours", "days", "weeks", "months", "shifts", "strokes")},
    "voltage": ("volts",),
    **dict.fromkeys(
        ("wired to", "wiring", "plc input", "which input", "what input", "terminal number"),
        ("terminal", "wiring", "input"),
    ),
    **dict.fromkeys(("amperage", "amps", "welding current"), ("amps", "amperes")),
    # a place of storage or a source of supply: a section must name one to answer where spares are or what to buy
    **dict.fromkeys(("kept", "keep", "stored", "store", "stocked"), _STORED_WORDS),
    **dict.fromkeys(("brand", "supplier", "vendor", "buy", "purchase", "order", "reorder"), _SUPPLY_WORDS),
    # the other ways a speed is asked for, by the words said ("how fast", "how many rpm", "metres per minute")
    **dict.fromkeys(("fast", "quick", "slow", "rpm", "revs", "metres per minute", "meters per minute"), _SPEED_WORDS),
}
# What these ask for is a value: a section that shares the question's nouns but gives no such value does not
# answer it, however many words it shares ("what size wire goes on the spool for the weld robot").
VALUE_ASKED = frozenset(_VALUE_WORDS)
CHANGING_SPEED = "changing the speed"
"""What a how-to about speed asks ("how do I make it run faster"): like a value, only a section about speed answers."""


def needs_its_words(task: str) -> bool:
    """Whether only a section that names the task answers it, however many of the question's other words it shares:
    a value, a change of speed, a change named by its noun ("spindle bearing replacement") or of a thing the section
    never names ("replace the bearings": "spindle" and "mill" cover half the question, the bearings are not in it), or
    a new program set up."""
    return (
        task in VALUE_ASKED
        or task == CHANGING_SPEED
        or task.startswith(("a new ", JOB_SETTING))
        or task.endswith(_CHANGE_NOUNS)
        or task in _DATA_MOVED
        or _changed_thing(task)
    )


def _changed_thing(task: str) -> bool:
    """Whether `task` is a change of a thing (`uncovered_task`'s "replace the bearings"), not a verb alone."""
    verb, the, _ = task.partition(" the ")
    return bool(the) and verb in _SAME_TASK


# Verbs every fault or routine section answers, whatever it says: they name no task of their own.
_ANY_SECTION = frozenset(
    """do fix sort stop get make handle deal check clear reset restart start know find tell say go keep use run see
    try need want have be move back free recover turn put take bring solve shut cope work avoid prevent stay clean
    supposed meant gonna got carry perform troubleshoot diagnose""".split()
)
# Verbs that name one task: "how do I change the argon bottle" is answered by "replace the cylinder".
_SAME_TASK = {
    **dict.fromkeys(("change", "replace", "swap", "renew"), ("change", "replace", "swap", "renew")),
    **dict.fromkeys(("fit", "install", "mount"), ("fit", "install", "mount")),
}
# "how do I pull the old die out and put the new one in": whatever the verb, taking the old one out for a new one
# is a change.
_OLD_FOR_NEW = re.compile(r"\bold\b.{0,60}\bnew\b", re.I)
# "how do I get a new one issued", "how can I get a replacement wrench": getting one in place of another is a
# replacement, which a section must speak of to answer it ("get" alone is any section's: "get it going again").
_NEW_ONE = re.compile(r"\s+(?:a |an |the |my )?(?:new|replacement|spare|another)\b", re.I)
# A change or a fitting asked for by the work's name, not by "how": "is there a procedure for replacing the spindle
# bearings", "instructions to fit a new guard".
_TASK_NAMED = re.compile(
    r"\b(?:procedure|procedures|instructions?|steps|guide|method|sop|way) (?:for|to|on) "
    r"(?P<verb>replac|chang|swap|renew|fit|install|mount)(?:e|es|ed|ing|s|ting)?\b",
    re.I,
)
_TASK_VERB = {"replac": "replace", "chang": "change"}
# Moving a program or a record between machines or files ("copy the weld program to the other robot"): a fault
# section that says "run the program" shares the noun, not the task, however many words match.
_DATA_MOVED = frozenset(
    "copy transfer export import upload download backup duplicate clone migrate sync email print".split()
)
# "how do I program a new path", "how do I teach a new weld": making a thing that does not exist yet, which only a
# section naming that thing answers (a fault section runs the existing program).
_NEW_THING = re.compile(r"\s+(?:a |an |the )?(?:new|different|another)\b", re.I)
# A particle that follows its verb, up to two words on ("line them back up"), and phrasal verbs any trade says for
# the one word a manual writes.
_PARTICLE = re.compile(r"(?:\s+[a-z]+){0,2}?\s+(up|out|off|in)\b", re.I)
_PHRASAL = {"line up": ("align",), "square up": ("align",), "true up": ("align",)}


def _base(gerund: str | None) -> str:
    """The verb of an "-ing" form without its "-ing" ("do", "gett" -> "get", "replac" -> "replace"), where it is one
    of the verbs looked up whole; otherwise the stem, as a section's words are matched by their start."""
    if not gerund:
        return ""
    stem = gerund.lower()
    single = stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else stem
    return next((v for v in (stem, single, f"{stem}e") if v in _ANY_SECTION or v in _SAME_TASK), single)


# Verbs whose object is the task when it is a test or a check ("do the brake test", "carry out a leak check").
_DOING = frozenset({"do", "perform", "carry"})
_DONE = re.compile(r"\s*(?:out\s+)?(?:the|a|an|this|that)\s+([a-z]+\s+(?:test|check|inspection))\b", re.I)
# What a specification is asked for: a material or a metric fastener size that the answer must name.
_SPECIFIED = re.compile(
    r"\b(?:aluminium|aluminum|stainless|steel|brass|copper|titanium|plastic|nylon|acrylic|wood|timber|"
    r"cast iron|m\d{1,2})\b",
    re.I,
)
_CODE_SAID = re.compile(r"\b[A-Z]\s?-?\d{1,3}\b")
_CHANGE_NOUNS = ("replacement", "changeout", "change-out", "overhaul", "rebuild", "installation")
_CHANGE_NAMED = re.compile(rf"\b(?P<head>[a-z]+) (?P<noun>{'|'.join(_CHANGE_NOUNS)})s?\b", re.I)


_SETUP_ASKED = re.compile(
    r"\b(?:set|set up|setup|create|enter|load|add|write|make|program|put in|key in)\b(?: in| up)?"
    r"(?: (?:a|an|the|my))?(?: new| different)?(?: [a-z]+){0,2}? "
    r"(?P<thing>program|recipe|preset|offset|setpoint|parameter set)s?\b",
    re.I,
)
# "what pressure should it be set to for the new bracket job", "what wire speed for the thick plate job": the setting
# of one job, which its set-up sheet gives. A fault section that states a value ("the gauge shows 180 to 210 bar"
# after low pressure) gives what any job runs at, not that job's setting.
_FOR_A_JOB = re.compile(
    r"\bfor (?:the |this |that |a |an |our |my |each |every )?(?:new |next |different |other |upcoming )?"
    # a product named in up to three words ("the new fridge door panel job")
    r"(?P<name>(?:[a-z0-9-]+ ){0,3}?)(?P<job>job|product|batch)s?\b",
    re.I,
)
JOB_SETTING = "the setting for "
"""What a value asked for one job is (`uncovered_task` "the setting for the bracket job"): only a section that names
the job answers it."""
_HOW_OFTEN_DONE = re.compile(
    r"\bhow often\b[^?]{0,60}?\b(changed|replaced|renewed|serviced|swapped|overhauled|refilled|drained)\b", re.I
)
_SPEC_QUESTION = re.compile(
    rf"\b(?:what|which|{_REQUESTED})\b.{{0,30}}\b(?:size|speed|torque|setting|settings|value|spec|feed|rate|rpm|gap|pressure|"
    # "what tonnage should I set it to": a press's force, as the trade says it
    r"temperature|temp|tension|force|tonnage|tons|tonnes|current|voltage|amps)\b",
    re.I,
)


def uncovered_task(
    question: str,
    section_words: set[str],
    tokenize: Callable[[list[str]], list[list[str]]],
    synonyms: Mapping[str, tuple[str, ...]] | None = None,
) -> str:
    """The task ("splice") or specifier ("aluminium") the question asks about that the section (its words as
    `tokenize` cuts them) never mentions; empty when the section covers it or none was asked. `synonyms` are the
    pack's (a worker's word -> the manual's words), so that "swap the mold" is covered by a section about dies."""
    if (match := _HOW_TO.search(question)) is not None:
        verb = _base(match.group("gerund")) or (match.group("verb") or match.group("shown") or "").lower()
        # "line them back up" is "align": a verb and its particle can name a task the manual writes in one word
        if particle := _PARTICLE.match(question, match.end()):
            phrasal = f"{verb} {particle.group(1).lower()}"
            verb_forms = (*_PHRASAL.get(phrasal, ()), *(synonyms or {}).get(phrasal, ()))
        else:
            verb_forms = ()
        # the pack's words for it count too: "verify" is said for what a manual calls "calibrate"
        same_task = (*_SAME_TASK.get(verb, (verb,)), *(synonyms or {}).get(verb, ()), *verb_forms)
        # "recalibrate", "retension": the task done again, covered where the manual names the task
        if verb.startswith("re") and len(verb) >= 6:
            same_task = (*same_task, verb[2:])
        if verb == "get" and _NEW_ONE.match(question, match.end()):
            same_task = _SAME_TASK[verb := "replace"]
        if _OLD_FOR_NEW.search(question):
            same_task = (*same_task, *_SAME_TASK["change"])
        if verb and verb not in _ANY_SECTION and not any(_mentioned(v, section_words, tokenize) for v in same_task):
            return verb
        # "how to change the spindle bearings": a change answers only when it is of the thing named
        if verb in _SAME_TASK and (head := _unnamed_object(question[match.end() :], section_words, tokenize, synonyms)):
            return f"{verb} the {head}"
        if (
            verb not in _ANY_SECTION
            and (new := _NEW_THING.match(question, match.end()))
            and (head := _unnamed_object(question[new.end() :], section_words, tokenize, synonyms))
        ):
            return f"a new {head}"
        # "how do I do the brake test": the task is the thing done, which the section must name
        done = _DONE.match(question, match.end()) if verb in _DOING else None
        if done is not None and not _mentioned(done.group(1).split()[0].lower(), section_words, tokenize):
            return done.group(1).lower()
        if _SPEED.search(question[match.end() :]) and not _mentioned("speed", section_words, tokenize):
            return CHANGING_SPEED
    task = _TASK_NAMED.search(question)
    if task and (head := _unnamed_object(question[task.end() :], section_words, tokenize, synonyms)):
        verb = task.group("verb").lower()
        return f"{_TASK_VERB.get(verb, verb)} the {head}"
    if not _CODE_SAID.search(question):  # "E57 after I loaded the new program": the code's section answers it
        # "spindle bearing replacement, what is the procedure": a change named by its noun, of the thing before it
        named = _CHANGE_NAMED.search(question)
        if named and not _mentioned(named.group("head").lower(), section_words, tokenize):
            return f"{named.group('head').lower()} {named.group('noun').lower()}"
        # "set a new torque program on the TW-50": setting up a program or a recipe, which a section must name
        setup = _SETUP_ASKED.search(question)
        if setup and not _mentioned(setup.group("thing").lower(), section_words, tokenize):
            return f"a new {setup.group('thing').lower()}"
    if (job := _FOR_A_JOB.search(question)) and (_VALUE_QUESTION.search(question) or _SPEC_QUESTION.search(question)):
        # the job by its name ("bracket"), or, unnamed ("a new job"), as a job
        # A section names the job only with all its name: "panel" of "the fridge door panel job" is also the press's
        # operator panel.
        job_words = job.group("name").split() or [job.group("job")]
        if not all(_mentioned(word.lower(), section_words, tokenize) for word in job_words):
            return f"{JOB_SETTING}the {job.group('name')}{job.group('job')}".lower()
    for match in _VALUE_QUESTION.finditer(question):
        if not _gives(asked := _asked(match), section_words, tokenize):
            return asked
    # "how often should the hydraulic oil be changed": the work done, which a section must name ("check the oil
    # level" is no oil change)
    if (often := _HOW_OFTEN_DONE.search(question)) and not _mentioned(often.group(1).lower(), section_words, tokenize):
        return often.group(1).lower()
    if _SPEC_QUESTION.search(question):
        for said in _SPECIFIED.finditer(question):
            if not _mentioned(said.group(0).lower(), section_words, tokenize):
                return said.group(0)
    return ""


_OBJECT = re.compile(
    r"\s+(?:the |a |an |this |that |my |our |its |his |her |their |some |new |old )*"
    r"(?P<phrase>(?:[a-z][a-z-]* ){0,3}?[a-z][a-z-]*?)"
    r"(?=\s+(?:on|in|of|for|at|from|to|with|when|if|because|before|after|so|and|or|it|that|without)\b|\s*[,?.!]|\s*$)",
    re.I,
)
_NOT_AN_OBJECT = frozenset({"it", "one", "them", "this", "that", "these", "those", "out", "oot", "up", "over"})


def _unnamed_object(
    rest: str,
    section_words: set[str],
    tokenize: Callable[[list[str]], list[list[str]]],
    synonyms: Mapping[str, tuple[str, ...]] | None,
) -> str:
    """The thing a change is of (`_object_head` of the words after its verb) when the section names it neither in its
    own word nor in the pack's for it; empty otherwise."""
    head = _object_head(rest)
    # the pack's word for it said in the plural too ("dyes" where the pack says "dye")
    said = (head, *(head[: -len(end)] for end in ("es", "s") if head.endswith(end) and len(head) > len(end) + 2))
    known = [word for form in said for word in (synonyms or {}).get(form, ())]
    named = any(_mentioned(word, section_words, tokenize) for word in (head, *known))
    return "" if not head or named else head


def _object_head(rest: str) -> str:
    """The last word of what a how-to's verb acts on ("the spindle bearings" -> "bearings"), or empty."""
    if (match := _OBJECT.match(rest)) is None:
        return ""
    head = match.group("phrase").split()[-1].lower()
    return "" if head in _NOT_AN_OBJECT else head


def value_step(question: str, steps: tuple[str, ...], tokenize: Callable[[list[str]], list[list[str]]]) -> int | None:
    """The index of the first step that gives the value the question asks for, if it asks for one."""
    match = _VALUE_QUESTION.search(question)
    if match is None:
        return None
    asked = _asked(match)
    return next((n for n, words in enumerate(tokenize(list(steps))) if _gives(asked, set(words), tokenize)), None)


def _asked(match: re.Match[str]) -> str:
    """The kind of value a `_VALUE_QUESTION` match asks for: "how long", "size", "pressure", ... (a wait or a disposal,
    said in many words, by the group's name)"""
    return next(name if name in _NAMED_KINDS else said.lower() for name, said in match.groupdict().items() if said)


_NAMED_KINDS = frozenset({"wait", "disposal"})


def _gives(asked: str, words: set[str], tokenize: Callable[[list[str]], list[list[str]]]) -> bool:
    """Whether `words` (a section's or a step's) give a value of the kind asked for."""
    return any(_mentioned(word, words, tokenize) for word in _VALUE_WORDS[asked])


def _mentioned(word: str, section_words: set[str], tokenize: Callable[[list[str]], list[list[str]]]) -> bool:
    tokens = tokenize([word])[0]
    # "ream" is in "the reamer station": a longer word of the section that starts with it counts
    return not tokens or any(
        token in section_words or (len(token) >= 4 and any(w.startswith(token) for w in section_words))
        for token in tokens
    )
