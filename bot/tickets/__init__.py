"""Tickets: the service desk's record of a colleague's problem, from opening to rating."""
