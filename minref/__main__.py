import sys

from minref.cli import main

sys.exit(main())
