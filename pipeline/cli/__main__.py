"""`python -m pipeline.cli`: the `pipeline` command."""

import sys

from . import main

sys.exit(main())
