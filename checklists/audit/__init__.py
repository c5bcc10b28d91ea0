"""The audit trail: every write, log-in and failed log-in, each event hash-chained to the
one before it so that a change made behind the application's back shows.

- chain.py: the hash that links an event to the one before (the chain's definition)
- write.py: `log()`, writing one event
- verify.py: `verify()`, walking the chain to its head or to its first broken link
- receivers.py: log-ins and failed log-ins, connected by ChecklistsConfig.ready()

Callers write `from checklists import audit` and `audit.log(...)`."""

from .chain import GENESIS, event_hash, hash_of
from .verify import BreakKind, BrokenLink, Verification, verify
from .write import log

__all__ = [
    "GENESIS",
    "BreakKind",
    "BrokenLink",
    "Verification",
    "event_hash",
    "hash_of",
    "log",
    "verify",
]
