"""The outbox: Slack posts we owe, stored as a row in the caller's transaction and delivered by a worker, so a Slack
outage delays a post but never loses or doubles it.

- `keys`: every idempotency key, built in one place and never parsed back.
- `store`: typed rows (`Kind`, thread parent, edited row, persistent, ticket, announcement); storing once,
  claiming with a lease, recording the outcome.
- `poster`: the `Poster` protocol the worker posts through (`handlers.poster.SlackPoster` implements it).
- `worker`: `deliver_outbox`, used by listeners (`only=` the rows they queued) and by the tick (the rest).
"""
