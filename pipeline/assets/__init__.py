"""Dagster assets: thin wrappers that call the domain packages and describe their outputs."""
