"""Signpost's services catalog: catalog.yml is the source of truth for every contact detail."""
