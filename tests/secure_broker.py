"""The TLS / password / ACL Mosquitto the tests use (shared with `assistant bench faults`)."""

from assistant.bench.brokers import USERS, SecureBroker

__all__ = ["USERS", "SecureBroker"]
