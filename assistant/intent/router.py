"""Routing in layers that cannot block each other.

1. The plant's hazard phrases: a fast floor that can only ADD a hazard, never decide that something is
   not one. It stays quiet for questions about hazards ("what do we do if someone gets caught in the
   press") and for reports that say the hazard was dealt with; the model judges those.
2. Rules for dialogue and privileged turns (yes / no / corrections, acknowledging alerts, status).
3. The routing model (fine-tuned MiniLM): hazard probability, hazard category and intent, for wording
   nobody wrote down. A hazard probability in the middle band asks the worker at once instead of
   guessing either way. Rules that are sure (a question about a named machine) keep the intent.

A transcript is untrusted input, so the decision that pages people or writes a record is made here,
in deterministic code and a small trained model, never by a language model.
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from ..plant import PlantPack
from .correct import VocabularyCorrector
from .decision import (
    SURE_DESPITE_CONTEXT,
    elapsed_ms,
    hazard_decision,
    non_hazard_decision,
    rounded,
    timed_prediction,
)
from .decision import IntentDecision as IntentDecision  # re-exported: the pipeline and handlers import it here
from .gas_levels import gas_named
from .labels import HAZARD_CATEGORIES, RULE_TURNS, Intent
from .languages.encoder import MultilingualEncoder
from .languages.router import LanguageRouter
from .llm_slots import LlmSlotExtractor
from .normalize import normalize
from .pidgin import with_pidgin_read
from .routing_model import RoutingModel
from .safety import SafetyDetector
from .slots import SlotExtractor

LOG_REPORT = Intent.LOG_REPORT
TROUBLESHOOT = Intent.TROUBLESHOOT
SAFETY_ALERT = Intent.SAFETY_ALERT
CONFIRM = Intent.CONFIRM
CANCEL = Intent.CANCEL
CORRECTION = Intent.CORRECTION
STATUS_QUERY = Intent.STATUS_QUERY
ACK_ALERT = Intent.ACK_ALERT
SMALLTALK = Intent.SMALLTALK
UNKNOWN = Intent.UNKNOWN
PROCEDURE = Intent.PROCEDURE
INTENTS: tuple[str, ...] = tuple(Intent)

LLM_MIN_WORDS = 8  # shorter reports are what the rules parse best; the LLM is for rambling ones

# Dialogue turns are short and made only of these words ("yes, that's right", "no, cancel it"), with at
# least one that carries the meaning.
# with the yes of workers' first languages: "da, is correct", "ja", "si", "sim", "tak"
# Who a short answer is said to ("correct chale, log it", "nah boss, scrap it"): words that change nothing in it.
_SAID_TO = set("boss chief chale cher bro bruv buddy bud pal man mon ma'am sir brother bhai b'y ji".split())
_CONFIRM_STRONG = set(
    "yes yeah yep yup correct right confirm confirmed affirmative ok okay sure exactly save "
    "da ja si sí sim tak oui aye oo yebo ewe haan ndio ndiyo sawa correcto betcha opo sige tama".split()
)
_CONFIRM_WORDS = (
    _CONFIRM_STRONG
    | _SAID_TO
    | set("that's that is it please good sounds all go on ahead log send one the ah oh um uh ya lah la mate".split())
    | {"spot", "and"}
    | {"you"}  # "yeah you right, go ahead", as New Orleans says it
    | {"put", "in", "am"}  # "yeah, put it in"; "yes please, log am", as West African English says it
    | {"tidy"}  # "aye that's tidy, put it in", as Wales says it
    | {"er", "po", "yan"}  # "yes b'y, send 'er"; "opo, tama po yan, sige", as Filipino crews say it
    | {"like"}  # "yep, log it like that"
    | {"can", "already"}  # "ya can, that one correct", "correct already": yes, as Singapore says it
    | {"lug"}  # "correct, lug it": "log" as speech to text writes it
    | {"na"}  # "yes na so, correct": "that's it", as Nigeria says it (its "so" is taken out before the words are read)
)
_CANCEL_STRONG = set(
    "no nope nah naw nay belay cancel cancelled canceled wrong wrang scratch discard abort forget delete not never "
    "don't dont "
    "hindi hapana".split()
) | {"doh"}  # "doh log that": don't, as Trinidad says it
_CANCEL_WORDS = (
    _CANCEL_STRONG
    | set(
        "that it mind right that's is please stop scrap bin ditch drop leave log send save one machine line entry "
        # "cancel it, I said the wrong line", "nah, leave it, don't bother", "forget the whole thing"
        "i said the whole thing bother my mistake station anything wait last previous ah oh um uh haibo lah "
        # "forget it mate, never mind"; "nah" heard as "now"; "forget what I just said"
        "nevermind mate now what just "
        # Scots: "naw, bin that", "ach never mind, leave it" ("bin" heard as "been")
        "ach och been "
        # "naw, bin that one, wrang still"; "forget dat, cancel it, I ain't finish"
        "wrang still dat dat's ain't aint finish finished "
        # "olvídalo, cancel that one"; "abeg cancel am, no put am for log", as Nigeria says it
        "olvídalo olvidalo abeg am put for "
        # "nah scratch that, don't put that in"; "take it out, wrong unit"
        "in take out unit "
        # "eish no, scrap that one", as South Africa says it; "nay, bin that"
        "eish "
        # "hang on, hang on, don't put that in" ("hold on"); "nah, don't log nothing" (a double negative)
        "hang hold on nothing record "
        # "ne ne, delete that" (nee: no, as South Africa says it); "abeg cancel that one, I no mean am"
        "ne nee mean meant "
        # "nah scratch that, don't log nothin"; "no, scrap that, don't lug it" ("log" as speech to text writes it)
        "nothin lug "
        # "forget it, I'll report it later" ("I go report am later", as Nigeria says it): reported later, not now
        "later report will i'll".split()
    )
    | _SAID_TO
)
_DIALOGUE_WORDS = 8  # "no, scrap that, don't log it"; "hang on, hang on, don't put that in, bin it" (distinct words)
_CONFIRM_DIALOGUE_WORDS = 9  # "haan ji, that's it, go ahead and log it": every word a yes or its frame
_NA_SO = re.compile(r"\bna so\b", re.I)
# "Cancel, cancel, I say the wrong thing": the cancel said first, then why, with no value in it
_CANCEL_FIRST = re.compile(
    r"^(?:(?:no|nah|nope|naw)[, ]+)*(?:cancel|scratch|scrap|delete|discard)(?: (?:that|it|this))?(?:[,.!]+ ?"
    r"(?:cancel|scratch|scrap|delete|discard)(?: (?:that|it|this))?)*[,.!]+ (?:i|i've|we|my|wrong|sorry)\b[^\d]{0,40}$",
    re.I,
)
# "nah nah cancel, don't save it, that was last week's": the cancel, then not to log it, and why, with no value
_CANCEL_DONT_LOG = re.compile(
    r"^(?:(?:no|nah|nope|naw)[, ]+)*(?:cancel|scratch|scrap|delete|discard)(?: (?:that|it|this))?[,.!]+ ?"
    r"(?:don'?t|do not|no need to) (?:log|save|record|put|enter|send) (?:that|it|this)\b[^\d]{0,40}$",
    re.I,
)
# "delete the last one please, I will tell again": the record just read back taken away, however it goes on
_CANCEL_LAST = re.compile(
    # ("naw" heard as "now")
    # ("scratch that last one, I put it on the wrong bin")
    # ("cancel cancel, delete the last entry sir")
    # ("ach, away and forget that last one", as Scotland says it)
    # ("never mind, kill that last one": "kill" an entry, as radio talk says it)
    r"^(?:(?:no|nah|nope|naw|now|sorry|please|cancel|ach|och|ah|aw|oh|never ?mind|forget it)[, ]+)*"
    r"(?:(?:away and|just|go on and) )?"
    r"(?:delete|cancel|scrap|scratch|remove|discard|forget|bin|ditch|drop|kill) (?:about )?(?:the |that |my )?"
    r"(?:last|previous) (?:one|entry|report|record|log)\b",
    re.I,
)
# "Confirmed, 12 pieces": a yes that repeats the value read back, and may say to log it ("yeah yeah right, 240 kilos,
# save it").
_CONFIRM_REPEATING = re.compile(
    # ("yeah correct, line 4 that's it": the value with the field it fills, and a "that's it")
    r"^(?:(?:yes|yep|yeah|ya|correct|right|confirm(?:ed)?)\b[ ,]+)+(?:[a-z]+ )?\d[\d.,]*(?:\s+[a-z]+)?"
    r"(?:[ ,.]+(?:log|save|record|send|enter|book)(?: it| that| this)?(?: in)?)?"
    r"(?:[ ,.]+(?:that'?s (?:it|right|the one|correct)|exactly))?[ .!]*$",
    re.I,
)
# "change the quantity to 14", "make that 12", "no, defect D14", "actually it was batch 2240"
_CORRECTION = re.compile(
    # ("change the belt on conveyor 4" is a repair reported, heard without its "-d")
    r"^(?:no,? )?(?:change(?! ?over)(?=.*\b(?:to|into)\b)|make|set|correct|update|actually)\b"
    r"|\b(?:should be|not)\s+[A-Z]?\d+\b|^it was\b"
    r"|^(?:no|sorry)\b[^.?!]{0,25}\bi (?:said|meant|mean)\b"  # "sorry, line four, I said line four"
    r"|^(?:no|naw)\b[, ]+(?:it'?s |it was |that'?s |the )?"
    r"(?:(?:line|station|batch|lot|quantity|count|defect|error|code)(?: code)?\s+)?[A-Z]?\d+\b",
    re.I,
)
# A value said against the one read back: "no, it was press 7, not press 1" ("make it 45 minutes instead" starts
# like a correction; "cut at 1.2 metres instead of 1.5" is a report).
_CONTRAST = re.compile(
    r"^no\b[, ]+(?:it'?s |it was |that'?s |the |(?:it )?should be )?(?:[a-z]+\s+){0,2}[A-Z]?\d+\b"
    r"|\bnot\s+(?:(?!\w+ing\b)[a-z]+\s+)?[A-Z]?\d+\b",  # "not press 3", not "not reaching 60"
    re.I,
)
# "set the dryer on line two up to a hundred and sixty-five": a machine's setting turned, not a record corrected
_SETTING = re.compile(r"\bset ?points?\b|\bsettings?\b|\b(?:up|down) to\b", re.I)
_SAID_AGAINST = re.compile(
    r"^(?:no|sorry|nah|nope)\b[, ]+(?:\d+[, ]+)?i (?:said|meant|mean)\b[^\d]{0,20}\d"
    r"|^(?:no|sorry|nah|nope)\b[, ]+\d+(?:\.\d+)?[, ]+(?:not|instead of) \d+"  # "no, fifteen, not fifty"
    # "no be forty thousand, na forty-five thousand": the value said against, then the right one, in Pidgin
    r"|^no be \d[\d.,]*[, ]+na \d"
    # "not P-210, P-201, the one by the tower": the tag read back said against, then the right one
    r"|^(?:(?:no|nah|nope)[, ]+)?not (?:[a-z]+ )?[a-z]{0,4}-?\d+[a-z]?[, ]+(?:it'?s |the )?[a-z]{0,4}-?\d+[a-z]?\b"
    # "no sir, that was pump P-104B": the machine read back said to be another, and nothing more
    r"|^(?:no|nah|nope|naw)\b[, ]+(?:(?:sir|boss|chief|mate|ma'am|madam|oga)[, ]+)?(?:it'?s|it was|that'?s|that was|"
    r"that is|it is) (?:the )?(?:[a-z]+ ){0,2}[a-z]{0,4}-?\d+[a-z]?[ .!]*$",
    re.I,
)
# "Log that machine 14 was down 40 minutes": told to log it, it is a report whatever it mentions.
# "Mark it down, the wrapper on line seven keeps stopping": so is being told to write it down.
_LOG_COMMAND = re.compile(
    r"^(?:(?:hey|ok|okay|please),?\s+)?(?:(?:log|record|note)(?:\s+(?:that|this|it|down))?|"
    r"(?:mark|write|jot)\s+(?:that|this|it)\s+down)\b",
    re.I,
)
# Work booked ahead, as a planner writes it: "Planned s/d line 2 Sat 06:00-14:00 for gearbox change".
_BOOKED_AHEAD = re.compile(r"^(?:planned|scheduled)\s+(?:s/d|shutdown|outage|stop|downtime|maintenance|pm)\b", re.I)
_STATUS = re.compile(
    r"\b(last|previous) (report|entry|log)\b"
    r"|\b(any|open)( (open|safety|active|outstanding|unacknowledged|live|new))* (alerts?|alarms?|incidents?)\b|"
    r"\bwhat did i (just )?log\b|"
    # ("status light green" is a lamp read, not a question)
    r"\bdid (my|the) (last )?report save\b|\bstatus\b(?! (?:lights?|lamps?|leds?|indicators?)\b)"
    # what the log holds: "what's logged for downtime on the labeller this shift?"
    r"|\bwhat(?:'s| is| was| has been| have we| did we)? (?:got )?(?:logged|recorded|booked|put down) "
    r"(?:for|on|against)\b[^.!]{0,60}\?"
    # a count asked after: "what's the count on trailers at the dock, we hit twelve yet?"
    r"|\bwhat'?s the (?:count|total|tally|number) (?:on|of|for)\b[^.!]{0,60}\?"
    # whether something was reported: "did anybody report the spill at the pellet plant yet?"
    r"|\b(has|have|did) (anybody|anyone|somebody|someone|you|we) (already )?(report|log|record)\w*\b"
    r"[^.!]{0,60}\b(yet|already)\b"
    r"|\b(has|have|did) (anybody|anyone|somebody|someone|you|we) already (report|log|record)\w*\b"
    # "how much downtime we got so far this shift"
    r"|\bhow (much|many) (downtime|scrap|rejects?|alerts?)\b[^.!]{0,30}\b(so far|this shift|today|tonight)\b"
    # whether a machine still runs or stands: "is vat five still making or did they wash it already?"
    r"|^(is|are) (the |that |number )?[\w' -]{1,30}? (still|already) (running|making|going|down|stopped|working|"
    r"on|off|up|cooking|washing)\b[^.!]{0,40}\bor\b"
    # the record asked after, in Nigerian English: "the gravity reading for FV-9 don enter the log today?"
    r"|\b(don|done|has|have|did) (it |e )?(enter|reach|go)\w* (in ?to |inside )?(the |for |for the )?log\b"
    # "output ng molding line 3 so far this shift?": the shift's figures asked, in whatever language around them
    r"|\b(output|count|total|tally)\b[^.!?]{0,40}\bso far\b[^.!?]{0,20}\?"
    # a count of the shift so far: "how many cases has line 4 done since six", "what's the sides count so far"
    r"|\bhow many (?!times\b)[\w' ]{1,30}\b(so far|since \d{1,2}|this shift)\b"
    r"|\bwhat'?s the [\w ]{0,25}\b(count|total|tally)\b[^.!?]{0,30}\b(so far|this shift)\b"
    # a shift's figure asked after: "what was the scrap total for second shift?"
    r"|\bwhat (was|were|is|are) the [\w ]{0,25}\b(count|total|tally|output)s?\b[^.!?]{0,20}\b(for|on|from) "
    r"(the )?(first|second|third|1st|2nd|3rd|day|night|back|late|early|last|this) shift\b"
    # where a machine stands now: "where's kiln six at right now, temp-wise?"
    r"|^(hey,? )?where(?:'s| is| are) [\w' -]{1,30}? at (right )?now\b"
    # "what's tank twelve at?": a numbered thing's value now, asked in four words
    r"|^(hey,? )?what(?:'s| is| are) (the )?[a-z][\w-]*( [a-z][\w-]*)? \d+ at\s*[?.!]*$"
    # "what's the ammonia reading in the engine room right now"
    r"|^(hey,? )?what(?:'s| is| are) the [\w ]{0,25}\b(reading|level|temp\w*|pressure|speed|rate)s?\b[^.!?]{0,40}"
    r"\b(right now|at the moment|currently)\s*[?.!]*$"
    # what another shift wrote: "what did nights put down for reactor three?"
    r"|\bwhat did (nights|days|earlies|lates|afters|(the )?([a-z]+ )?shift|(the )?(night|day|back|early|late|last|"
    r"previous) (shift|crew)) (put down|put in|log|logged|write|wrote|record|recorded|enter|entered|book|booked)\b"
    # the worker's own records: "how much scrap have I reported", "did my report for batch 4410 go through"
    r"|\b(have|did) i (report|log|record|enter|put in|book)\w*\b|\bdid my (report|entry|log)\b"
    # "how much scrap we reported this shift in total"
    r"|\bhow (much|many) [\w ]{0,25}\b(we|i|have we|did we|have i)( have| has| had)? (report|log|record)\w*\b"
    # "what I have logged since this shift start?" ("wetin I don log", as Nigeria asks it)
    r"|\bwhat (i|we) (have|has|had) (logged|reported|recorded|entered|booked|put down)\b"
    # "how many crates did we get booked off packer two so far today?": the log's count asked, said around a machine
    r"|\bhow (much|many) [\w' ]{1,40}\b(logged|recorded|booked|reported|entered)\b[^.!?]{0,40}\b(so far|this shift|"
    r"today|tonight)\b"
    # "how many scrap entries have we got for the night shift?"
    r"|\bhow many [\w ]{0,20}\b(entries|reports|records|logs)\b"
    # the alerts themselves: "has anyone closed the spill alert from dock 2 yet?"
    r"|\b(closed|cleared|acknowledged|acked|answered) (the|that|this) (?:[\w-]+ ){0,2}alert\b"
    # and the hazard reports: "was the spill at bay two closed out?"
    r"|^(was|is|has|have) (the|that|this) [\w -]{1,40}\b(been )?(closed|cleared|signed) (out|off)\b"
    # "is the spill at bay 2 still open or did somebody close it out"
    r"|^(was|is|has|are) (the|that|this) [\w -]{1,40}\b(still open|close[ds]? (it )?(out|off))\b",
    re.I,
)
_QUESTION = re.compile(
    r"\?|^(what|how|why|where|which|when|can|should|is|does|do)\b|\bwhat (do|should) (i|we)\b|\bhow (do|to|can)\b"
    r"|\b(can|should|do|may) (i|we)\b|\bwhat now\b"
    # "if the alarm goes off during an entry, who pulls the entrant out": the question after its condition
    r"|^(if|when|in case)\b[^,]{3,60}, (who|what|where|how|which)\b"
    # "we can go in to pull him out or no?": a yes-or-no question as a second language asks it
    r"|\b(or no|or not|or (still )?(open|closed))\s*[.?!]*$"  # "was the spill at bay 2 closed or still open"
    r"|\b(shows?|showing|displays?|throws?|has|got|gives?)\s+(an?\s+)?(error|fault|alarm)\b|\berror\s+E\d+",
    re.I,
)
# Where to find the kit for an emergency or an isolation: a question for the assistant, however short.
_WHERE_IS_SAFETY_KIT = re.compile(
    r"^(?:where(?:'s|s| is| are)|where (?:do|can) (?:i|we) (?:find|get|keep))\b.{0,40}\b"
    r"(?:eye ?wash|i wash|spill kits?|muster|assembly point|defib\w*|first aid|extinguishers?|fire blanket|"
    r"emergency (?:shower|stop|exit)|e-?stop|isolat\w+|shut ?off|shutdown|safety data sheet|sds|msds)\b",
    re.I,
)
# A machine's symptom: with an asset or an error code and no report verb, it is a call for help.
_SYMPTOM = re.compile(
    r"\b(low|high|hot|overload\w*|stuck|jam(s|med|ming)?|slip\w*|trip\w*|keeps?|won't|will not|wont|doesn't|"
    r"does not|isn't|is not|not (working|running|feeding|moving|starting|turning|locking)|broken|broke|fault\w*|"
    r"alarm\w*|error\w*|crash\w*|clogged|tangled|bent|flat|stays|stopped|failing|fails|ran out|out of|"
    r"overheat\w*|noise|noisy|vibrat\w*|E\d+)\b",
    re.I,
)
_GREETING = re.compile(
    r"^(good (morning|afternoon|evening|night)|(good )?mornin[g']?|evenin[g']?|howdy|g'day|ey up|hello|hi|hey there|"
    r"thanks?|thank you|cheers|nice (one|work|job)|"
    # Doric "how are you": "fit like the day?"
    r"fit like|"
    r"well done|see you|bye|goodbye|have a good|asante|shukran|gracias|obrigado|merci|danke|dziękuję|salamat|"
    r"bonjour|salut|buongiorno)\b",
    re.I,
)
_ABOUT_YOU = re.compile(r"\b(you|your|yourself)\b", re.I)
_UNWELL_OR_URGENT = re.compile(
    r"\b(hurt|injur\w*|dizzy|faint\w*|passed out|pass out|sick|heat ?stroke|cramp\w*|throw\w* up|vomit\w*|"
    r"immediately|urgent\w*|asap|emergency|help|collapsed|not breathing)\b",
    re.I,
)
# Talk about the weather: "cold one out there eh", "hot as blazes in here today, huh?"
_WEATHER = re.compile(
    r"\b(?:cold|hot|warm|wet|nice|bitter|miserable|raw|muggy) one (?:out there|today|this morning|tonight)\b"
    # "weather's shocking again, eh", "the weather's baltic"
    r"|\bweather(?:'s| is)( (?:been|gone|getting))? (?:shocking|terrible|awful|rotten|miserable|brutal|baltic|"
    r"dreich|grim|lovely|glorious|gorgeous|grand|beautiful|nice|crap|pants|wild|mental)\b"
    r"|\b(?:hot|cold) as (?:blazes|hell|heck|anything|the devil|an oven)\b[^.!?]{0,30}"
    r"\b(?:in here|out there|today|tonight)\b"
    # "eish it's freezing in the vault today, winter's properly here"
    r"|\bit'?s (?:freezing|baking|roasting|boiling|sweltering|perishing) "
    r"(?:in here|out there|today|in the [\w ]{1,20} today)\b"
    r"|\b(?:winter|summer)(?:'s| is) (?:properly |finally |really )?(?:here|come|arrived)\b"
    # "what a muggy day, canteen got ice cream?"
    r"|\bwhat an? (?:hot|cold|wet|humid|muggy|sticky|scorching|freezing|lovely|miserable|rainy) "
    r"(?:day|one|morning|night)\b",
    re.I,
)
_NOTHING_HAPPENED = re.compile(
    r"\b(no|nobody|no one|zero|0|without)\b.{0,15}\b(injur\w*|hurt|spills?|incidents?|accidents?|leaks?)\b", re.I
)
_REPORT = re.compile(
    r"\b(scrap(ped)?|reject(ed)?|rework(ed)?|defect|produced|completed|finished|built|made|packed|calibrated|"
    r"calibration|passed|failed|batch|lot|downtime|down for|stopped for|idle for|changeover|inspected|inspection|"
    r"checked|replaced|count|shift|done|lubricated|greased|serviced|swapped|adjusted|tightened|restocked|"
    r"refilled|topped up|tested|loaded|unloaded|cleaned|changed|fitted|repaired|installed|housekeeping|"
    r"near miss|shortage|training|"
    # work booked ahead: "Planned s/d line 2 Sat 06:00-14:00 for gearbox change"
    r"planned|scheduled|shutdown|s/d|"
    # Speech to text often drops the "-ed" of a spoken past tense ("swap the gas bottle").
    r"lubricate|grease|service|swap|tighten|restock|refill|replace|repair|install|repl)\b",
    re.I,
)
# Acknowledging or clearing alerts is privileged: recognised here, but only done with the station PIN.
_ACK = re.compile(
    # within one clause: "clear the site, send the alert out" orders an evacuation and asks for an alert
    r"\b(acknowledge|acknowledged|acknowledging|clear|cancel|reset|silence|stop|close)\b[^,.;!?]{0,40}"
    r"\b(alerts?|alarms?|incidents?)\b",
    re.I,
)
_ASKS_IF_ACKED = re.compile(
    # ("did control acknowledge that gas alarm I called in": the control room, the board operator)
    r"\b(has|have|had|did) (anybody|anyone|any one|somebody|someone|nobody|no one|they|nights|days|the \w+ shift|"
    r"(the )?control( room)?|(the )?board( operator| man)?|(the )?(panel|console) operator|dispatch|security|ops)\b"
    r"[^.!?]{0,15}\b(acknowledged|acknowledge|acked|ack|cleared|clear|reset|silenced|silence|closed|close)\b"
    r"|^(is|was|has|have|are|were) (the|that|this|those|these|my|our) [\w -]{0,30}?\b(alerts?|alarms?)\b"
    r"[\w -]{0,30}? (been |got )?(acknowledged|acked|cleared|reset|silenced|closed)\b",
    re.I,
)
_GOES_ON = re.compile(r"\b(keeps?|still|again)\b", re.I)  # "has anyone reset it? it keeps going off": a fault
_HOW_TO = re.compile(r"\bhow (?:do|can|should|would) (?:i|we|you)\b|\bhow to\b", re.I)
_HOW_TO_ASKED = re.compile(r"(?:\w+,? )?(?:how (?:do|can|should|would) (?:i|we|you)|how to)\b", re.I)
# A changeover said as a verb: "we're switching line four over to the SUV door panels".
_CHANGEOVER = re.compile(r"\b(switch|chang)\w* (?:[\w-]+ ){0,3}over (to|from)\b", re.I)
_STOPPED = re.compile(r"\b(stopped|down|idle|lost)\b", re.I)
_WAS_DOWN = re.compile(r"\b(was|were|been|went) (down|stopped|idle)\b", re.I)
_ASKS = re.compile(r"^(?:what|how|why|where|which|when|can|could|should|is|does|do|any)\b|\?", re.I)
_PIN = re.compile(r"\bpin(?: code| number)?(?: is)?\s*((?:\d\s*){3,8})\b", re.I)
_KIND_PATTERNS = (
    ("safety_observation", re.compile(r"\b(injur\w*|hurt|near miss|spill|hazard|ppe|guard|safety)\b", re.I)),
    ("downtime", re.compile(r"\b(down|downtime|stopped|stoppage|idle|waiting|outage|breakdown)\b", re.I)),
    (
        "maintenance",
        re.compile(
            r"\b(calibrat\w*|replaced|repaired|maintenance|serviced|lubricated|changed|"
            r"inspected|inspection|cleaned|adjusted|swapped|fitted)\b",
            re.I,
        ),
    ),
    ("quality", re.compile(r"\b(scrap\w*|reject\w*|defect\w*|rework\w*|passed|failed|out of tolerance)\b", re.I)),
)
_REPORT_SLOTS = ("quantity", "defect_code", "batch", "duration_min", "result")


def report_kind(text: str, slots: dict[str, Any]) -> str:
    """Which part of the shift log a report belongs to; production when nothing more specific was said."""
    if "defect_code" in slots:
        return "quality"
    for kind, pattern in _KIND_PATTERNS:
        if pattern.search(text):
            return kind
    return "production"


# A question about a hazard, not a report of one: "what do we do if someone gets caught in the press",
# "where is the eyewash", "how do I reset the e-stop". The phrase floor stays quiet; the model judges.
_HYPOTHETICAL = re.compile(
    r"\b(if|in case|when(ever)? (someone|somebody|a|an|there|the|you|we)|what happens|procedure|policy|rules?|"
    r"where('s| is| are| do)|who do (i|we)|how (do|should|can|would) (i|we|you)|training|(?<!not a )drill|"
    # "how long do you flush eyes for after a caustic splash?": first aid asked about
    r"supposed to|how long (do|should|must) (i|we|you)|"
    # "what's the first aid for resin in the eyes, just water or what?"
    r"(what'?s|what is|what are) the (first aid|treatment|antidote|remedy|cure) for|"
    # "which absorbent to use for acid spill, the yellow pads or the white": what to use against one
    r"which [\w ]{1,20}\b(to use|do (i|we) use|should (i|we) use))\b",
    re.I,
)
_URGENT = re.compile(
    # ("just water or what?" asks what to use, "just for the new guys' training" why it is asked; "he just fell"
    # is now)
    r"\b(now|right now|just(?! (?:water|soap|rinse|flush|wash|use|for|asking|wondering|curious|in case)\b)|"
    r"quick|hurry|help me|please come|"
    r"is (hurt|trapped|bleeding)|not a drill|can'?t see|"
    r"can'?t breathe|"
    # "I got caustic in my eye at CIP two, where's the eyewash": it has happened, the question is for help
    r"(?<!if )i (?:just |'ve |have )?got\b[\w ]{0,20}\bin my eyes?)\b",
    re.I,
)
# A hazard that was dealt with and is only being logged: "small spill earlier, cleaned up, all dry".
# "a fixed guard", "the fixed gas detector", "the fixed HCN detector": equipment fixed in place, not a fault fixed
# (after "the" or "a", "fixed" names a kind of thing; so it does before such things in the plural: "fixed heads in
# module four are showing sixty percent LEL").
_FIXED_THINGS = (
    r"(?:guard|guarding|detector|detection|gas|co|nh3|ammonia|h2s|lel|hcn|hf|voc|o2|ladder|platform|barrier|"
    r"installation|system|sensor|monitor|point|head|alarm|fence|cover|panel|shield|rail|railing|stair|one)s?\b"
)
_DRILL_SAID_HELD = (
    r"\bdrill\b[^.?!]{0,40}\b(done|complete|completed|finished|went (fine|well|ok|okay)|carried out|executed|"
    r"conducted|held)"
)
# "nobody put the cover back on" says it is still off: no guard back on
_NOT_PUT_BACK = r"(?<!nobody put the )(?<!no one put the )(?<!never put the )(?<!n't put the )(?<!not put the )"
_RESOLVED = re.compile(
    rf"\b(cleaned( it)? up|cleared( it)? up|mopped|(?<!\bthe )(?<!\ba )(?<!\bour )fixed(?! {_FIXED_THINGS})|repaired|"
    r"replaced|put (it )?out|squeegeed|saniti[sz]ed|"
    r"extinguished|all clear|"
    r"resolved|sorted|dealt with|made safe|isolated and tagged|tagged out|tested ok|false alarm|back to normal|"
    # "we put it back on and bolted it"; "H2S ... secured, monitors back to 0 ppm, everybody accounted for"
    # ("nobody put the cover back on the chain" says it is still off)
    r"(?<!nobody )(?<!no one )(?<!never )(?<!n't )(?<!not )put (it|them|the guard|the cover) back on|"
    r"(everybody|everyone|all) accounted for|back to (0|zero)( ppm)?|"
    r"(off|locked out|isolated) and tagged|"
    r"swapped( out)?|(all |everything )?normal now|"
    # "flame-proof junction box c/o in the pump room": changed out, as a work order writes it
    r"changed out|c/o|"
    # "isolation valve V-31 exercised full stroke, no sticking": a check that found nothing wrong
    r"(exercised|stroked|cycled)\b[^.?!]{0,30}\bno (binding|sticking|issues?|problems?|leaks?)|"
    r"cleaned out|tested( [a-z ]{1,20})?,? (ok|okay|fine|good)|"
    # "flow test 76 L/min, OK", "sniffer - nil reading": a check that found nothing wrong
    r"test [\w./ ]{1,25},? (ok|okay|passed)|nil reading|reading nil|"
    # "F&G detector bump test pass all 16 heads"
    r"(bump|function|functional|proof|partial stroke) test (pass|passed|ok|good|satisfactory)\b|"
    r"no (chemical|gas|leak|spill|fire|smoke|damage)s? (present|found|detected|seen)|"
    r"no ?(one|body)('s| was| is)? (hurt|injured)|under control now|"
    # the fix said as what was done to it: "bolts found loose, torqued, guard secure", "chain quarantined, spare
    # fitted", "panic bar sticking - lubricated, free now", "guard back on and the interlock's working"
    r"(?<!not )(?<!n't )(?<!never )(torqued|(re-?)?tightened|quarantined|lubricated|greased|freed|re-?fitted|"
    r"installed|capped|"
    r"taped up|made dead|lubed|nipped (it |them |the [\w ]{1,20})?up)|spare fitted|"
    # "beam crack welded, dye pen clear", "hole in the duct patched", "leak at the flange sniffed 0 ppm after"
    r"(crack|cracks|hole|holes|split|tear|gap)\b[\w ]{0,30} (welded|patched|sealed|plated)|"
    r"(0|zero|nil) ppm after|dye pen(etrant)?( test)? (clear|ok|passed)|"
    # a pressure test passed: "hydro test on spool 14 held 225 psi for 30 minutes, no drop"
    r"(held|holding)\b[^?!]{0,40}?\bno (pressure )?(drop|loss)|"
    # a reading said to be steady: "steam header's at 145 psi, holding steady"
    r"holding (steady|stable)|"
    # a spill neutralised or washed away, the hot work finished and its gas made safe: "torches shut, bottles
    # chained up"
    r"neutrali[sz]ed|hosed (it |them )?(off|down|away)|(vacuumed|hoovered|swept)( it| them)? up|resealed|"
    # the power killed and locked out for a job: "killed the power on heater 1 and locked it out for the coil change"
    r"(killed|isolated|cut) the power\b[^.?!]{0,40}\blocked (it |them )?out|"
    # a drill held, not a spill: "chemical spill drill chlorination area done, response 4 min"
    rf"{_DRILL_SAID_HELD}|"
    # a danger tag taken off after the repair; a gas survey that found nothing ("0 ppm SO2 all points")
    r"\btags? removed\b[^.?!]{0,40}\bafter\b|"
    r"\b(survey\w*|sniff\w*|gas tested|gas test)\b[^.?!]{0,60}\b(0|zero|nil) ppm\b|"
    r"(torch|torches|bottles|cylinders)( are| is)? (shut|closed|chained)|"
    r"(is |now |guard )secure|free now|(taped|cordoned|coned|barricaded|roped) off|re-?ignited|re-?lit\b|"
    r"working (again|now|fine|ok)|interlock'?s working|back in place|"
    # "guard's back on the chain drive", "hole in the grating's been plated over", "return spring repl"
    rf"{_NOT_PUT_BACK}(guard|guards|cover|panel|rail|railing|shield)('s| is| are)? back on|"
    r"(plated|boarded|covered) over|repl\b|"
    # a vehicle or tool taken out of use: "horn's not working, I parked it up and tagged it"
    r"parked (it )?up and tagged|tagged it( out)?\b|"
    # what looked like a hazard was not one: "the smoke was just steam off the wash-down, there's no fire"
    r"(was|is|it's|it was) (just |only )?(steam|vapou?r|condensation)|"
    r"there'?s no (gas )?(fire|smoke|leak)(?! (extinguisher|blanket|exit|door|alarm))|"
    # "that fire in the bunker is out now"; "it was only a bag of sand, not a person"; "not an emergency"
    r"(fire|flames?|blaze|it)( (in|on|at) [\w ]{1,45})?('s| is| are| was) (now |all |completely )?out( now)?"
    r"\b(?! of| cold)|"
    # "fire crew checked it and damped it all down"
    r"damped (it |them )?(all )?down|"
    r"not a person|"
    r"not an emergency|"
    # an inspection that found nothing: "explosion vent panel visual insp - no damage, burst indicator intact"
    r"(insp|inspection|inspected|checked|visual)\b[^.]{0,30}\b"
    # ("kiln inlet insp via door, no snowman": no clinker build-up in a cement cooler)
    r"(no (damage|defects?|issues?|faults?|build-?ups?|blockages?|deposits?|corrosion|cracks?|snowman|"
    r"snowmen)\b|intact|satisfactory|\d+ passed|"
    # "sprinkler valve room insp - all valves open & locked"
    r"all \w+ (open|closed|locked|ok|okay|good|in place|clear|present|sealed|secure))|"
    r"(temp(orary)? )?guard (re-?)?fitted|"
    r"landed safe(ly)?|(we're|we are|everyone's|everybody's) (all )?(fine|ok|okay|safe)|"
    # "put the fire in the extraction bin out with the extinguisher, area's safe now"
    r"put (the|that|a) [\w ]{1,40} out with|(area|it|everything)('s| is) safe (now|again)|"
    # taken out of use: "ladder LD-09 failed insp - removed from service & destroyed"
    r"(removed|taken) (from|out of) service|tagged (o/s|oos|out of service)|"
    # "chuck guard microswitch adj, spindle now stops when guard opened"; "coupling guard fabricated & fitted"
    r"adj\b(?! to)|(fabricated|made|welded) (&|and) (re-?)?fitted|"
    # a bypass key given back: "interlock bypass key returned to control room after maint"
    r"(bypass )?keys? returned\b|logged in (the )?key register|"
    # "skylight mesh fitted over the roof lights, roof access permit closed"; "3x web slings condemned, removed
    # from site": a protection put in, a permit closed, damaged gear taken out of use
    r"(?<!no )(?<!without )(mesh|netting|barrier|barriers|handrail|railing|toe ?boards?|lid|covers?) "
    r"(fitted|installed|put up)|(permit|ptw)( (is|was|now))? (closed|signed off|closed out|handed back)|condemned|"
    r"removed from site|"
    # "drain valve closed & locked after spill cleanup"; "the hydrotest of exchanger E-205 is failed": a test's finding
    r"(after|post) [\w ]{0,20}clean-?up|clean-?up (done|complete|completed|finished)|closed (&|and) locked|"
    # said in a second language without its "-ed": "the spill at dock two been clean up, area open again"
    r"(?<!nobody )(?<!no one )(?<!not )(?<!n't )(?<!never )"
    r"(been|get|got|was|were|is|are|all|already) clean(ed)? up\b(?! (the|this|that|it|them)\b)|"
    r"(area|aisle|dock|bay|floor|walkway|road|section|zone)('s| is| are)? (re-?opened|open again|back open)\b|"
    r"(hydro-?test|hydrostatic test|pressure test|leak test)\w*\b[^.]{0,30}\bfail\w*|"
    # "the spill has been cleaned", "spill at washer 1 has cleaned" ("don clean", as Nigeria says it)
    r"(?<!nobody )(?<!no one )(has|have|had)( been)? (cleaned|mopped|neutrali[sz]ed)( up)?|"
    # scaffolding struck when its job is done; a vacuum truck that took the spill or the slop away
    r"(scaffold\w*|staging)\b[^.?!]{0,20}\b(dismantled|struck|taken down|stripped)|"
    r"(vac|vacuum|suction|sucker) truck\b[^.?!]{0,20}\b(sucked|pulled|vacuumed|emptied)|"
    # a gas detector tested and said to pass, as the line ends: "bump tested and calibrated, span gas 50% LEL, pass"
    r"(bump[- ]?tested|calibrated|function[- ]?tested)\b[^.?!]{0,60}[,;:-] ?(pass|passed|ok|okay)(?=[ .!]*$))\b"
    # a log line that ends with what was done: "cover cracked - replaced." (not "guard - removed": a finding)
    r"|\s[-–]\s*(replaced|refitted|repaired|cleared|fixed|reset)\.?\s*$",
    re.I,
)


# A maintenance request: a clause that starts with a routine task in the imperative ("lubricate arm",
# "Recharge CO2 extinguishers", "- investigate roof leak"). It names work to be done, not an emergency,
# so the model's alarm becomes an immediate question instead; the phrase floor leaves it to the model.
_WORK_ORDER = re.compile(
    r"(?:^|[,.;:]\s*|\s-+\s*|\band\s+)(?:pm\s*[:-]?\s*)?(?:please\s+)?"
    # ("Clean room 3: ceiling tile dropped ..." names a room, not a task)
    r"(?:replace|repair|lubricate|grease|service|descale|clean(?! ?rooms?\b)|inspect|investigate|adjust|tighten|"
    r"recharge|refill|"
    r"restock|reorder|order|fit|refit|install|relamp|repaint|recalibrate|calibrate|schedule|book|arrange|"
    # the re- verbs of maintenance ("Recoat epoxy floor", "Relight pilot on water heater")
    r"re(?:coat|light|tighten|torque|hang|route|label|pack|build|weld|glue|tape|cover|mount|secure|new)|"
    r"monitor|top (?:up|off)|swap|blow down|sweep|relabel|patch|reseal|rewire|realign|align|tension|degrease|"
    r"drain|flush|quote|raise (?:a )?(?:wo|work order|ticket)|diagnose|troubleshoot|survey|"
    # "nobody's in danger, just put in WO-5823 for it": a work order put in
    r"(?:just )?put in (?:a |an )?(?:wo|work order|ticket)\b|"
    # "one tube light in cutting room is flickering, pls tell electrical": passed on to a trade
    r"(?:pls|please|kindly) (?:tell|inform|call|send|intimate) (?:the )?(?:electrical|electrician|maintenance|maint|"
    r"mechanical|fitter|instrument|utilities)|"
    # "metal detector failed the test piece, line's stopped, QA told": already passed on to the people whose job it is
    r"(?:qa|quality|maintenance|maint|fitters?|electricians?|engineering|shift manager)(?:'s| have| has)? "
    r"(?:been )?(?:told|informed|notified)|(?:told|informed|notified) (?:the )?(?:qa|quality|maintenance|maint|"
    r"fitters?|electricians?|engineering)|"
    # "anemometer not reading, tech called, manual wind watch": a trade already called
    r"(?:techs?|technician|instrument tech|fitter|electrician|maintenance|maint)(?:'s| has been| have been| was)? "
    r"(?:called|called out|on (?:the|his|her) way|on it)|"
    # "ice on threshold, WO-6102 raised": a work order already raised
    r"(?:wo|work order|job|ticket)[- ]?\d+\s+(?:raised|logged|opened|submitted)|"
    # "WO raised for E&I", "need I and E to look at it", "wrote it on the board": handed to a trade
    r"(?:wo|work order) (?:raised|logged|put in) for (?:e&i|i&e|e and i|i and e|elec\w*|mech\w*|maint\w*|"
    r"fitters?|instrument\w*)|"
    r"need (?:e&i|i&e|e and i|i and e|an? electrician|an? fitter|maintenance|instruments?) to (?:look at|check)|"
    # "steam trap weeping, tray under it, nobody's near, wants a fitter tomorrow"
    r"(?:wants|needs) an? (?:fitter|sparky|electrician|tech|mechanic|engineer)(?: to look)?(?: at it)?\s+tomorrow|"
    r"(?:wrote|put) it (?:on|in) the (?:board|book|log)|"
    # "motor tripping on O/L, elec to investigate": handed to a trade to look at
    r"(?:elecs?|electricians?|electrical|sparky|fitters?|maint|maintenance|mechs?|instrument tech) to "
    r"(?:investigate|check|look at|inspect|repair|fix))\b"
    # "grease all over the floor" is a spill; "slip hazard, drain uncovered" names a drain, not work to do
    r"(?!'s|\s+(?:all over|everywhere|is|was|are|on the floor|uncovered|exposed|open|blocked|missing)\b)",
    re.I,
)
# ...unless a person is in it or it is urgent: then the model's alarm stands.
_PERSON_OR_URGENT = re.compile(
    # ("maybe get someone to have a look" asks for a fitter, it names no one in danger)
    r"\b((?:someone|somebody|anyone)(?! to (?:have|take) a look| to (?:look at|check|fix|sort))|person|people|"
    r"worker|employee|operator|colleague|he|she|him|her|they're|guy|"
    r"(his|her|their|my|your) (arm|hand|finger|fingers|thumb|leg|foot|head|eye|eyes|face|sleeve|hair)|"
    r"bloke|lad|(?<!running )man|woman|driver|picker|injur\w*|hurt|bleed\w*|trapped|unconscious|breathing|collapsed|"
    r"ambulance|"
    # "fallen beam refitted" is a thing that fell, not a person
    r"first aid|fell|fallen(?! (?:beam|pallet|box|boxes|load|sheet|tile|panel|rack\w*|stock|pipe|sign|light|cover))|"
    # "floor's dry now" is the end of a hazard, not its urgency
    r"(?<!dry )(?<!clear )(?<!safe )(?<!fine )(?<!clean )(?<!ok )now|immediately|"
    r"(?<!not )(?<!no )(?<!nothing )(?<!non-)urgent\w*|asap|(?<!not an )emergency|help)\b",
    re.I,
)


# A fix said not to have been done is no fix: "the leak at valve 9 was not repaired, ammonia smell is getting
# stronger", "nobody has cleaned the spill up". Only the fix words themselves, denied where they stand.
_FIX_DENIED = re.compile(
    r"(?:\bnot|n't|\bnever|\bnobody|\bno one)\s+(?:(?:been|yet|ever|fully|properly|actually|even|has|have|had|got|"
    r"gotten|was|were)\s+)*(?:cleaned|cleared|mopped|fixed|repaired|replaced|resolved|sorted|dealt with|made safe|"
    r"isolated|put (?:it |them )?out|extinguished|neutrali[sz]ed|patched|sealed)\b",
    re.I,
)


# ...or the danger is still there: "nobody hurt yet but two plates still hanging", "nearly stepped in it".
_STILL_THERE = re.compile(r"\b(still|yet|partially|partly|nearly|almost|near miss)\b", re.I)


# A person hurt earlier and back at work, or with only a plaster to show for it: "the lad who nicked his finger has
# had it plastered, he's back at work, nothing serious". The words of the injury stay; the danger does not. "He's
# ok" or "nothing serious" alone is not enough: said right after a forklift hit someone, it is still an incident.
# An investigator's record ("sent for ECG, returned to work") is an incident report and does not count either.
_RECOVERED = re.compile(
    # "isolated and capped them bare wires in bay nine, safe now": said to be safe now, it is for the log
    # "plaster on, back at it, no lost time": treated and working again
    # ("she back working now", as a second language says it)
    r"\b(back (at|on|to) (work|the line|the job|shift|his station|her station|it)|(?<!not )(?<!n't )back working\b|"
    r"(?<!not )(?<!n't )safe now\b|"
    # "crane lift of the new pinion went sweet, exclusion zone held, nobody under the load": a lift done, no harm
    r"(?<!near )(?<!nearly )(lift|pick)\b[^.?!]{0,40}\b(went (sweet|well|fine|ok|okay|smooth\w*|to plan)|"
    r"completed without (incident|issue|a hitch))|"
    # "near miss at the infeed, log rolled off the deck, nobody hurt": a near miss reported is for the log
    # ("a case fell off top rack, didn't hit nobody")
    r"(near[- ]miss|close call)\b[^?]{0,80}\b((nobody|no one|no-one|noone) (was |got |is |were )?(hurt|injured|hit)|"
    r"(didn't|did not|never|didn't) (hit|hurt|touch|catch) (nobody|anybody|anyone|no one|no-one|noone))\b|"
    # a permit closed: "CSE permit closed for silo 2 insp - atmosphere 20.9% throughout, entrants out"
    # ("Confined space permit CSE-118 silo 2 closed": the permit's number written with its dash)
    r"(permit|ptw)s?\b[\w -]{0,30}\b(closed|closed out|signed off|handed back)\b|"
    # a spill cleaned up: "blood on the floor at cut up two got squeegeed and sanitized, floor's dry now"
    r"(floor|area|ground)('s| is) (dry|clean|clear) now\b|"
    # "guard's back on the trimmer chain drive": the guard refitted (the model, 0.96 sure through speech, hears a
    # missing guard in its words)
    # ("nobody put the cover back on" says it is still off)
    rf"{_NOT_PUT_BACK}(guard|guards|cover|shield)('s| is| are)? back on\b|"
    # "chuck guard microswitch adj, spindle now stops when guard opened": the safety device shown to work
    r"(?<!never )now (stops|trips|cuts out|shuts off|shuts down) when\b|"
    # "chuck guard microswitch adjusted - spindle won't start w/ guard open"
    r"(won't|will not|doesn't|does not) (start|run|cycle) (with|w/) (the )?(guard|door|gate|cover)s? open\b|"
    # "blocked exit near harness area cleared, reels shifted to the rack"
    r"\b(exit|fire exit|escape route|walkway|aisle|doorway)\b[\w ]{0,30}"
    r"\b(?<!nobody )(?<!no one )(?<!not )(?<!never )(?<!wasn't )(?<!hasn't been )"
    r"(cleared|unblocked|(is |'s )?clear now|is clear)\b"
    r"(?! (for|by|of|to)\b)|"
    r"(just|only) (needed )?a (plaster|scratch|graze)|"
    # treated on the spot and gone back: "plaster on, she has returned to line 3" ("she don return", as Nigeria says
    # it; an investigator's "first aid given, returned to work" or "sent for ECG, returned to work" has no plaster)
    r"(plaster(ed)?|plasters|band[- ]?aids?)\b[^?]{0,80}\b(has |have |had )?"
    r"(returned|gone back|went back|come back|came back) to (work|the line|line \d+|the job|shift|"
    r"(his|her|their) (station|post|job|line|work|duties))\b|"
    # a stuck door or bar mended: "fire exit push bar sticking - lubed & adj, opens freely"
    r"(opens|closes|moves|slides|turns|swings) (freely|smoothly)|"
    # a gas leak mended and tested: "fitter's nipped the union up, sniffed it, zero now"
    r"(sniffed|gas[- ]tested|leak[- ]tested|tested) (it|again|after)?,? (reads? |reading )?(0|zero|nil)( ppm)?\b|"
    # taken out of use and held apart: "2x chain slings tagged o/s, stretched links, quarantined in rigging loft";
    # a flame lit again and seen: "flare pilot 2 out, reignited, flame confirmed on CCTV"
    r"tagged (o/s|oos|out of service)\b.{0,40}\bquarantined|flame (confirmed|proven|established)\b|"
    # failed its inspection and withdrawn: "2 lanyards failed (UV dmg), destroyed", "ladder removed from svc"
    r"\b(fail\w*|insp\w*)\b.{0,60}\b((destroyed|binned|cut up|scrapped)\b|(removed|withdrawn|taken) (from|out of) "
    r"(svc|service|use)\b))",
    re.I,
)
# ...unless something urgent is said with it.
_URGENT_NOW = re.compile(
    r"\b(immediately|(?<!not )(?<!no )(?<!nothing )(?<!non-)urgent\w*|asap|emergency|help|bleed\w*|trapped|"
    r"unconscious|ambulance|collapsed|not breathing|still|again)\b",
    re.I,
)


# A pressure or temperature said beyond its limit, or a relief that does not act: "410 psi vs 350 max",
# "reading 96 degrees against a 90 max", "relief valve not lifting".
_OVER_LIMIT = re.compile(
    r"\b\d+(?:\.\d+)? ?(?:psi|bar|kpa|mpa|degrees|deg)\b,? (?:vs\.?|versus|against|over|above|with) (?:a |the )?"
    r"\d+(?:\.\d+)? ?(?:psi|bar|kpa|mpa|degrees|deg)? ?(?:max|maximum|limit|mawp|rated)\b"
    r"|\b(?:relief|psv|prv|safety valve)s?(?: valves?)?(?:'s| is| are)? (?:not|isn't|won't|didn't|hasn't) "
    r"(?:lift|lifting|lifted|open|opening|opened)\b(?!.{0,40}\b(?:on|at|during) (?:the )?(?:bench|test)\b)",
    re.I,
)
# Above any probability: the model alone raises no alert.
_NEVER = 1.01
# Said to be no emergency: "steam at walkway vent - clear drain, not urgent".
_NOT_URGENT = re.compile(
    r"\b(not urgent|no urgent|nothing urgent|non-?urgent|no rush|low priority|when (you|someone) (can|gets? a chance)|"
    r"(small|little|minor) (thing|issue|job))\b",
    re.I,
)
# Said to be no hazard at all: "false alarm on the CO2 in cellar two, sensor was being calibrated, no gas".
_NO_HAZARD = re.compile(r"\b(false alarm|no gas (found|detected|present|reading)|no gas\b(?=[,.]|$))", re.I)


@dataclass(frozen=True)
class _SaidAround:
    """What is said around any hazard words, read once per utterance: the floor and the model's bars both use it."""

    resolved: bool  # a fix or a finding said ("cleaned up", "tested ok"), whoever is in it
    recovered: bool  # a person back at work, a guard back on, a leak tested at zero: said to be safe now
    dealt_with: bool  # recovered, or resolved with no one in it and nothing still there
    no_hazard: bool  # said outright not to be one ("false alarm", "no gas"), and dealt with
    routine: bool  # a maintenance request, or said to be no rush, with no one in it
    told_not_urgent: bool  # routine, and said to be no rush
    what_if: bool  # a question about what to do if a hazard happens


