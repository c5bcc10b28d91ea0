"""`make load`: a bounded load run on loopback (see load/run.py)."""
