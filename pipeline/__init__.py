"""Seed documents to a versioned, validated, queryable dataset."""
