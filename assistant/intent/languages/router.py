"""Routing for a language other than English, in the English router's layers, none able to block another:
the language's hazard phrases (a floor that only adds), rules for dialogue and privileged turns, and the
language's routing model for hazards and intents in any wording. Slots are read by the English slot reader
from a gloss of the sentence in its words ("prensa 5" -> "press 5", "40 minutos" -> "40 minutes")."""

from __future__ import annotations

import difflib
import logging
import re
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from ...models.errors import ModelError
from ...plant import PlantPack
from ..correct import Correction
from ..decision import (
    SURE_DESPITE_CONTEXT,
    IntentDecision,
    elapsed_ms,
    hazard_decision,
    non_hazard_decision,
    rounded,
    timed_prediction,
)
from ..gas_levels import gas_over_alarm
from ..labels import HAZARD_CATEGORIES, RULE_TURNS, Intent
from ..numbered import NAME_WORDS
from ..over_set import far_over_set_zh, over_rated_load
from ..routing_model import ROUTING_DIR
from ..slots import SlotExtractor
from .codes import place_codes, place_readings, uppercase_codes
from .encoder import MultilingualEncoder
from .lexicon import LANGUAGES, ZH_KIND_BY_LAST, Lexicon, fold, load_lexicon
from .model import LanguageRoutingModel, settings_file
from .numbers import to_digits
from .script import simplified

_LOGGER = logging.getLogger(__name__)

_PIN = re.compile(r"(?:\bpin|\bclave|\bcontrasena|密码|口令)\D{0,12}((?:\d\s*){3,8})", re.I)
_CJK_NEXT_TO_ASCII = re.compile(r"(?<=[\u4e00-\u9fff])(?=[A-Za-z0-9])|(?<=[A-Za-z0-9])(?=[\u4e00-\u9fff])")
# Not after "de": "el robot de soldadura 5" is robot 5, not a misheard "soldadora" (a welder).
_BEFORE_NUMBER = re.compile(r"(?<!\bde )\b([a-zñ]+)(\s*(?:numero\s*)?\d)")
NEAR_MISS_MIN = 0.8
# A negation denies only its own clause: "新人没戴手套直接去拿 strip 手烫伤了" is a burn, whatever was not worn. A
# Mandarin writer marks a clause with a space as often as with a comma.
_CLAUSE_BREAK = {
    "es": re.compile(r"[,;.!?¡¿]"),
    "zh": re.compile(r"[，,。；;！!？?\s]"),
}
# Spanish verb endings: "clavada 50" and "paletizado 64" are no misheard "lavadora" or "paletizadora".
_VERB_FORM = re.compile(r"(?:ad[oa]s?|id[oa]s?|ando|iendo|aron|ieron|amos|emos|imos)$")
# The values a correction may replace, each with the flag that says whether the plant pack knows it.
_CORRECTABLE = {
    "line": "",
    "station": "",
    "asset": "asset_known",
    "area": "area_known",
    "batch": "",
    "quantity": "",
    "defect_code": "defect",
    "error_code": "",
    "duration_min": "",
}
_WORD_BEFORE_NUMBER = re.compile(r"\b([A-Za-zñ]+)(\s+)(?=-?\d)")
# The gloss's words that the slot reader reads before a number (see the [slots] rewrites of each language).
_SLOT_WORDS = frozenset(
    """the line station batch lot order work job ticket item serial ref reads spec max min setpoint limit error
    defect defects rejects code alarm fault scrap produced made passed failed down number temperature temp minus of
    hours hour count to""".split()
)
_ZH_PUNCTUATION = re.compile(r"[\s，。！？、,.!?;；:：~～…]+")


# 一 in words that count nothing ("打了我一下", "虚惊一场", "万一"): no value for a correction to change.
_ZH_NOT_A_NUMBER = re.compile(r"一(?:下|场|起|直|样|边|般|会|些|定|旦|切|向|点儿)|万一|统一|唯一")