# A drill whose hazard was acted out: "spill drill - simulated caustic leak at tank farm", "mock fire drill, B shift";
# not where something real is said with it.
_DRILL_SIMULATED = re.compile(
    r"\bdrill\b[\s:,-]{1,4}(simulated|mock|staged|pretend)\b|\b(simulated|mock|staged)\b[\w ]{0,30}\bdrill\b", re.I
)
_REAL = re.compile(r"\b(real|actual|for real|not a drill|not an exercise)\b", re.I)


def _drill_simulated(text: str) -> bool:
    return bool(_DRILL_SIMULATED.search(text)) and not _REAL.search(text)


def _said_around(text: str) -> _SaidAround:
    resolved = (bool(_RESOLVED.search(text)) and not _FIX_DENIED.search(text)) or _drill_simulated(text)
    # "Kiran's burn from yesterday, he's back on light duty": an injury of an earlier day, back at work
    back_since = bool(_BACK_ON_DUTY.search(text)) and bool(_EARLIER.search(text))
    recovered = (bool(_RECOVERED.search(text)) or back_since) and not _URGENT_NOW.search(text)
    person_or_urgent = bool(_PERSON_OR_URGENT.search(text))
    dealt_with = recovered or (resolved and not person_or_urgent and not _STILL_THERE.search(text))
    not_urgent = bool(_NOT_URGENT.search(text))
    # "N2 header 410 psi vs 350 max, relief not lifting, maint notified": passed on, but still beyond its limit now
    routine = (bool(_WORK_ORDER.search(text)) or not_urgent) and not person_or_urgent and not _OVER_LIMIT.search(text)
    return _SaidAround(
        resolved=resolved,
        recovered=recovered,
        dealt_with=dealt_with,
        no_hazard=bool(_NO_HAZARD.search(text)) and dealt_with,
        routine=routine,
        told_not_urgent=routine and not_urgent,
        what_if=_asks_what_if(text),
    )


