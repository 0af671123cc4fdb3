"""The PFIF vocabulary, version by version (http://zesty.ca/pfif/1.1 … /1.4).

PFIF (People Finder Interchange Format) is the XML that Google Person Finder and other
missing-person registries exchange. Each version renamed or added fields; the reader turns
every version's names into the 1.4 names, and the writer turns them back. Element order
matters: the PFIF schemas list each record's fields as a sequence.
"""

from __future__ import annotations

VERSIONS = ("1.1", "1.2", "1.3", "1.4")
NAMESPACES = {f"http://zesty.ca/pfif/{version}": version for version in VERSIONS}
NAMESPACE_OF = {version: ns for ns, version in NAMESPACES.items()}

# Old name -> 1.4 name.
RENAMED = {
    "first_name": "given_name",  # 1.4
    "last_name": "family_name",  # 1.4
    "other": "description",  # 1.4 (the text loses its "description:" label)
    "found": "author_made_contact",  # 1.4
    "home_zip": "home_postal_code",  # 1.2
}
OLD_NAME = {
    "1.1": {"given_name": "first_name", "family_name": "last_name", "description": "other",
            "author_made_contact": "found", "home_postal_code": "home_zip"},
    "1.2": {"given_name": "first_name", "family_name": "last_name", "description": "other",
            "author_made_contact": "found"},
    "1.3": {"given_name": "first_name", "family_name": "last_name", "description": "other",
            "author_made_contact": "found"},
    "1.4": {},
}  # fmt: skip

# Fields in the order each version's schema requires, in that version's own names.
PERSON_ORDER = {
    "1.1": ("person_record_id", "entry_date", "author_name", "author_email", "author_phone",
            "source_name", "source_date", "source_url", "first_name", "last_name",
            "home_city", "home_state", "home_neighborhood", "home_street", "home_zip",
            "photo_url", "other"),
    "1.2": ("person_record_id", "entry_date", "author_name", "author_email", "author_phone",
            "source_name", "source_date", "source_url", "first_name", "last_name", "sex",
            "date_of_birth", "age", "home_street", "home_neighborhood", "home_city",
            "home_state", "home_postal_code", "home_country", "photo_url", "other"),
    "1.3": ("person_record_id", "entry_date", "expiry_date", "author_name", "author_email",
            "author_phone", "source_name", "source_date", "source_url", "full_name",
            "first_name", "last_name", "sex", "date_of_birth", "age", "home_street",
            "home_neighborhood", "home_city", "home_state", "home_postal_code",
            "home_country", "photo_url", "other"),
    "1.4": ("person_record_id", "entry_date", "expiry_date", "author_name", "author_email",
            "author_phone", "source_name", "source_date", "source_url", "full_name",
            "given_name", "family_name", "alternate_names", "description", "sex",
            "date_of_birth", "age", "home_street", "home_neighborhood", "home_city",
            "home_state", "home_postal_code", "home_country", "photo_url", "profile_urls"),
}  # fmt: skip
NOTE_ORDER = {
    "1.1": ("note_record_id", "entry_date", "author_name", "author_email", "author_phone",
            "source_date", "found", "email_of_found_person", "phone_of_found_person",
            "last_known_location", "text"),
    "1.2": ("note_record_id", "person_record_id", "linked_person_record_id", "entry_date",
            "author_name", "author_email", "author_phone", "source_date", "found", "status",
            "email_of_found_person", "phone_of_found_person", "last_known_location", "text"),
    "1.4": ("note_record_id", "person_record_id", "linked_person_record_id", "entry_date",
            "author_name", "author_email", "author_phone", "source_date",
            "author_made_contact", "status", "email_of_found_person", "phone_of_found_person",
            "last_known_location", "text", "photo_url"),
}  # fmt: skip
NOTE_ORDER["1.3"] = NOTE_ORDER["1.2"]

# Required fields, in 1.4 names. The reader warns about a missing one; the writer always
# writes them (empty if it has nothing).
MANDATORY = {
    "1.1": {"person": ("person_record_id", "given_name", "family_name"),
            "note": ("note_record_id", "author_name", "source_date", "text")},
    "1.2": {"person": ("person_record_id", "given_name", "family_name"),
            "note": ("note_record_id", "author_name", "source_date", "text")},
    "1.3": {"person": ("person_record_id", "source_date", "full_name"),
            "note": ("note_record_id", "author_name", "source_date", "text")},
    "1.4": {"person": ("person_record_id", "source_date", "full_name"),
            "note": ("note_record_id", "author_name", "source_date")},
}  # fmt: skip

HOME_FIELDS = (
    "home_street", "home_neighborhood", "home_city", "home_state", "home_postal_code",
    "home_country",
)  # fmt: skip
SEX_VALUES = ("female", "male", "other")
NOTE_STATUSES = (
    "information_sought", "is_note_author", "believed_alive", "believed_missing",
    "believed_dead",
)  # fmt: skip


def canonical(name: str) -> str:
    """The PFIF 1.4 name of a field of any version."""
    return RENAMED.get(name, name)


PERSON_FIELDS = frozenset(canonical(n) for order in PERSON_ORDER.values() for n in order)
NOTE_FIELDS = frozenset(canonical(n) for order in NOTE_ORDER.values() for n in order)