# Chinese is written without spaces; one typed or dictated between two characters ("地上 的 油 我 清 了") splits what
# the rules read as one word.
_BETWEEN_HANZI = re.compile(r"(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff])")


class LanguageRouter:
    def __init__(self, plant: PlantPack, lexicon: Lexicon, model: LanguageRoutingModel | None) -> None:
        self.language = lexicon.language
        self._lexicon = lexicon
        self._model = model
        self._slots = SlotExtractor(plant)
        self._cancel_words_most = _ES_CANCEL_WORDS if self.language == "es" else _DIALOGUE_WORDS
        # The English words a number may follow in the gloss: the slot reader's names of machines and places, and
        # the last word of each name this language's lexicon glosses into ("5号划片机" is "dicing saw 5"), in any sense
        names = [*lexicon.nouns.values(), *(name for _, name, _ in lexicon.senses)]
        self._name_words = NAME_WORDS | {english.split()[-1] for english in names if english}
        # The dialogue words, longest first: how a Chinese turn, written without spaces, is split.
        self._dialogue_words = sorted(
            lexicon.confirm_strong | lexicon.confirm_words | lexicon.cancel_strong | lexicon.cancel_words,
            key=len,
            reverse=True,
        )

    @property
    def encoder(self) -> MultilingualEncoder | None:
        return self._model.encoder if self._model is not None else None

    def decide(self, transcript: str) -> IntentDecision:
        timings: dict[str, float] = {}
        started = time.perf_counter()
        if self.language == "zh":
            transcript = simplified(transcript)  # "全廠廣播要疏散" is "全厂广播要疏散" to the lexicon
        text = re.sub(r"\s+", " ", to_digits(transcript, self.language, self._lexicon.nouns)).strip()
        folded = _BETWEEN_HANZI.sub("", fold(text)) if self.language == "zh" else fold(text)
        timings["normalise"] = elapsed_ms(started)
        common: dict[str, Any] = {"text": text, "timings_ms": timings, "language": self.language}

        started = time.perf_counter()
        mended, corrections = self.mend(folded)
        common["corrections"] = corrections
        slots = self.slots(mended)
        context = self._context(folded)
        phrase = None if context is not None else self._floor(folded)
        timings["safety"] = elapsed_ms(started)
        if phrase is not None:
            prediction = timed_prediction(self._model, text, timings)
            return IntentDecision(
                intent=Intent.SAFETY_ALERT,
                slots=slots,
                safety=True,
                safety_phrase=phrase,
                hazard_probability=rounded(prediction.hazard_probability) if prediction else None,
                hazard_category=prediction.hazard_category if prediction else None,
                layer="safety",
                evidence={"phrase": phrase},
                **common,
            )

        started = time.perf_counter()
        intent, sure = self._rules(folded, slots)
        timings["rules"] = elapsed_ms(started)
        if intent is Intent.ACK_ALERT and (pin := _PIN.search(folded)):
            slots = {**slots, "pin": re.sub(r"\s", "", pin.group(1))}
        prediction = None if intent in RULE_TURNS else timed_prediction(self._model, text, timings)
        if prediction is None or self._model is None:
            return IntentDecision(intent=intent, slots=slots, layer="rules", **common)
        thresholds = self._model.thresholds
        category = HAZARD_CATEGORIES.get(prediction.hazard_category, "possible hazard")
        # A stop logged with how long it lasted, no one in it and nothing asked ("1号铸造机停了四十分钟, 一直等铝水"):
        # a report, asked about only when the model is all but sure
        lexicon = self._lexicon
        asked = bool(lexicon.pattern("question").search(folded))
        # "¿cómo destapo la tolva sin tener que meterme adentro?": a how-to question names a danger to keep away
        # from, not one now. The floor has had its say; only the model's doubt is no longer asked back.
        if context is None and asked and _HOW_TO_TASK.search(folded):
            context = "hypothetical"
        no_one_in_it = not lexicon.pattern("person_or_urgent").search(folded)
        # no one in it and no near miss: what a stop logged, a reading said normal and a quiet repair all need
        calm = no_one_in_it and not lexicon.pattern("near_miss").search(folded)
        # a stop, a reading said normal, or a reading logged with nothing said wrong ("encogimiento medido en 3%")
        plain_reading = "measurements" in slots and bool(lexicon.pattern("plain_reading").search(folded))
        logged_as_is = "duration_min" in slots or self._said_normal(folded, slots) or plain_reading
        if context is None and not asked and calm and logged_as_is:
            context = "dealt with"
        harmless = context in ("dealt with", "hypothetical")
        # A repair or a check logged with no one hurt and nothing urgent is logged, as in English: asking
        # "is someone in danger?" after "door greased, panic bar works" only teaches workers to say no. So is a
        # person treated and back at work ("atendido en policlínico, reintegrado"), with no near miss in it.
        back_at_work = bool(lexicon.pattern("recovered").search(folded)) and not lexicon.pattern("near_miss").search(
            folded
        )
        quietly_done = context == "dealt with" and (calm or back_at_work)
        # Treated on the spot and back at work ("se le puso curita y siguió trabajando"): an injury's aftermath, for
        # the log however sure the model is, as in English (its certainty is about the injury's words)
        treated_and_back = context == "dealt with" and back_at_work and bool(lexicon.pattern("treated").search(folded))
        # "万一气体报警响了, 往哪个方向撤": a what-if asked, with no one in it, is answered, not asked back about
        what_if = (
            context == "hypothetical" and asked and bool(lexicon.pattern("what_if").search(folded)) and no_one_in_it
        )
        below = SURE_DESPITE_CONTEXT if quietly_done or what_if else thresholds.alert
        if treated_and_back:
            below = _NEVER
        # "¿por qué el chancador se me dispara por alta presión?": a machine's trip asked why, no one and no danger
        # in it, is a fault to troubleshoot: the floor has had its say, and the model's doubt is not asked back
        cause_asked = context is None and asked and no_one_in_it and bool(lexicon.pattern("asks_cause").search(folded))
        if cause_asked and prediction.hazard_probability < thresholds.alert:
            return self._asked_form(
                non_hazard_decision(prediction, rules_intent=intent, sure=sure, slots=slots, common=common), folded
            )
        if harmless and prediction.hazard_probability < below:
            # A hazard fixed and logged, or talked about in a question or a training: no alarm, no question.
            if intent is Intent.UNKNOWN and context == "dealt with":
                intent = Intent.LOG_REPORT  # what was done about a hazard is a report for the log
            return self._asked_form(
                non_hazard_decision(prediction, rules_intent=intent, sure=sure, slots=slots, common=common), folded
            )
        # In such a context the model's alarm becomes a question unless it is all but sure: the context
        # words may be wrong ("¿dónde está la ducha?" said with caustic soda on an arm).
        # "¿ya está corriendo el secador 1?", "3号线现在跑着没": a question about how things stand is neither
        # alarmed nor asked back about a hazard unless the model is all but sure
        # "辛苦了哈, 今天车间热死了": a greeting or thanks the rules are sure of, likewise
        # A procedure asked to be walked through ("llévame paso a paso con el bloqueo de la prensa 2") names its
        # dangers as steps to take: alerted or asked about only when the model is all but sure, as in English
        status = intent in (Intent.STATUS_QUERY, Intent.SMALLTALK, Intent.PROCEDURE) and sure
        sure_despite_context = not (harmless or status) or prediction.hazard_probability >= SURE_DESPITE_CONTEXT
        if prediction.hazard_probability >= thresholds.alert and context != "work order" and sure_despite_context:
            return hazard_decision(prediction, asked=False, phrase=category, slots=slots, common=common)
        # "la banda hace un ruidito, no es urgente, pa' que la chequen al rato": said to be no rush, no one in it
        told_not_urgent = context == "work order" and bool(self._lexicon.pattern("not_urgent").search(folded))
        # "tostador 2 fuera de servicio, sale E22 en pantalla": a fault read off its screen, no one and no near miss in
        # it, nothing asked, is troubleshooting or the log, as in English: alerted only when the model is sure
        code_read = ("error_code" in slots or "tags" in slots) and bool(_SCREEN.search(folded))
        on_screen = context is None and code_read and calm and not asked
        if prediction.hazard_probability >= thresholds.ask and not (told_not_urgent or status or on_screen):
            return hazard_decision(prediction, asked=True, phrase=category, slots=slots, common=common)
        decision = self._asked_form(
            non_hazard_decision(prediction, rules_intent=intent, sure=sure, slots=slots, common=common), folded
        )
        # The Mandarin question words are many more than the lexicon lists: there only a fault said dealt with
        # ("上冲润滑报警E31 已复位") or passed on for maintenance ("有点异响, 回头让维修瞅瞅") is taken for a report
        # when nothing is asked ("要不要叫维修" asks, though with no question mark)
        passed_on = context == "work order" and not lexicon.pattern("hypothetical").search(folded)
        logged = context == "dealt with" or passed_on
        if decision.intent is Intent.TROUBLESHOOT and (self.language == "es" or logged) and not asked:
            # "la impresora de tickets no corta el papel": a fault said, nothing asked, is for the log
            return replace(decision, intent=Intent.LOG_REPORT)
        if decision.intent is Intent.UNKNOWN and context == "work order":
            return replace(decision, intent=Intent.LOG_REPORT)  # a fault passed on for maintenance is for the log
        return decision

    def _asked_form(self, decision: IntentDecision, folded: str) -> IntentDecision:
        """A Mandarin sentence that ends with a question mark is a question, whatever it names ("压铸机6号下次保养
        排在哪天", asked); in Spanish a tag ("¿vale?", "¿dale?") ends many reports, so there the model decides."""
        if self.language == "zh" and decision.intent is Intent.LOG_REPORT and folded.endswith(("?", "？")):
            return replace(decision, intent=Intent.TROUBLESHOOT)
        return decision

    def _said_normal(self, folded: str, slots: dict[str, Any]) -> bool:
        """A measurement said to be normal ("老化房温度稳在45度", "presión estable en 6 bar")."""
        return "measurements" in slots and bool(self._lexicon.pattern("said_normal").search(folded))

    def mend(self, folded: str) -> tuple[str, tuple[Correction, ...]]:
        """A machine's name misheard before its number ("presa 9", "fresadra 2") mended to the closest
        equipment word; only a word the lexicon does not know, only a close one, and every change shown."""
        if self.language != "es":
            return folded, ()
        corrections: list[Correction] = []

        def mend_word(match: re.Match[str]) -> str:
            word = match.group(1)
            # a common word is no misheard name: "del turno 89 %" is the shift's figure, not lathe ("torno") 89
            known = word in self._lexicon.nouns or word in self._lexicon.detect_words
            if known or len(word) < 4 or _VERB_FORM.search(word):
                return match.group(0)
            scored = [(difflib.SequenceMatcher(None, word, noun).ratio(), noun) for noun in self._lexicon.nouns]
            score, noun = max(scored)
            if score < NEAR_MISS_MIN or len(noun) < 4:
                return match.group(0)
            corrections.append(Correction(heard=word, corrected=noun, score=round(score, 2)))
            return noun + match.group(2)

        return _BEFORE_NUMBER.sub(mend_word, folded), tuple(corrections)

    def slots(self, folded: str) -> dict[str, Any]:
        """Slots from a gloss in the slot reader's words; the numbers and codes are the worker's own."""
        gloss = self.gloss(folded)
        slots = self._slots.extract(gloss)
        if self._lexicon.meant is not None and (said := list(self._lexicon.meant.finditer(gloss))):
            slots = _corrected(slots, self._slots.extract(gloss[said[-1].end() :]))
        return place_readings(gloss, place_codes(gloss, slots, self._lexicon.code_words))

    def gloss(self, folded: str) -> str:
        """The sentence in the slot reader's words where they carry a value ("prensa 5" -> "press 5")."""
        gloss = folded
        nouns = self._lexicon.nouns_in(folded)
        if self._lexicon.ranged is not None:
            # "los telares del 1 al 10": looms 1 to 10, the slot reader's range
            gloss = self._lexicon.ranged.sub(
                lambda m: f" {self._plural(m, nouns)} {m['first']} to {m['last']} | ", gloss
            )
        for pattern in self._lexicon.numbered:
            # "the" and a bar keep the slot reader from joining the words around the name to it: "del torno
            # 2" is not a machine called "del lathe 2", "1号升降" not one litre (a bar ends no clause, a comma would)
            gloss = pattern.sub(lambda m: self._numbered_name(m, nouns), gloss)
        for pattern, replacement in self._lexicon.rewrites:
            gloss = pattern.sub(replacement, gloss)
        gloss = _CJK_NEXT_TO_ASCII.sub(" ", gloss)  # "报E12" -> "报 E12": the slot reader looks for word edges
        gloss = _CODE_BEFORE_COMMA.sub(r"\1, ", gloss)  # "d14,3号" (a folded full-width comma): D14, machine 3
        gloss = _WORD_BEFORE_NUMBER.sub(self._cut_unless_slot_word, gloss)
        gloss = uppercase_codes(gloss)  # folded "d14" is the code D14
        return re.sub(r"\s+", " ", gloss).strip()

    def _numbered_name(self, match: re.Match[str], nouns: dict[str, str]) -> str:
        """A numbered name in the slot reader's words; its number said again when it numbers the machine named right
        after it too ("粮仓3号绞龙": silo 3, then "3号绞龙", auger 3)."""
        again = f"{match.group('n')}号" if match.groupdict().get("again") is not None else ""
        return f" the {self._name(match.group('noun'), nouns)} {match.group('n')} | {again}"

    def _plural(self, match: re.Match[str], nouns: dict[str, str]) -> str:
        """The English plural of the machine a Spanish plural names ("telares" -> "looms", "prensas" -> "presses")."""
        said = match["noun"].lower()
        singular = said[:-2] if said.endswith("es") and said[:-2] in nouns else said[:-1]
        name = nouns.get(singular, singular)
        return name + ("es" if name.endswith(("s", "sh", "ch", "x")) else "s")

    def _name(self, noun: str, nouns: dict[str, str]) -> str:
        """The slot reader's word for a machine or place: the lexicon's (in the sense of the sentence), or for a
        Mandarin name it does not list its kind by the last character ("离心机" a machine, "钢化炉" a furnace)."""
        return nouns.get(noun.lower()) or ZH_KIND_BY_LAST[noun[-1]]

    def _cut_unless_slot_word(self, match: re.Match[str]) -> str:
        """A word of the worker's language right before a number is cut from it ("registra | 48", "hasta |
        2027"): only the gloss's English names of machines and places, and the slot reader's own words, name
        a number; otherwise the slot reader would take "registra 48" for a machine of that name."""
        word = match.group(1)
        if word in _SLOT_WORDS or word in self._name_words or word.isupper():
            return match.group(0)
        if _RUN_AFTER.match(match.string, match.end()):
            return match.group(0)  # "looms 1 to 10": a run of machines the gloss wrote (see `_plural`)
        return f"{word} |{match.group(2)}"

    def _context(self, folded: str) -> str | None:
        """What makes hazard words not a hazard now: a hazard dealt with, a question or training about one,
        a maintenance request; None when nothing does."""
        lexicon = self._lexicon
        if lexicon.pattern("urgent").search(folded):
            return None
        # "la fuga no se ha reparado y huele cada vez más": the fix word is there, denied
        if lexicon.pattern("resolved").search(folded) and not lexicon.pattern("fix_denied").search(folded):
            return "dealt with"
        if lexicon.pattern("training").search(folded) or (
            lexicon.pattern("question").search(folded) and lexicon.pattern("hypothetical").search(folded)
        ):
            return "hypothetical"
        return "work order" if self._routine_work_order(folded) else None

    def _floor(self, folded: str) -> str | None:
        """The phrase that raises an alert by itself (when no context makes it harmless: see `_context`)."""
        negated = self._lexicon.negated
        for pattern in self._lexicon.safety:
            for match in pattern.finditer(folded):
                before = _CLAUSE_BREAK[self.language].split(folded[max(0, match.start() - 24) : match.start()])[-1]
                if negated is None or not negated.search(before):
                    return match.group(0)
        if self.language == "zh":  # "都1100多度了还往上蹿, 设定才860": a reading far over its set value
            return far_over_set_zh(folded) or over_rated_load(folded, "zh")
        # "h2s a 50 ppm en el foso": over a gas monitor's first alarm; "levantando 12 toneladas, capacidad 10"
        return gas_over_alarm(folded, self.language) or over_rated_load(folded, self.language)

    def _routine_work_order(self, folded: str) -> bool:
        lexicon = self._lexicon
        return bool(lexicon.pattern("work_order").search(folded)) and not lexicon.pattern("person_or_urgent").search(
            folded
        )

    def _rules(self, folded: str, slots: dict[str, Any]) -> tuple[Intent, bool]:
        """(intent, sure): sure means the model's intent is not asked (its hazard check still runs)."""
        lexicon = self._lexicon
        if lexicon.pattern("acknowledge").search(folded) and not _HOW_TO.search(folded):
            return Intent.ACK_ALERT, True  # "¿cómo se le quita la alarma A220 al robot 3?" asks how
        if lexicon.pattern("procedure").search(folded):
            return Intent.PROCEDURE, True
        words = self._words(folded)
        short = len(words) <= 8 and len(folded) <= 40
        no_number = not re.search(r"\d", folded)
        # "no era la línea 2, era la línea 5" names a value: a correction, not a cancel
        if no_number and (
            _made_of(words, lexicon.cancel_strong, lexicon.cancel_words, self._cancel_words_most)
            or (short and lexicon.pattern("cancel").search(folded))
        ):
            return Intent.CANCEL, True
        if _made_of(words, lexicon.confirm_strong, lexicon.confirm_words) or (
            short and lexicon.pattern("confirm").search(folded)
        ):
            return Intent.CONFIRM, True
        if (
            lexicon.pattern("correction").search(folded)
            and re.search(r"[\d零一二两三四五六七八九十]", _ZH_NOT_A_NUMBER.sub("", folded))
            and len(folded) <= 60
            and (
                any(f in folded for f in lexicon.correction_fields)
                or len(words) <= 6
                or self.language == "zh"
                # "era la prensa 6, no la 5": a machine's number said against another
                or (_SAID_AGAINST.search(folded) is not None and any(p.search(folded) for p in lexicon.numbered))
            )
        ):
            return Intent.CORRECTION, True
        if lexicon.pattern("status").search(folded):
            return Intent.STATUS_QUERY, True
        # a Mandarin greeting's words are characters the dialogue words do not list: "辛苦了哈, 今天车间热死了" (but
        # "早班" is the morning shift, no "早")
        greeting = lexicon.pattern("greeting").search(folded)
        short_zh = self.language == "zh" and len(folded) <= 14 and greeting is not None and len(greeting.group(0)) >= 2
        # workers' chatter ("食堂有嘛好吃的", "你饭盒放哪了", "你听见没"): smalltalk however long the turn
        short_zh = short_zh or (greeting is not None and bool(greeting.groupdict().get("chatter")))
        if greeting is not None and (len(words) <= 5 or short_zh):
            return Intent.SMALLTALK, True
        question = bool(lexicon.pattern("question").search(folded))
        report = bool(lexicon.pattern("report").search(folded))
        if question:
            return Intent.TROUBLESHOOT, "error_code" in slots
        if report or any(key in slots for key in ("quantity", "defect_code", "batch", "duration_min")):
            return Intent.LOG_REPORT, False
        return Intent.UNKNOWN, False

    def _words(self, folded: str) -> list[str]:
        """The words of a short turn: spaced words, or for Chinese the longest dialogue words that cover it."""
        if self.language != "zh":
            return re.findall(r"[a-zñ']+", folded)
        text = _ZH_PUNCTUATION.sub("", folded)
        vocabulary = self._dialogue_words
        words: list[str] = []
        while text:
            word = next((w for w in vocabulary if text.startswith(w)), text[0])
            words.append(word)
            text = text[len(word) :]
        return words


