"""The one source of the version numbers: the package's (read by ``pyproject.toml``) and the data's.

The software and the curated data are versioned apart. The package follows semantic
versioning (its API and command line). The data release is versioned by the calendar,
``YYYY.MM`` of the curation it publishes (a second release in the same month would be
``YYYY.MM.1``): a dataset has no API to keep compatible, and what a reader of a knowledge
graph of a changing landscape needs from a version is how current it is.
``DATA_RELEASED`` is the day of that curation. Both are read by ``cybernorms --version``,
the VoID/DCAT description and README of a release bundle, and the explorer's footer.
"""

import datetime as _dt

__version__ = "0.1.0"

#: The version of the curated data (calendar versioning, ``YYYY.MM[.N]``).
DATA_VERSION = "2026.12"
#: The day the curation of this data release was completed.
DATA_RELEASED = _dt.date(2026, 12, 2)
