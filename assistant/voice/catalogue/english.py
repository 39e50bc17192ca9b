"""What the assistant says in English. The wording is what the tests and the demo recording assert on."""

from __future__ import annotations

SENTENCES: dict[str, str] = {
    # The fixed sentences of the turn: safety, say it again, fallbacks.
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
    # A hazard: where, and what happened when the alert could not be stored.
    "alert_location": "Location: {place}.",
    "alert_log_failing": "The alert log is failing; tell your supervisor.",
    # Reports, their read-back and the answers to it.
    "readback_question": "{summary}. Correct?",
    "readback_changed": "Changed. {summary}. Correct?",
    "readback_waiting": "Waiting for your confirmation: {summary}. Correct?",
    "logged": "Logged: {summary}.",
    "saved": "Saved.",
    "discarded": "Discarded. Nothing was saved.",
    "nothing_to_confirm": "There is no report waiting for confirmation.",
    "which_field": "Which field should I change? For example: change the quantity to 14.",
    "report_unsaved": (
        "I could not save that report: the shift log cannot be written. Please write it down and tell your supervisor."
    ),
    "last_report": "Your last report, number {number}, is saved: {summary}.",
    "no_reports": "You have no saved reports yet.",
    "open_alert": "{count} open alert.",
    "open_alerts": "{count} open alerts.",
    "no_open_alerts": "No open alerts.",
    # What a read-back is made of: one piece per slot heard.
    "part_line": "line {line}",
    "part_station": "station {station}",
    "part_quantity": "quantity {quantity}",
    "part_quantity_of": "quantity {quantity} {part}",
    "part_defect": "defect {code}",
    "part_error": "error {code}",
    "part_batch": "batch {batch}",
    "part_minutes": "{minutes} minutes",
    "part_measurement": "{value} {unit}",
    "part_below_zero": "minus {value} {unit}",
    "part_numbered": "{noun} {number}",
    "part_unlisted": "{name}, not on the plant list",
    # Answers from the manuals: the framing only; the manual's own words are read as written.
    "manual_source": "{model} manual, {title}",
    "manual_answer": "{source}. {steps}",
    "manual_step": "Step {number}: {step}.",
    "manual_more_step": "{more} more step in the manual.",
    "manual_more_steps": "{more} more steps in the manual.",
    "not_in_manuals": "I can't find that in the manuals. Please ask maintenance.",
    "maintenance_requested": "I can't find that in the manuals. I have sent a request to maintenance.",
    # Guided procedures.
    "procedures_unavailable": "Guided procedures are not available at this station.",
    "procedure_not_found": "I can't find that procedure in the manuals.",
    "procedure_no_steps": "{source} has no steps to walk through.",
    "procedure_started": "{source}, {count} steps. Say next, repeat, back or stop.",
    "procedure_resuming": "Resuming {source}.",
    "procedure_where": "You are at",
    "procedure_step": "Step {number} of {count}: {step}.",
    "procedure_say_checked": "Say checked when done.",
    "procedure_say_locked_out": "Lock-out step: say locked out when done.",
    "procedure_confirm_check": "This step needs your confirmation: say checked when it is done.",
    "procedure_confirm_lockout": "This step needs your confirmation: say locked out when it is done.",
    "procedure_no_skip": "A lock-out step cannot be skipped.",
    "procedure_stopped": "Stopped at step {number} of {source}. Say resume to carry on.",
    "procedure_complete": "{source} complete.",
    # Acknowledging alerts by voice with the station PIN.
    "ack_not_by_voice": "Alerts cannot be acknowledged by voice at this station.",
    "ack_needs_pin": "Acknowledging alerts needs the station PIN. Nothing was changed.",
    "pin_locked_minute": (
        "Too many wrong PINs: voice acknowledgement is locked for about {minutes} minute, "
        "and a supervisor has been told. Nothing was changed."
    ),
    "pin_locked_minutes": (
        "Too many wrong PINs: voice acknowledgement is locked for about {minutes} minutes, "
        "and a supervisor has been told. Nothing was changed."
    ),
    "pin_wait": "Wait {seconds} seconds before the next PIN. Nothing was changed.",
    "pin_wrong": "Wrong PIN. Nothing was changed.",
    "acknowledged_one": "{count} alert at this station acknowledged.",
    "acknowledged_many": "{count} alerts at this station acknowledged.",
}

NOUNS: dict[str, str] = {}
"""English nouns are read back as they were said."""
