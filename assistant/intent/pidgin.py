"""Nigerian Pidgin as West African crews mix it into English, read as English for the rules.

Pidgin marks tense and aspect with words before an uninflected verb ("e dey beep": it is beeping; "e don turn
red": it has turned red; "I go report am": I will report it; "e never finish": it has not finished), says "am"
for him, her or it, "wetin" for what, "fit" for can, and "for" for at, in or on. The rules and the phrase floor are
written in English word forms ("beeping", "has cleaned", "caught in"), so a Pidgin sentence is read into them here,
as the manuals' search reads Scots and Taglish (`assistant.kb.spoken`). Only a sentence with a Pidgin marker is
read, and only the marked words change; the routing model still hears what was said.
"""

from __future__ import annotations

import re

# Verbs a shop floor says after "dey", "don", "go", "fit" and "never" ("e don burst", "e dey leak"). A word that is
# not here is left as it is: "SCBA don avg 58 sec" is English "don" (to put on), not Pidgin.
_VERBS = frozenset(
    """beep bend bleed blink block blow boil bolt book break bring burn burst call carry catch cause change check clean
    clear climb close collapse come cool cough crack cut drag drain drip drop dry enter fail faint fall feel fill
    finish fix flash foam gauge go grease happen hiss hit hold hum isolate jam knock land leak lean lift load log
    lose melt mop move neutralise neutralize note open overflow pack padlock pass peel pour press pull pump push put
    reach read record reopen repair replace report reset respond return rise roll run rust scatter shake shift shock
    shout show sink slide slip slow smell smoke sound spark spill spoil spread stand start stop swell swing talk
    tear throw tighten tilt tip transfer trip turn unload vibrate wash wear weld work write""".split()
)
_PARTICIPLES = {
    "bend": "bent",
    "bleed": "bled",
    "blow": "blown",
    "break": "broken",
    "bring": "brought",
    "burst": "burst",
    "catch": "caught",
    "come": "come",
    "cut": "cut",
    "fall": "fallen",
    "feel": "felt",
    "go": "gone",
    "hit": "hit",
    "hold": "held",
    "lose": "lost",
    "read": "read",
    "rise": "risen",
    "run": "run",
    "shake": "shaken",
    "show": "shown",
    "sink": "sunk",
    "slide": "slid",
    "spread": "spread",
    "stand": "stood",
    "swell": "swollen",
    "swing": "swung",
    "tear": "torn",
    "throw": "thrown",
    "wear": "worn",
    "write": "written",
    "put": "put",
}
# Words only Pidgin says ("wetin", "abeg", "una"), or its aspect marker "dey" before anything.
_MARKER = re.compile(r"\b(?:dey|wetin|abeg|abi|una|wahala|oya|sef|shebi|comot|waka)\b", re.I)
_VERB = "|".join(sorted(_VERBS, key=len, reverse=True))
_ASPECT_VERB = re.compile(rf"\b(?:don|never) (?:dey )?(?:{_VERB})\b|\b(?:{_VERB}) am\b", re.I)
# A subject said before "don": "I don log" is I have logged, "e don burst" it has burst.
_PLURAL_SUBJECT = re.compile(r"\b(?:i|we|you|they|dem|una)\s*$", re.I)
# ("CO2 still dey inside": "dey" before a place is "is")
_DEY_VERB = re.compile(rf"\bdey ({_VERB})\b", re.I)
_DON_DEY = re.compile(rf"\b(don|never) dey ({_VERB})\b", re.I)
_DON = re.compile(rf"\b(don|never) ({_VERB})\b", re.I)
_GO = re.compile(rf"\b(i|we|you|they|dem|una|e|he|she|it|person|somebody) go ({_VERB})\b", re.I)
_FIT = re.compile(rf"\b(wetin|what|i|we|you|they|dem|una|e|he|she|it|person|somebody|who) fit ({_VERB})\b", re.I)
# "e" as the subject ("e dey beep", "e show 1.5 percent"): it, before a word; not a code letter ("E12").
_E = re.compile(r"(?:^|(?<=[\s,;:]))e(?=\s+[a-z])", re.I)
# "am" as the object, after its verb ("drag am", "log am"); not "I am", nor a time ("6 am").
_AM = re.compile(r"(?<=[a-z] )am\b(?!\s+[a-z]+ing\b)", re.I)
_NOT_BEFORE_AM = re.compile(r"\b(?:i|so|what|where|who|how|here|there|nor|as|if)\s+$", re.I)
# Caught, trapped or stuck "for" a machine is caught in it.
_CAUGHT_FOR = re.compile(
    r"\b(catch|caught|trap|trapped|stuck|jam|jammed|hook|hooked|tangle|tangled|pin|pinned) for\b", re.I
)
_CAUGHT = {
    "catch": "caught",
    "trap": "trapped",
    "jam": "jammed",
    "hook": "hooked",
    "tangle": "tangled",
    "pin": "pinned",
}
_WORDS = {"wetin": "what", "abeg": "please"}
_WORD = re.compile(r"\b(wetin|abeg)\b", re.I)


