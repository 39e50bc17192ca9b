"""The fixed sentences of the turn (safety, say it again, fallbacks) in each language the assistant speaks,
shared by the pipeline and the handlers and prepared ahead; a sentence that belongs to one handler (a PIN
answer, an unsent alert) stays beside it."""

from __future__ import annotations

ENGLISH: dict[str, str] = {
    "safety_acknowledgement": "Safety alert raised.",
    "safety_question": "Is someone in danger? Say yes to raise a safety alert.",
    "no_alert_raised": "No alert raised.",
    "nobody_called": "But no alert channel is set up, so nobody was called: call for help now.",
    "nobody_reached": (
        "But I could not reach anyone: call for help now. I keep trying and will tell you when it is sent."
    ),
    "help_called": "Help is being called. Keep yourself safe.",
    "say_again_too_noisy": (
        "It is too noisy here, I could not hear you clearly. Please say it again, closer to the microphone."
    ),
    "say_again_low_confidence": "Sorry, I did not catch that clearly. Please say it again.",
    "say_again_too_long": "That was too long, please say it in parts.",
    "listening": "I'm listening. Give a report, ask about a machine, or report a hazard.",
    "not_understood": "Sorry, I did not get that. Give a report, ask a question, or report a hazard.",
}
SPANISH: dict[str, str] = {
    "safety_acknowledgement": "Alerta de seguridad enviada.",
    "safety_question": "¿Hay alguien en peligro? Diga sí para enviar una alerta de seguridad.",
    "no_alert_raised": "No se envió ninguna alerta.",
    "nobody_called": "Pero no hay ningún canal de alertas configurado, nadie fue avisado: pida ayuda ahora.",
    "nobody_reached": "Pero no pude avisar a nadie: pida ayuda ahora. Sigo intentando y le diré cuando se envíe.",
    "help_called": "Se está pidiendo ayuda. Póngase a salvo.",
    "say_again_too_noisy": "Hay demasiado ruido, no le oí bien. Repítalo, más cerca del micrófono.",
    "say_again_low_confidence": "Perdone, no le entendí bien. Repítalo, por favor.",
    "say_again_too_long": "Fue demasiado largo, dígalo por partes.",
    "listening": "Le escucho. Dé un reporte, pregunte por una máquina o avise de un peligro.",
    "not_understood": "Perdone, no le entendí. Dé un reporte, haga una pregunta o avise de un peligro.",
}
MANDARIN: dict[str, str] = {
    "safety_acknowledgement": "安全警报已发出。",
    "safety_question": "有人有危险吗？说“是”就发出安全警报。",
    "no_alert_raised": "没有发出警报。",
    "nobody_called": "但是没有设置警报通道，没有通知到任何人：请马上呼救。",
    "nobody_reached": "但是我联系不上任何人：请马上呼救。我会继续尝试，发出后告诉你。",
    "help_called": "正在呼叫救援。请注意自身安全。",
    "say_again_too_noisy": "这里太吵了，我没听清。请靠近麦克风再说一遍。",
    "say_again_low_confidence": "对不起，我没听清楚。请再说一遍。",
    "say_again_too_long": "说得太长了，请分几段说。",
    "listening": "我在听。可以报告、问设备问题，或者报告危险。",
    "not_understood": "对不起，我没听懂。可以报告、提问，或者报告危险。",
}
CATALOGUES: dict[str, dict[str, str]] = {"en": ENGLISH, "es": SPANISH, "zh": MANDARIN}
"""Language (ISO 639-1) -> key -> sentence; every language has every key (tests/test_phrases.py)."""


def phrase(key: str, language: str = "en", **fields: object) -> str:
    """The sentence `key` in `language` (English when the language has no catalogue), fields filled in."""
    sentence = CATALOGUES.get(language, ENGLISH)[key]
    return sentence.format(**fields) if fields else sentence


SAFETY_ACKNOWLEDGEMENT = ENGLISH["safety_acknowledgement"]
"""A hazard's first words: prepared at start-up (`Voice.prepare`), so they never wait for synthesis."""
SAFETY_QUESTION = ENGLISH["safety_question"]
NO_ALERT_RAISED = ENGLISH["no_alert_raised"]
NOBODY_CALLED = ENGLISH["nobody_called"]
NOBODY_REACHED = ENGLISH["nobody_reached"]
HELP_CALLED = ENGLISH["help_called"]

SAY_AGAIN = {
    "too noisy": ENGLISH["say_again_too_noisy"],
    "low confidence": ENGLISH["say_again_low_confidence"],
    "too long": ENGLISH["say_again_too_long"],
}
"""Why a hearing was doubted -> what the worker is asked."""

LISTENING = ENGLISH["listening"]
NOT_UNDERSTOOD = ENGLISH["not_understood"]

PREPARED_KEYS = ("safety_acknowledgement",)
"""Synthesised once at start-up, in each enabled language, and kept."""
PREPARED = tuple(ENGLISH[key] for key in PREPARED_KEYS)
