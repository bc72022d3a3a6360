"""The frozen app's entry point (PyInstaller runs this script): the same as ``minref``."""

import sys

from minref.launch import main

if __name__ == "__main__":
    sys.exit(main())
