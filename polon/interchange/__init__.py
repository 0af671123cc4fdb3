"""Lists in and out: CSV registry extracts and exchange lists, JSON, and PFIF 1.1–1.4.

Nothing here touches the database: readers turn a file into ``ParsedList`` records and
writers turn records into text or bytes; storing them is the registry's job.
"""

from polon.interchange.csv_lists import write_csv
from polon.interchange.detect import DEFAULT_MAX_BYTES, read_bytes, read_list
from polon.interchange.errors import ListErrors
from polon.interchange.headers import MappingError, parse_mapping
from polon.interchange.json_lists import write_json
from polon.interchange.pfif_write import DEFAULT_DOMAIN, write_pfif
from polon.interchange.records import ListError, NoteRecord, ParsedList, PersonRecord

__all__ = [
    "DEFAULT_DOMAIN",
    "DEFAULT_MAX_BYTES",
    "ListError",
    "ListErrors",
    "MappingError",
    "NoteRecord",
    "ParsedList",
    "PersonRecord",
    "parse_mapping",
    "read_bytes",
    "read_list",
    "write_csv",
    "write_json",
    "write_pfif",
]