_SAID_AGAINST = re.compile(
    r"\d+\s*,?\s*no\s+(?:de |el |la |en )?[a-z]?\d+\b"
    r"|^(?:(?:perdon[ae]?|disculpa|ay),?\s+)?(?:no,?\s+)+(?:era|es|fue)\b"
)
# "déjalo, olvídalo, me he equivocado de máquina": as long as an English dialogue turn may be
_DIALOGUE_WORDS = 7
# A Spanish cancel says what not to do in more words: "no, no, olvida eso, bórralo, no lo registres"
_ES_CANCEL_WORDS = 9
# A question of how to do it: "¿cómo se le quita la alarma?", "报警怎么消除".
_HOW_TO = re.compile(r"^[¿¡]?\s*(?:y\s+)?como\b|怎么|如何")
# A question of how to do a task, not of how someone or something is: "¿cómo está el compañero?" asks after a person.
_HOW_TO_TASK = re.compile(
    r"^[¿¡]?\s*(?:y\s+)?como\s+(?!(?:esta|estan|va|van|anda|andan|sigue|siguen|quedo|quedaron|se siente)\b)"
)
# A run of numbered machines as the gloss writes it: "looms 1 to 10".
_RUN_AFTER = re.compile(r"\d+ to \d+ \|")
# Where a machine shows its fault code: "sale F07 en la pantalla", "el HMI marca A12".
_SCREEN = re.compile(r"\b(?:pantalla|display|hmi|visor)\b")
# Above any hazard probability: the model's certainty does not turn the turn into an alert.
_NEVER = 1.01
_CODE_BEFORE_COMMA = re.compile(r"\b([a-z]{1,3}\d+),(?=\d)", re.I)


