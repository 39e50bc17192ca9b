"""Letters and machine models as a speech recogniser writes them.

A recogniser writes a letter said alone as the word it sounds like: "E seventy" comes back as "he seventy",
"CV-10" as "see vee ten", "TW-50" as "tee double-u fifty". These are read back into letters only where they
spell something the pack knows (a section's code, an asset's model), so a common word that happens to sound
like a letter ("see", "you", "are") changes nothing elsewhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..intent.correct import common_words
from ..intent.letters import LETTER_NAMES
from ..intent.normalize import normalize_numbers

_TOKEN = re.compile(r"[A-Za-z]+|\d+")


def letter_of(word: str) -> str | None:
    """The letter a word names ("vee" -> "V", "e" -> "E"), or None."""
    word = re.sub(r"[\s-]+", " ", word.strip().lower()).replace("double u", "double-u")
    if len(word) == 1 and word.isalpha():
        return word.upper()
    return LETTER_NAMES.get(word) or LETTER_NAMES.get(word.replace(" ", "-"))


def squash_model(model: str) -> str:
    """A model or code without its punctuation, upper case: "CV-10" -> "CV10"."""
    return re.sub(r"[^0-9A-Za-z]", "", model).upper()


def _letters(words: list[str], glued: bool) -> str | None:
    """Words read as letters ("see", "vee" -> "CV"; "double", "u" -> "W"; "CV"), or None. `glued`: the last word
    was written joined to the number ("cv10", "rw-5"), so it is letters whatever its case."""
    out, i = "", 0
    while i < len(words):
        pair = " ".join(words[i : i + 2]).lower()
        if letter := letter_of(pair) if pair.startswith("double ") else None:
            out, i = out + letter, i + 2
        elif letter := letter_of(words[i]):
            out, i = out + letter, i + 1
        elif len(words[i]) <= 3 and (words[i].isupper() or (glued and i == len(words) - 1)):  # "CV 10", "cv10"
            out, i = out + words[i].upper(), i + 1
        else:
            return None
    return out


def spoken_model(text: str, models: Iterable[str]) -> tuple[str, tuple[int, int]] | None:
    """The first of `models` that `text` says letter by letter ("see vee ten" for CV-10, "cv10", "C V 10"), with
    where it was said in `normalize_numbers(text)`; None when none is."""
    wanted = {squash_model(model): model for model in models if model}
    text_n = normalize_numbers(text)
    tokens = list(_TOKEN.finditer(text_n))
    for i, token in enumerate(tokens):
        if not token.group(0).isdigit() or (i and tokens[i - 1].group(0).isdigit()):
            continue
        end = i
        while end + 1 < len(tokens) and tokens[end + 1].group(0).isdigit():
            end += 1
        for run in range(end, i - 1, -1):  # "CV 10 2": the longest number that makes a model
            digits = "".join(t.group(0) for t in tokens[i : run + 1])
            for back in range(1, 5):
                if back > i:
                    break
                words = [t.group(0) for t in tokens[i - back : i]]
                joined = tokens[i].start() - tokens[i - 1].end() <= 1 and not text_n[tokens[i - 1].end()].isspace()
                letters = _letters(words, joined)
                if letters and (model := wanted.get(letters + digits)):
                    return model, (tokens[i - back].start(), tokens[run].end())
    return None


def with_model_named(text: str, models: dict[str, str]) -> tuple[str, str] | None:
    """`text` (numbers as digits) with a model said letter by letter replaced by the asset name `models` gives it,
    and that model; None when no model is said."""
    found = spoken_model(text, models)
    if found is None:
        return None
    model, (start, end) = found
    numbered = normalize_numbers(text)
    return f"{numbered[:start]}{models[model]}{numbered[end:]}", model


# A word that drops the g of "-ing", as much of the US South, Scotland and the north of England say it ("pushin",
# "showin'"): a recogniser writes what it hears. Real words ending in "-in" that would read as such a word are kept.
_G_DROPPED = re.compile(r"\b(?P<stem>[A-Za-z]{2,})in(?P<mark>')?(?![\w'])")
_ENDS_IN_IN = frozenset({"login", "plugin", "bulletin", "satin", "raisin", "putin", "herein", "therein", "wherein"})


def with_g_restored(text: str, known: frozenset[str] = frozenset()) -> str:
    """`text` with each "-in" said for "-ing" written out ("pushin weak" -> "pushing weak"), so that its words meet
    the manuals' and the synonyms' forms. Only where "-ing" makes a word: of a common word ("push", "use", "stop"),
    or a common "-ing" word itself ("morning"), or of a word in `known` (the manuals' and the synonyms'); a common word
    that ends in "-in" ("begin", "cabin") or a name stays."""
    common = common_words()

    def restored(match: re.Match[str]) -> str:
        stem, word = match.group("stem"), match.group(0).rstrip("'")
        lower = stem.lower()
        if match.group("mark"):
            return f"{stem}ing"
        if word.lower() in common or word.lower() in _ENDS_IN_IN:  # "thin", "cabin"
            return word
        if f"{lower}ing" in common:
            return f"{stem}ing"
        if stem[0].isupper():  # a name ("Dustin")
            return word
        # of a verb, common ("flash", "stop" of "stoppin") or one the pack knows ("squeal"); not of a vowel ("hero"
        # of "heroin") nor of two letters ("vein"). Other words stay: "-ing" would meet nothing searched.
        verbs = {lower, lower[:-1] if lower[-1] == lower[-2] else ""}
        verb = len(lower) > 2 and lower[-1] not in "aeiouy" and bool(verbs & common or verbs & known)
        return f"{stem}ing" if verb else word

    return _G_DROPPED.sub(restored, text)


# Words of Scots as a recogniser writes them ("whit dae I dae", "it's jist sittin there wi' an alarm", "it cannae
# lift"), read as the English the manuals and the synonyms are written in: left as they are, they are words no
# section shares, so they thin a question's word match and pull its meaning away from the manual's.
_SCOTS = {
    "whit": "what",
    "dae": "do",
    "ye": "you",
    "wi": "with",
    "intae": "into",
    "oot": "out",
    "aboot": "about",
    "withoot": "without",
    "aff": "off",
    "jist": "just",
}
_SCOTS_WORD = re.compile(rf"\b(?P<word>{'|'.join(_SCOTS)})(?P<mark>')?(?![\w'-])", re.I)
# "cannae", "didnae", "isnae", "hasnae": the Scots "not" grown onto its verb ("can" + "nae")
_SCOTS_NOT = re.compile(r"\b(?P<verb>can|did|does|do|is|was|has|have|had|will|would|could|should|are|were)nae\b", re.I)
# A word said only to be polite ("what are the daily checks po", Filipino) or a term of address ("Ma'am,", "sir"):
# it asks nothing, and is no word of any manual.
_COURTESY = re.compile(r"\b(?:opo|po|ma'am|maam|madam|sir)\b(?!['-])", re.I)
# "po" is also a purchase order ("PO 88213", "the PO number"): kept before a number or its name
_ORDER = re.compile(r"\s*(?:#|\d|number\b|no\b)", re.I)


# Tagalog as Filipino technicians mix it into English (Taglish: "paano po palitan yung filter", "nag-trip yung
# motor ng pump"): its function words and the few task words a shop floor says, read as English like the Scots
# above. Only in a question that is Taglish (`_TAGALOG_MARKS`): "init", "sa", "na" and "bago" are other things in
# English. An empty reading drops the word: a linker, an article or a filler asks nothing.
_TAGALOG = {
    # linkers, articles, plural and particles ("yung clamp", "ng press", "daw", "naman")
    **dict.fromkeys("ang ng nang yung iyong mga na ba daw raw lang naman pa pong ko sige".split(), ""),
    "sa": "in",
    "ano": "what",
    "anong": "what",
    "paano": "how do I",
    "saan": "where",
    "sino": "who",
    "bakit": "why",
    "kailan": "when",
    "kung": "if",
    "pag": "when",
    "kapag": "when",
    "dapat": "should",
    "hindi": "not",
    "walang": "no",
    "kasi": "because",
    "para": "to",
    "para sa": "for",
    "kailangan": "need",
    "namin": "we",
    "kami": "we",
    "sabi": "says",
    "bago": "before",
    "bagong": "new",
    "gawin": "do",
    "gagawin": "do",
    "palit": "change",
    "magpalit": "change",
    "pagpalit": "change",
    "nagpalit": "changed",
    "palitan": "change",
    "papalitan": "change",
    "naipit": "stuck",
    "naiipit": "stuck",
    "ipit": "stuck",
    "init": "hot",
    "mainit": "hot",
    "sobra": "too",
    "sobrang": "too",
    "kulang": "low",
    "araw-araw": "daily",
    "tanggalin": "remove",
    "alisin": "remove",
    "linisin": "clean",
    "ayusin": "fix",
    "tingnan": "check",
    "tignan": "check",
    "mahina": "weak",
    "sira": "broken",
    "sirang": "broken",
    "nasira": "broke",
    "tumigil": "stopped",
    "huminto": "stopped",
    "mabagal": "slow",
    "tumutulo": "leaking",
    "nadudulas": "slipping",
}
_TAGALOG_WORD = re.compile(
    rf"(?<![\w'-])(?P<word>{'|'.join(sorted(_TAGALOG, key=len, reverse=True))})(?![\w'-])(?P<comma>,)?", re.I
)
# Words only Tagalog says: two of them make a question Taglish ("ano po", "yung ... ng"); one English word that
# looks like one ("ang" in a name) does not.
_TAGALOG_MARKS = frozenset(
    "po opo pong yung ang ng mga nang paano ano anong saan kung bakit kasi naman daw gagawin gawin".split()
)
# A Tagalog verb prefix on an English verb ("i-verify", "mag-setup", "naka-engage", "nag-aalarm"), with the first
# syllable said twice for an act going on ("aalarm", "tri-trip"): the English verb is what is asked about.
_AFFIXED = re.compile(
    r"(?<![\w'-])(?:i|mag|nag|naka|pag|ma|na|nakaka|nagka)-(?P<verb>(?:[a-z]{1,3}-)?[a-z]{2,})\b", re.I
)
_DOUBLED = re.compile(r"^([a-z]{1,3})-?(?=\1[a-z])", re.I)


# "hindi pasok yung gap sa spec": "pasok sa" is "within", its subject said between them ("the gap is not within
# the spec", in the order the manuals' words have it).
_WITHIN = re.compile(r"\b(?P<neg>hindi )?pasok (?:yung |ang )?(?P<what>[a-z]+ )?sa\b", re.I)


def is_taglish(text: str) -> bool:
    """Whether `text` mixes Tagalog in: two different words only Tagalog says."""
    return len(_TAGALOG_MARKS & set(re.findall(r"[a-z]+", text.lower()))) >= 2


def with_tagalog_read(text: str) -> str:
    """`text`, when it is Taglish, with its Tagalog words read as English ("paano po palitan yung belt" -> "how do I
    po change belt") and Tagalog prefixes taken off English verbs ("i-verify" -> "verify"); otherwise unchanged."""
    if not is_taglish(text):
        return text
    text = _AFFIXED.sub(lambda m: _DOUBLED.sub("", m.group("verb")), text)
    text = _WITHIN.sub(lambda m: f"{m.group('what') or ''}{'not ' if m.group('neg') else ''}within the", text)
    text = _TAGALOG_WORD.sub(_english, text)
    return re.sub(r"\s*,?\s*([,.?!])", r"\1", re.sub(r"\s{2,}", " ", text)).strip(" ,")


def _english(match: re.Match[str]) -> str:
    """A Tagalog word's English; a dropped word ("sige,") takes its comma with it."""
    english = _TAGALOG[match.group("word").lower()]
    return _cased(english, match.group("word")) + (match.group("comma") or "") if english else ""


def with_dialect_read(text: str) -> str:
    """`text` with Scots words written in English ("whit dae I dae" -> "what do I do", "cannae" -> "can not"), Tagalog
    read as English in a Taglish question (`with_tagalog_read`) and courtesy words dropped ("the daily checks po",
    "Ma'am, what are ..."), so that what is asked meets the manuals."""
    text = with_tagalog_read(text)
    text = _SCOTS_NOT.sub(lambda m: f"{m.group('verb')} not", text)
    text = _SCOTS_WORD.sub(lambda m: _cased(_SCOTS[m.group("word").lower()], m.group("word")), text)

    def dropped(match: re.Match[str]) -> str:
        polite = match.group(0).lower() != "po" or not _ORDER.match(text, match.end())
        return "" if polite else match.group(0)

    if (kept := _COURTESY.sub(dropped, text)) == text:
        return text
    # the commas and spaces that set the dropped word off
    kept = re.sub(r"\s*,?\s*([,.?!])", r"\1", re.sub(r"\s{2,}", " ", kept))
    return re.sub(r"^[\s,]+|[\s,]+$", "", kept)


def _cased(word: str, like: str) -> str:
    """`word` capitalised as `like` was ("Whit" -> "What")."""
    return word[:1].upper() + word[1:] if like[:1].isupper() else word