# What makes a reading a warning: "and climbing", "over the limit", "way too high", "red line", "alarm".
_READING_WARNS = re.compile(
    r"\b(high|higher|highest|low|lower|over|above|beyond|past|exceed\w*|climb\w*|ris\w*|going up|spik\w*|"
    r"jump\w*|drop\w*|falling|fell|limit|max\w*|red|alarm\w*|trip\w*|too|hot|hotter|smok\w*|leak\w*|burst\w*|"
    r"bulg\w*|relief|lift\w*|won't|not|no|can't|cannot|help|someone|somebody|he|she|they|fire|gas|smell\w*|"
    # ("steam header", "steam main": a pipe named, not steam escaping)
    r"fumes?|steam\w*(?!\s+(?:header|main|supply|trap|pressure)\b)|hiss\w*|bang\w*|shak\w*|vibrat\w*|crack\w*|"
    r"emergency|danger\w*|unsafe|out of|loss|lost|losing|broken|broke|faulty|fail\w*|damag\w*|stuck|jammed|"
    # ("thinner drum ruptured ..., approx 150 l on floor": a container burst open, its contents out)
    r"spill\w*|pour\w*|entering|escap\w*|ruptur\w*|punctur\w*|on (the )?floor)\b",
    re.I,
)


def _nothing_wrong_said(text: str) -> bool:
    """No warning word, and not asked about."""
    return not _READING_WARNS.search(text) and "?" not in text