def _corrected(slots: dict[str, Any], meant: dict[str, Any]) -> dict[str, Any]:
    """`slots` with the values said after a correction's "it is" in place of those said before them."""
    corrected = dict(slots)
    for key, known in _CORRECTABLE.items():
        if key in meant:
            corrected[key] = meant[key]
            corrected.pop(known, None)
            if known in meant:
                corrected[known] = meant[known]
    return corrected


def _made_of(words: list[str], strong: frozenset[str], allowed: frozenset[str], most: int = _DIALOGUE_WORDS) -> bool:
    """A dialogue turn: a few words, all of them dialogue words, at least one that carries the meaning."""
    made_of = all(w in strong or w in allowed for w in words)
    return 0 < len(words) <= most and made_of and any(w in strong for w in words)


def load_language_routers(
    plant: PlantPack, languages: tuple[str, ...], *, verify: bool = True
) -> dict[str, LanguageRouter]:
    """A router for each of `languages` besides English. A language without a trained model keeps its
    phrase floor and rules, with a warning; a model file that fails its check is refused (ModelError)."""
    routers = {}
    encoder: MultilingualEncoder | None = None
    for language in languages:
        if language not in LANGUAGES:
            continue
        routing_dir: Path = plant.root / ROUTING_DIR
        model = None
        if (routing_dir / settings_file(language)).is_file():
            encoder = encoder or MultilingualEncoder.load(verify=verify)
            model = LanguageRoutingModel.load(routing_dir, language, encoder)
        else:
            _LOGGER.warning(
                "no %s routing model in %s: run 'assistant intents train --language %s'; hazard phrases and rules only",
                language,
                routing_dir,
                language,
            )
        routers[language] = LanguageRouter(plant, load_lexicon(language, plant.root), model)
    return routers


__all__ = ["LanguageRouter", "ModelError", "load_language_routers"]
