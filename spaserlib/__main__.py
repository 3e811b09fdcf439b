import sys

from spaserlib.cli import main

sys.exit(main())