def _reading_with_nothing_wrong(text: str, slots: dict[str, Any]) -> bool:
    """A measurement said, no warning word with it, and not asked about."""
    return "measurements" in slots and _nothing_wrong_said(text)


def _plain_reading(text: str, slots: dict[str, Any]) -> bool:
    """A measurement or a count logged and nothing said to be wrong with it: "oven 2 at 245 degrees", "pressure's
    180 bar", "62 pallets gone out on the wagons for dispatch" (a count of people is no plain count). A gas read is
    never plain: "chlorine 5 ppm at the dosing room" may be a leak, so the model's doubt is still asked."""
    counted = "quantity" in slots and not _PERSON_OR_URGENT.search(text)
    measured = ("measurements" in slots or counted) and not gas_named(text)
    return len(text.split()) <= 12 and measured and _nothing_wrong_said(text)


# A reading said to be as it should be: "right where it should be", "in spec", "normal" ("not normal" warns).
_SAID_NORMAL = re.compile(
    r"\b(where it should be|as it should be|(with)?in (range|spec|limits?|tolerance|the green)|normal|as expected|"
    r"inside (the )?(consent|spec|limits?|range)|"
    r"spot on|bang on|on target|all good|looks good|nominal|"
    # "tank 2 at 78 percent, holding at 95 degrees": a value that stays where it is
    r"holding (steady |stable )?at \d+(\.\d+)?)\b",
    re.I,
)


