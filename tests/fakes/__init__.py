"""Test doubles for Slack's servers: a fake Web API over real HTTP and request signing.

Import from the modules: ``from tests.fakes.slack_api import FakeSlack`` and
``from tests.fakes.signing import signed_headers``.
"""
