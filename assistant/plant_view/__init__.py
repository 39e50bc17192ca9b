"""The plant view: what stations publish (topics, payloads, Home Assistant discovery), the collector that
writes every station's messages into PostgreSQL, and the supervisor web page.

Layering: this package sits above `handlers` and `alerts` and only plugs into them through their hooks
(`ShiftLog.record_hooks`, the outbox); nothing below imports it.
"""