def _said_normal(text: str, slots: dict[str, Any]) -> bool:
    """A measurement said to be normal, nothing said wrong with it, and not asked about."""
    return bool(_SAID_NORMAL.search(text)) and _reading_with_nothing_wrong(text, slots)


# A fault's cause asked about: "agitator's making a grinding noise, what could that be", "e-stop circuit open but
# nobody pushed it, what's that about". Without a person, fire, smoke, gas or live parts in it, it is answered:
# the model may still ask, it raises no alert on the symptom's words.
_ASKS_CAUSE = re.compile(
    r"\b(what (could|would|might|can) (that|it|this) be|what'?s (that|this|it) about|"
    r"what('s| is) causing (that|it|this)|what (causes|would cause|could cause|can cause|might cause) (that|it|this)|"
    # ("any ideas like?", "any ideas lads?")
    r"any ideas?(?:,? (?:like|then|mate|lads|guys|folks|anyone|anybody))?(?= *[?.!]*$)| any ideas? (why|what))\b",
    re.I,
)
_DANGER_SEEN = re.compile(
    r"\b(smok\w*|fire|flames?|sparks?|spark\w+|burn\w*|arc\w*|gas|fumes?|smell\w*|leak\w*|live|shock\w*|"
    # ("temperature is swinging up and down" is a value that hunts, not a load swinging)
    r"explo\w*|bang\w*|hot|melt\w*|crack\w*|fall\w*|fell|collaps\w*|swing\w*(?! up and down| between)|drop\w*)\b",
    re.I,
)


