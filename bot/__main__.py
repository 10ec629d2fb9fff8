"""`python -m bot` is the `servicedesk` command."""

import sys

from bot.cli import main

sys.exit(main())
