"""Extractors: structured facts (parties, responsibilities) from parsed documents."""
