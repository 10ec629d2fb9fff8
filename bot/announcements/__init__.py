"""Change announcements: honest, timely posts about changes, delivered exactly once through the outbox.

Domain code (no Slack, no clock, no environment): `spec` validates an announcement, `files` loads YAML files,
`schedule` decides which posts are due, `service` stores announcements and plans their posts, `dates` writes
times the way colleagues read them. Handlers render and deliver (`handlers.announcements`).
"""