def is_pidgin(text: str) -> bool:
    """Whether `text` has a word or a verb form that only Pidgin says."""
    return bool(_MARKER.search(text) or _ASPECT_VERB.search(text))


def with_pidgin_read(text: str) -> str:
    """`text`, when it is Pidgin, with its tense and aspect words read as English verb forms ("e dey beep" -> "it
    is beeping", "e don turn red" -> "it has turned red", "I go report am" -> "I will report it", "wetin fit cause
    am" -> "what can cause it", "catch for the shaft" -> "caught in the shaft"); otherwise `text` as it is."""
    if not is_pidgin(text):
        return text
    text = _DON_DEY.sub(lambda m: f"{_have(text, m)} been {_ing(m.group(2))}", text)
    text = _DON.sub(lambda m: f"{_have(text, m)}{_not(m)} {_past(m.group(2))}", text)
    text = _DEY_VERB.sub(lambda m: f"is {_ing(m.group(1))}", text)
    text = re.sub(r"\bdey\b", "is", text, flags=re.I)
    text = _GO.sub(lambda m: f"{m.group(1)} will {m.group(2)}", text)
    text = _FIT.sub(lambda m: f"{m.group(1)} can {m.group(2)}", text)
    text = _CAUGHT_FOR.sub(lambda m: f"{_CAUGHT.get(m.group(1).lower(), m.group(1))} in", text)
    text = _WORD.sub(lambda m: _WORDS[m.group(1).lower()], text)
    text = _AM.sub(lambda m: m.group(0) if _NOT_BEFORE_AM.search(text[: m.start()]) else "it", text)
    return _E.sub("it", text)


def _not(match: re.Match[str]) -> str:
    return " not" if match.group(1).lower() == "never" else ""


def _have(text: str, match: re.Match[str]) -> str:
    return "have" if _PLURAL_SUBJECT.search(text[: match.start()]) else "has"


def _ing(verb: str) -> str:
    """ "beep" -> "beeping", "drag" -> "dragging", "smoke" -> "smoking"."""
    verb = verb.lower()
    if verb.endswith("ie"):
        return verb[:-2] + "ying"
    if verb.endswith("e") and not verb.endswith(("ee", "ye", "oe")):
        return verb[:-1] + "ing"
    if re.fullmatch(r"[^aeiou]*[aeiou][bdgmnpt]", verb):
        return verb + verb[-1] + "ing"
    return verb + "ing"


def _past(verb: str) -> str:
    """ "clean" -> "cleaned", "drop" -> "dropped", "lose" -> "lost"."""
    verb = verb.lower()
    if verb in _PARTICIPLES:
        return _PARTICIPLES[verb]
    if verb.endswith("e"):
        return verb + "d"
    if re.search(r"[^aeiou]y$", verb):
        return verb[:-1] + "ied"
    if re.fullmatch(r"[^aeiou]*[aeiou][bdgmnpt]", verb):
        return verb + verb[-1] + "ed"
    return verb + "ed"
