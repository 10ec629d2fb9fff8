"""Reports: what the desk learns from its own record (questions, outcomes, tickets, SLA, ratings, gaps)."""
