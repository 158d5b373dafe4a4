"""Helpers of the settlement gazetteer build (scripts/build_gazetteer.py); build-time only."""
