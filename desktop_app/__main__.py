import sys

from desktop_app.cli.entry import main

sys.exit(main())