# Air bled out of a hydraulic or brake system: "how do you bleed the air out of the baler hydraulics" is no one
# bleeding.
_BLEEDING_A_SYSTEM = re.compile(
    r"\bbleed(ing|s)? (the |off |out )?(air|lines?|hydraulics?|brakes?|system|pump|valve|radiator|pressure)\b", re.I
)


def _bleeds_a_system(text: str) -> bool:
    """Air bled from a system with no one hurt besides: a person word left once the bleeding phrase is taken out
    ("bleeding the lines, and he's bleeding from the hand") still counts."""
    return bool(_BLEEDING_A_SYSTEM.search(text)) and not _PERSON_OR_URGENT.search(_BLEEDING_A_SYSTEM.sub("", text))


# A hand tool asked of a workmate: "Chidi, bring that spanner come here", "pass us the 19 mil socket". Speech to the
# person beside the worker, not to the assistant and no hazard, unless someone is hurt or something dangerous is said.
_TOOL_ASKED = re.compile(
    r"\b(?:bring|pass|hand|fetch|give|throw|chuck|lend)(?: me| us)? (?:that|the|this|my|your|a|an|one|some)?\s*"
    r"(?:[\w-]+ ){0,2}(?:spanners?|wrench(?:es)?|hammers?|screwdrivers?|pliers|allen keys?|sockets?|ratchets?|mallets?|"
    r"crowbars?|pry ?bars?|multimeters?|tape measures?|grease guns?|shifters?|stillsons?|chisels?|hacksaws?)\b",
    re.I,
)


def _tool_asked(text: str) -> bool:
    return bool(_TOOL_ASKED.search(text)) and not _PERSON_OR_URGENT.search(text) and not _DANGER_SEEN.search(text)


def _asks_cause(text: str) -> bool:
    return bool(_ASKS_CAUSE.search(text)) and not _PERSON_OR_URGENT.search(text) and not _DANGER_SEEN.search(text)


# A scrap count logged with its defect code: "scrap six cells from receiving, they swelled up, D31".
_SCRAP_FIRST = re.compile(r"^(?:(?:log|record)\s+)?scrap(?:ped)?\b", re.I)


def _scrap_logged(text: str, slots: dict[str, Any]) -> bool:
    return (
        bool(_SCRAP_FIRST.match(text))
        and "quantity" in slots
        and "defect_code" in slots
        and not _PERSON_OR_URGENT.search(text)
        and not _ASKS.search(text)
    )


def _stop_logged(text: str, slots: dict[str, Any]) -> bool:
    return (
        "duration_min" in slots
        and bool(_STOPPED.search(text))
        and not _PERSON_OR_URGENT.search(text)
        and not _STILL_THERE.search(text)
        and not _ASKS.search(text)
    )


