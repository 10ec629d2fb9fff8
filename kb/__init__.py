"""The knowledge base: articles, loading, validation, matching and evaluation.

Pure Python: no Slack, no database session, no clock, no environment (see README.md).
"""
