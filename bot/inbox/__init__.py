"""Durable intake: Slack events stored before Slack is answered, then processed from the database by any process."""