class IntentRouter:
    def __init__(
        self,
        plant: PlantPack,
        model: RoutingModel | None = None,
        llm: LlmSlotExtractor | None = None,
        *,
        languages: Mapping[str, LanguageRouter] | None = None,
    ) -> None:
        """`languages`: a router per language besides English (`load_language_routers`); none by default."""
        self._languages = dict(languages or {})
        self._safety = SafetyDetector(plant.safety)
        self._slots = SlotExtractor(plant)
        self._corrector = VocabularyCorrector(plant)
        self._model = model
        self._llm = llm

    @property
    def model(self) -> RoutingModel | None:
        """The English routing model (None: phrases and rules only)."""
        return self._model

    @property
    def multilingual_encoder(self) -> MultilingualEncoder | None:
        """The other languages' sentence encoder, when one is loaded (the translated manuals share it)."""
        return next((r.encoder for r in self._languages.values() if r.encoder is not None), None)

    @property
    def languages(self) -> tuple[str, ...]:
        """English and every language with a router of its own."""
        return ("en", *self._languages)

    def decide(self, transcript: str, *, language: str = "en", llm_slots: bool = True) -> IntentDecision:
        """`llm_slots=False`: without the optional LLM's slots, for what is heard before the utterance ends
        (its intent and hazard do not depend on them, and the LLM takes seconds)."""
        if (other := self._languages.get(language)) is not None:
            return other.decide(transcript)
        decision = self._route(transcript)
        if (
            not llm_slots
            or self._llm is None
            or decision.intent != LOG_REPORT
            or len(decision.text.split()) < LLM_MIN_WORDS
        ):
            return decision
        started = time.perf_counter()
        proposed = self._llm.propose(decision.text)
        timings = {**decision.timings_ms, "llm": elapsed_ms(started)}
        if not proposed:  # invalid or empty output: the rules' result stands
            return replace(decision, timings_ms=timings)
        return replace(decision, slots={**proposed, **decision.slots}, timings_ms=timings)

    def _route(self, transcript: str) -> IntentDecision:
        timings: dict[str, float] = {}
        started = time.perf_counter()
        corrected, corrections = self._corrector.correct(normalize(transcript))
        text = normalize(corrected)
        timings["normalise"] = elapsed_ms(started)
        common: dict[str, Any] = {"text": text, "corrections": tuple(corrections), "timings_ms": timings}

        started = time.perf_counter()
        slots = self._slots.extract(text)
        # Pidgin read as English for the rules and the floor ("e dey beep" -> "it is beeping"); the model hears `text`
        read = with_pidgin_read(text)
        around = _said_around(read)
        finding = self._safety.check(_without_acknowledgement(read)) if _floor_applies(read, around) else None
        if finding is not None and not finding.hazard and read != text:
            finding = self._safety.check(_without_acknowledgement(text))  # the floor only adds: either wording counts
        timings["safety"] = elapsed_ms(started)
        if finding is not None and finding.hazard:
            prediction = timed_prediction(self._model, text, timings)
            return IntentDecision(
                intent=SAFETY_ALERT,
                slots=slots,
                safety=True,
                safety_phrase=finding.phrase,
                hazard_probability=rounded(prediction.hazard_probability) if prediction else None,
                hazard_category=prediction.hazard_category if prediction else None,
                layer="safety",
                evidence={"phrase": finding.phrase},
                **common,
            )

        started = time.perf_counter()
        intent, sure = self._rules(read, slots)
        timings["rules"] = elapsed_ms(started)
        if intent == CORRECTION:
            slots = self._slots.extract_correction(text)
        if intent == ACK_ALERT and (pin := _PIN.search(read)):
            slots = {**slots, "pin": re.sub(r"\s", "", pin.group(1))}
        if intent in RULE_TURNS or self._model is None:
            return IntentDecision(intent=Intent(intent), slots=slots, layer="rules", **common)

        prediction = timed_prediction(self._model, text, timings)
        assert prediction is not None
        thresholds = self._model.thresholds
        phrase = HAZARD_CATEGORIES.get(prediction.hazard_category, "possible hazard")
        asked_for_procedure = sure and intent == PROCEDURE
        # "take me through the lockout for the edger": a procedure asked for by name is neither alarmed nor asked
        # about on the words of its steps; only a model all but sure of a hazard overrides the request's form.
        alert_from = SURE_DESPITE_CONTEXT if asked_for_procedure else thresholds.alert
        if asked_for_procedure and not _PERSON_OR_URGENT.search(read):
            alert_from = _NEVER  # "take me through the ammonia valve isolation": the steps' words are no hazard now
        # A hazard said to be dealt with and no person in it ("guard bolts found loose, torqued, guard secure"):
        # logged, unless the model is all but sure, as in Spanish and Mandarin. Asking "is someone in danger?"
        # after a repair is reported only teaches workers to answer no.
        dealt_with = around.dealt_with
        # "if the fire alarm goes off during an entry, who pulls the entrant out?" is answered, neither alarmed
        # nor asked about (as a repair reported is not: asking then only teaches workers to answer no)
        what_if = around.what_if
        if dealt_with or what_if:
            alert_from = max(alert_from, SURE_DESPITE_CONTEXT)
        plain_reading = _plain_reading(read, slots)
        if plain_reading:
            # "mill three hydraulic pressure's a hundred eighty bar": a value logged, said with nothing wrong about it,
            # is neither alarmed nor asked about unless the model is all but sure (asking after every reading only
            # teaches workers to answer no; the model's words for a reading are not a hazard). A gas read is never
            # plain, and one over a monitor's alarm is the floor's ("oxygen 25 percent in the welding bay").
            alert_from = max(alert_from, SURE_DESPITE_CONTEXT)
        # "hydraulic pressure on the log loader's two hundred bar, right where it should be": a reading said to be
        # normal, with nothing said wrong about it, is neither alarmed nor asked about
        said_normal = _said_normal(read, slots)
        # "cement mill 2 stopped for 40 minutes, separator motor tripped": a stop logged with how long it lasted,
        # no one in it and nothing asked, is asked about only when the model is all but sure (as in Spanish)
        # "scrap six cells from receiving, they swelled up, D31": a scrap count logged with its code, likewise
        stop_logged = _stop_logged(read, slots) or _scrap_logged(read, slots) or _load_logged(read)
        # what the turn is, read once: each kind below keeps the model's words from deciding on its own
        on_screen, asks_cause, drill_held = _fault_on_screen(read), _asks_cause(read), _drill_held(read)
        lockout_lifted, tool_asked = _lockout_lifted(read), _tool_asked(read)
        if stop_logged or on_screen:
            # "coil car two won't lift, screen says H3": a fault read off its screen, no one and nothing dangerous
            # in it, is for troubleshooting unless the model is all but sure
            alert_from = max(alert_from, SURE_DESPITE_CONTEXT)
        if (
            around.no_hazard
            or around.recovered
            or said_normal
            or asks_cause
            or _bleeds_a_system(read)
            or drill_held
            or _burnt_food(read)
            or _tastes_like(read)
            or lockout_lifted
            or tool_asked
        ):
            alert_from = _NEVER  # the model's certainty is about the words ("CO2", "alarm"), not about what was said
        if prediction.hazard_probability >= alert_from and not around.routine:
            return hazard_decision(prediction, asked=False, phrase=phrase, slots=slots, common=common)
        # "bit of a rattle on the debarker, not urgent, maybe get someone to have a look": said to be no rush
        # "ey up, how do, bitter 'un this mornin'": a greeting the rules are sure of is not asked about, as in Spanish
        greeting = intent == SMALLTALK and sure
        if prediction.hazard_probability >= thresholds.ask and not (
            asked_for_procedure
            or dealt_with
            or what_if
            or said_normal
            or around.told_not_urgent
            or stop_logged
            or greeting
            or drill_held  # a drill held is for the log: asking after it only teaches workers to answer no
            or lockout_lifted
            or on_screen
            or asks_cause  # a fault's cause asked, nothing dangerous in it: answered, not asked back
            or plain_reading  # "tank 51 gauged at 32 feet 4 inches": a value logged with nothing wrong said of it
            or tool_asked
        ):
            return hazard_decision(prediction, asked=True, phrase=phrase, slots=slots, common=common)
        decision = non_hazard_decision(prediction, rules_intent=intent, sure=sure, slots=slots, common=common)
        if (dealt_with or around.routine or said_normal) and decision.intent is Intent.UNKNOWN:
            # what was done about a hazard is for the log, and so is work asked for ("steam trap passing, no urgent")
            # and a reading said normal ("effluent pH 7.8, inside the consent")
            return replace(decision, intent=Intent.LOG_REPORT)
        if drill_held and not _ASKS.search(read) and decision.intent in (Intent.UNKNOWN, Intent.TROUBLESHOOT):
            # "rescue drill at the digester manway, dummy out in 11 min": a drill held is for the log
            return replace(decision, intent=Intent.LOG_REPORT, layer="rules")
        if decision.intent is Intent.UNKNOWN and plain_reading and not _QUESTION.search(read) and not tool_asked:
            # "pressure on the steam header's sitting at seven bar": a value logged ("pass us the 10 mil spanner" is
            # a tool's size, said to a workmate)
            return replace(decision, intent=Intent.LOG_REPORT, layer="rules")
        if decision.intent is Intent.UNKNOWN and _BACK_FROM_CARE.search(read):
            # "the chap who got burnt this morning is back from clinic, he's on light duty now": for the log
            return replace(decision, intent=Intent.LOG_REPORT, layer="rules")
        if decision.intent is Intent.UNKNOWN and intent == LOG_REPORT and {"quantity", "part"} <= slots.keys():
            # "we run thirty-eight packs off the green chain this morning": a count of parts is for the log, in
            # whatever words it came
            return replace(decision, intent=Intent.LOG_REPORT, layer="rules")
        return decision

    @staticmethod
    def _rules(text: str, slots: dict[str, Any]) -> tuple[str, bool]:
        """(intent, sure): sure means the model's intent is not asked (its hazard check still runs)."""
        bare = text.strip(" .!,")
        words = set(re.findall(r"[^\W\d_](?:[^\W\d_]|')*", bare.lower()))  # letters of any script: "sí"
        # "how do I reset the heater alarm" is a question; "has anybody acknowledged the alert from booth 2?" asks
        # after the alert, it acknowledges nothing
        if _ACK.search(text) and not _HOW_TO.search(text) and not _ASKS_IF_ACKED.search(text):
            return ACK_ALERT, True
        if PROCEDURE_REQUEST.search(text):
            return PROCEDURE, True
        cancel_words = words <= _CANCEL_WORDS and words & _CANCEL_STRONG
        if words and len(words) <= _DIALOGUE_WORDS and cancel_words and not re.search(r"\d", bare):
            return CANCEL, True  # "no, I said line 3" names a value: a correction, not a cancel
        if _CANCEL_LAST.match(bare) or _CANCEL_FIRST.match(bare) or _CANCEL_DONT_LOG.match(bare):
            return CANCEL, True
        said_yes = words - {"so"} if _NA_SO.search(bare) else words  # "na so" is a yes; "okay so the" is not
        if (
            said_yes
            and len(said_yes) <= _CONFIRM_DIALOGUE_WORDS
            and said_yes <= _CONFIRM_WORDS
            and said_yes & _CONFIRM_STRONG
        ):
            return CONFIRM, True
        if _CONFIRM_REPEATING.match(bare):
            return CONFIRM, True
        # "set the quench setpoint to 65, it was on 60" reports a machine's setting changed
        if _CORRECTION.search(bare) and re.search(r"\d", bare) and _names_a_field(words) and not _SETTING.search(bare):
            return CORRECTION, True
        if _SAID_AGAINST.match(bare) and len(words) <= 10:
            return CORRECTION, True  # "no, I said sixteen, not sixty": a value said against the one read back
        if _CONTRAST.search(bare) and len(words) <= 10 and any(key in slots for key in _CORRECTABLE_SLOTS):
            return CORRECTION, True
        if _STATUS.search(text):
            return STATUS_QUERY, True
        asked = _QUESTION.search(text) or re.match(r"(?:did|has|have|had)\b", bare, re.I)
        if _ASKS_IF_ACKED.search(text) and asked and not _GOES_ON.search(text):
            return STATUS_QUERY, True  # "did anyone clear the alarm from oven 2 yet?"
        if _LOG_COMMAND.match(bare) and len(bare.split()) >= 4:
            return LOG_REPORT, True
        if _BOOKED_AHEAD.match(bare):
            return LOG_REPORT, True
        machine = "asset" in slots or "error_code" in slots
        question = bool(_QUESTION.search(text))
        report = bool(_REPORT.search(text)) or bool(_NOTHING_HAPPENED.search(text))
        report_slots = any(key in slots for key in _REPORT_SLOTS)
        # "thank 5 temp is 61.5 degrees" (tank 5, as heard) is a reading, not thanks
        if _HEAR_ME.search(bare):
            pass  # "hello? hello? can you hear me or not": checking the line, neither greeting nor report
        elif _GREETING.match(bare) and len(words) <= 4 and not report_slots and "measurements" not in slots:
            return SMALLTALK, True
        # "mornin Ravi, how's the coffee up in the pulpit today": a greeting that goes on about nothing of the job
        if (
            _GREETING.match(bare)
            and len(words) <= 12
            and not (slots.keys() - {"part"})
            and not _SYMPTOM.search(text)
            and not _HEAR_ME.search(bare)
        ):
            return SMALLTALK, True
        # "man, cold one out there eh, minus twenty-eight on the yard": the weather, with no machine and no one in it
        # (a "man," said to a mate is no person in it; feeling ill in the heat is)
        if _WEATHER.search(text) and not machine and len(words) <= 16 and not _UNWELL_OR_URGENT.search(text):
            return SMALLTALK, True
        if _tastes_like(text) and not machine:
            return SMALLTALK, True  # "this tea tastes like dishwater": the break room, not the plant
        if _tool_asked(text) and not machine and not question and not report:
            return UNKNOWN, True  # "Chidi, bring that spanner come here": said to a workmate
        if question and _ABOUT_YOU.search(text) and not machine and not report:
            return SMALLTALK, False
        stopped = report or _STOPPED.search(text)
        if stopped and "duration_min" in slots and not _ASKS.search(bare):
            # "conveyor 7 stopped twice, 8 minutes total, error E12": downtime logged, naming its error; sure when
            # it says the machine was down ("robot cell nine was down, like, ten minutes, gripper faulted")
            return LOG_REPORT, bool(_WAS_DOWN.search(bare))
        if _asks_cause(text):
            return TROUBLESHOOT, True  # "temperature is swinging up and down, what can cause it": a fault's cause asked
        if _WHERE_IS_SAFETY_KIT.search(bare):
            return TROUBLESHOOT, True  # "where's the eyewash" is for the assistant; "where's my coffee" is not
        if question and (machine or re.search(r"\b(what|how)\b.*\b(do|should|fix|reset)\b", text, re.I)):
            # sure only when it names a fault: "how many has press 5 done?" may be a status query
            # "how do I bump test these new monitors": asked how to do something, never a report
            return TROUBLESHOOT, (
                bool(machine) and "?" in text and bool(_SYMPTOM.search(text))
            ) or "error_code" in slots or bool(_HOW_TO_ASKED.match(bare))
        if _CHANGEOVER.search(text) and not question:
            return LOG_REPORT, True
        if report and not question:
            return LOG_REPORT, False
        if machine and _SYMPTOM.search(text):
            return TROUBLESHOOT, False
        if question:
            # a report that ends as a question ("guard bolt replaced - is it still valid?"): the form decides
            return TROUBLESHOOT, report and text.rstrip().endswith("?") and not _ABOUT_YOU.search(text)
        if report_slots:
            return LOG_REPORT, False
        return UNKNOWN, False


