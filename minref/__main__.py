import sys

from minref.launch import main

sys.exit(main())
