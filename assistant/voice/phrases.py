"""The fixed sentences of the turn (safety, say it again, fallbacks), shared by the pipeline and the handlers
and prepared ahead; a sentence that belongs to one handler (a PIN answer, an unsent alert) stays beside it."""

from __future__ import annotations

SAFETY_ACKNOWLEDGEMENT = "Safety alert raised."
"""A hazard's first words: prepared at start-up (`Voice.prepare`), so they never wait for synthesis."""
SAFETY_QUESTION = "Is someone in danger? Say yes to raise a safety alert."
NO_ALERT_RAISED = "No alert raised."
NOBODY_CALLED = "But no alert channel is set up, so nobody was called: call for help now."
NOBODY_REACHED = "But I could not reach anyone: call for help now. I keep trying and will tell you when it is sent."
HELP_CALLED = "Help is being called. Keep yourself safe."

SAY_AGAIN = {
    "too noisy": "It is too noisy here, I could not hear you clearly. Please say it again, closer to the microphone.",
    "low confidence": "Sorry, I did not catch that clearly. Please say it again.",
    "too long": "That was too long, please say it in parts.",
}
"""Why a hearing was doubted -> what the worker is asked."""

LISTENING = "I'm listening. Give a report, ask about a machine, or report a hazard."
NOT_UNDERSTOOD = "Sorry, I did not get that. Give a report, ask a question, or report a hazard."

PREPARED = (SAFETY_ACKNOWLEDGEMENT,)
"""Synthesised once at start-up and kept."""