# Answers in a dialogue ("yes", "no, cancel it", "make that 12") and acknowledgements (`RULE_TURNS`): their
# words cannot report a hazard, so the model is not asked. Everything else, even what the rules are sure of,
# gets the model's hazard check: a rule never stands between a hazard and its alert.
# "walk me through the die change on press 3", "step by step, the E12 fix": a guided procedure.
PROCEDURE_REQUEST = re.compile(
    # "walk through" without "me" only where it starts the request: "you cannot walk through" is an aisle
    # "top me through" is how the recogniser heard "talk me through" in noise
    r"\b(walk|talk|take|guide|step|top) (me|us) (through|thru)\b|^(?:(?:ok|okay|right|please),? )?(walk|talk|step) "
    r"(through|thru)\b|\bstep by step\b|\bone (?:step )?at a time\b|\ba step at a time\b"
    r"|\b(?:need|give me|read me|tell me|like) the steps\b|\bgive (?:me|us) steps\b|\bguide (?:me|us)\b"
    # "start me on the cold start-up for boiler one", "steps for the daily forklift pre-use check please"
    r"|\bstart (?:me|us) (?:on|off on) the\b|^(?:the )?steps (?:for|of) (?:the|a)\b"
    # "I need the SOP for changing formers, tell me each step one by one"
    r"|\b(?:i need|give (?:me|us)|read (?:me|us)) the (?:sop|work instruction)\b|\beach step\b|\bstep by step\b"
    # "I need the confined space entry steps for tank five", "give us the steps for the pre-use checks"
    r"|\b(?:i need|give (?:me|us)|read (?:me|us)|tell (?:me|us)) (?:the|a) (?:[\w-]+ ){0,5}steps (?:for|of|on)\b"
    # "I need the start-up sequence for boiler one, go slow", "I need the cupola light-up procedure, go slow"
    r"|\b(?:i need|give (?:me|us)|read (?:me|us)) the (?:[\w-]+ ){0,4}(?:sequence|procedure)"
    r"(?: (?:for|of|on)\b|\s*(?:[,.!]|$))"
    r"|^(?:(?:ok|okay|right|please),? )?(?:start|begin|open) (?:the |my |a )?(?:[\w-]+ ){0,4}"
    r"(?:check(?:list)?|inspection|procedure)\b"
    # "go through the pre-use checks for forklift 6 with me"
    r"|^(?:(?:let's|can we|can you|please|ok|okay|right|alright),? )?go (?:through|over) .{0,60}\bwith (?:me|us)\b"
    # "let's do the confined space entry checklist for tank 3 together"
    r"|^(?:(?:ok|okay|right),? )?let'?s (?:do|run|go through|go over|run through) (?:the |a )?(?:[\w-]+ ){0,5}"
    r"(?:check(?:list)?s?|inspection|procedure|steps|sequence)\b",
    re.I,
)


_FIELD_WORDS = frozenset(
    "it that line station batch lot quantity count defect error code part number amount downtime duration "
    "temperature reading minutes mins hours".split()
)
_CORRECTABLE_SLOTS = ("asset", "area", "duration_min", "measurements", "line", "station", "defect_code", "batch")


def _names_a_field(words: set[str]) -> bool:
    """A correction is short and says what it changes ("make that 12", "change line to 3"); a work order
    that starts with "change" ("change filters on unit 4") is not one."""
    return len(words) <= 10 and bool(words & _FIELD_WORDS)


def _without_acknowledgement(text: str) -> str:
    """`text` less the words that acknowledge an alert: "acknowledge the spill alert at bay 7" reports no spill, while
    "stop the alarm, there's a fire in bay 3" still reports the fire."""
    return text if _HOW_TO.search(text) else _ACK.sub(lambda m: " " * len(m.group(0)), text)


def _asks_what_if(text: str) -> bool:
    """A question about what to do if a hazard happens, said with nothing urgent."""
    return bool(_QUESTION.search(text)) and bool(_HYPOTHETICAL.search(text)) and not _URGENT.search(text)


# "Slag explosion drill executed with tapping crew, 14 persons at muster point in 3 min": a drill held is no hazard,
# however sure the model is of its words.
_DRILL_HELD = re.compile(rf"{_DRILL_SAID_HELD}\b", re.I)


# A rescue drill with its dummy, or timed: "CS rescue drill w/ ERT at digester 1 manway, dummy out in 11 min".
_DRILL_TIMED = re.compile(
    r"\bdrill\b[^?!]{0,80}\b(dumm(y|ies)|mannequins?|manikins?|rescue dolls?|(out|evacuated|accounted for|mustered|"
    r"clear(ed)?) in \d+ ?(min|mins|minutes|sec|secs|seconds)\b)",
    re.I,
)


def _drill_held(text: str) -> bool:
    held = _DRILL_HELD.search(text) or _DRILL_TIMED.search(text) or _drill_simulated(text)
    return bool(held) and not _PERSON_OR_URGENT.search(text)


# Food or a drink burnt: "coffee in the break room's burnt again" (not a hand burnt on the pot, nor a fire).
_BURNT_FOOD = re.compile(
    r"\b(coffee|tea|toast|pizza|popcorn|rice|porridge|bacon|sausages?|lunch|dinner|breakfast|food|pie|beans|pap|"
    r"jollof)\b[\w ']{0,30}\b(burnt|burned)\b",
    re.I,
)
_FIRE_SEEN = re.compile(r"\b(smok\w*|fire|flames?|alight|sparks?|hand|arm|finger\w*|skin|blister\w*)\b", re.I)


def _burnt_food(text: str) -> bool:
    return bool(_BURNT_FOOD.search(text)) and not _PERSON_OR_URGENT.search(text) and not _FIRE_SEEN.search(text)


# Wagons or trucks loaded and counted: "loaded out 22 cars on the unit train, all on track 2".
_LOADED_COUNT = re.compile(
    r"\b(loaded|unloaded|shipped|railed|dispatched|spotted|filled)( out)? \d+ (cars|railcars|rail cars|hoppers|wagons|"
    r"trucks|trailers|loads|containers|barges|tankers)\b",
    re.I,
)


def _load_logged(text: str) -> bool:
    return bool(_LOADED_COUNT.search(text)) and not _PERSON_OR_URGENT.search(text) and _nothing_wrong_said(text)


_BACK_ON_DUTY = re.compile(
    r"\bback (at|on|to) (work|the job|(light|restricted|modified|normal|full) dut(y|ies))\b", re.I
)
# Back from being treated, or on lighter work: an injury's aftermath, for the log.
_BACK_FROM_CARE = re.compile(
    r"\bback from (the )?(clinic|hospital|first aid|medical|doctor'?s?|a&e|er)\b"
    r"|\bon (light|restricted|modified) dut(y|ies)\b",
    re.I,
)
# A day before this one: "last week", "yesterday", "on Tuesday", "three days ago".
_EARLIER = re.compile(
    r"\b(last (week|month|shift|night|friday|monday|tuesday|wednesday|thursday|saturday|sunday)|yesterday|"
    r"the other day|(on )?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)|\d+ (days|weeks) ago)\b",
    re.I,
)


def _floor_applies(text: str, around: _SaidAround) -> bool:
    """The phrase floor is for reports of a hazard now, not questions about one, one dealt with, or a
    maintenance request."""
    if around.resolved or around.routine:
        return False
    if _BACK_ON_DUTY.search(text) and _EARLIER.search(text) and not _URGENT_NOW.search(text):
        return False  # "the guy that cut his finger last week, he's back on light duty": an injury of another day
    if around.recovered and _TREATED.search(text):
        return False  # "nicked his thumb, plaster on, he's back at work": treated and working again, for the log
    question = bool(_QUESTION.search(text))
    if question and _STATUS.search(text) and not _URGENT.search(text):
        return False  # "has anyone closed the spill alert from dock 2 yet?" asks about the alert, not a spill
    return not around.what_if


# Treated on the spot: "first aid done", "band-aid on", "got it plastered".
_TREATED = re.compile(
    r"\b(first aid (done|given|applied|sorted)|band[- ]?aids?|plaster(ed)?|plasters|bandaged|"
    r"patched (him |her |it )?up)\b",
    re.I,
)
# A lockout taken off and the machine handed back: "locks off the slicer, Maria pulled hers, slicer's ready to run".
_LOCKOUT_OFF = re.compile(
    r"\b(lockout|lock-?out|loto|locks?|tags?)('s| is| are| was| were| been| all)? "
    r"(off|removed|cleared|pulled|taken off)\b"
    r"|\bpulled (his|her|their|my|our|the) locks?\b|\b(his|hers|theirs) (is |are )?(off|pulled)\b",
    re.I,
)
_READY = re.compile(
    r"\b(ready to (go|run|start|roll)|ready for (production|start-?up|use|the shift)|released (to|for) production|"
    r"back in service|handed back)\b",
    re.I,
)


def _lockout_lifted(text: str) -> bool:
    """A lockout removed with the machine said ready: the end of a job, unless someone is in it or it is not clear."""
    return (
        bool(_LOCKOUT_OFF.search(text))
        and bool(_READY.search(text))
        and not _PERSON_OR_URGENT.search(text)
        and not _STILL_THERE.search(text)
        and _nothing_wrong_said(text)
    )


# A fault code read off the machine's own screen: "display shows E7", "HMI says F12".
_CODE_ON_SCREEN = re.compile(
    r"\b(screen|display|hmi|readout|panel)('s)? (says|shows|showing|reads|reading|displays|throwing|gives|giving)\s+"
    r"[a-z]{1,3}-?\d+\b",
    re.I,
)
# A load held up or people near it: "won't lift" then is about what hangs from it.
_LOAD_HELD = re.compile(r"\b(load|loads|hanging|suspended|swing\w*|dangl\w*|under it|overhead)\b", re.I)


def _fault_on_screen(text: str) -> bool:
    return (
        bool(_CODE_ON_SCREEN.search(text))
        and bool(_SYMPTOM.search(text))
        and not _PERSON_OR_URGENT.search(text)
        and not _DANGER_SEEN.search(text)
        and not _LOAD_HELD.search(text)
        and not _STILL_THERE.search(text)
    )


# Checking the line, not greeting: "hello? you there?", "can you hear me or not".
_HEAR_ME = re.compile(r"\b(you hear|hear me|can you hear|you there|are you there)\b", re.I)
# How the break room's coffee or food tastes ("this tea tastes like dishwater"); not a chemical tasted.
_TASTES_LIKE = re.compile(
    r"\b(coffee|tea|brew|food|lunch|soup|curry|stew|sandwich\w*|water|milk|chai)\b[\w ']{0,20}"
    r"\b(tastes?|tasted|tasting) like\b",
    re.I,
)
_TASTED_CHEMICAL = re.compile(
    r"\b(bleach|chemicals?|cleaner|caustic|acid|ammonia|gas|fuel|diesel|petrol|solvent|soap|sani\w*|chlorine|"
    r"detergent|oil|metal|rust|paint)\b",
    re.I,
)


def _tastes_like(text: str) -> bool:
    return bool(_TASTES_LIKE.search(text)) and not _TASTED_CHEMICAL.search(text) and not _UNWELL_OR_URGENT.search(text)
