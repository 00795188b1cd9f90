"""Deterministic safety rules: curated phrase lists that override the classifier."""
