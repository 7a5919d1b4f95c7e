"""Entry point of the frozen build: the same as `crm-desktop`."""

import sys

from crm_desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
