"""The shipped sample directory: loaded when the directory is empty, so a fresh install answers at once.

It is invented (drama-range phone numbers, `sample_data: true`); `sendvoice doctor` warns while it is in use, and a
council's own import removes it.
"""
from __future__ import annotations

from typing import Optional

from bot.directory.importer import ImportSummary, import_file, service_count
from bot.settings import PROJECT_ROOT

SAMPLE_FILE = PROJECT_ROOT / "data" / "local_offer" / "sample_directory.json"


def load_sample_if_empty(database_url: Optional[str] = None) -> Optional[ImportSummary]:
    """Load the sample when no services exist at all; a council's directory is never touched."""
    total, _sample = service_count(database_url)
    if total:
        return None
    return import_file(SAMPLE_FILE, database_url)
