"""The fields of a person's record, and who may see each.

The list follows what a prisoner-of-war information bureau keeps under the Third Geneva
Convention (Art. 17 and 122) and adds what is kept for civilian detainees. Every value is a
claim with its source, so a field may hold several values from several sources; none is
required. ``PUBLIC`` fields are what a published report names (a viewer may see them when a
source published them); everything else is personal data for roles that may see it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    personal: bool
    geneva: str | None = None  # the article that asks for it, if any


FIELDS: tuple[Field, ...] = (
    Field("surname", "Surname", False, "Art. 17, 122"),
    Field("given_names", "Given names", False, "Art. 17, 122"),
    Field("patronymic", "Patronymic", False),
    Field("call_sign", "Call sign", False),
    Field("rank", "Rank", False, "Art. 17, 122"),
    Field("unit", "Unit", False),
    Field("position", "Position", False),
    Field("sex", "Sex", True),
    Field("service_number", "Service or serial number", True, "Art. 17, 122"),
    Field("date_of_birth", "Date of birth", True, "Art. 17, 122"),
    Field("age", "Age", True),
    Field("place_of_birth", "Place of birth", True, "Art. 122"),
    Field("father_name", "Father's given name", True, "Art. 122"),
    Field("mother_maiden_name", "Mother's maiden name", True, "Art. 122"),
    Field("next_of_kin", "Next of kin", True, "Art. 122"),
    Field("next_of_kin_address", "Next of kin's address", True, "Art. 122"),
    Field("address", "Address for correspondence", True, "Art. 122"),
    Field("capture_date", "Date of capture", False, "Art. 122"),
    Field("capture_place", "Place of capture", False, "Art. 122"),
    Field("health", "State of health", True, "Art. 122"),
    Field("nationality", "Nationality", True),
    Field("last_residence", "Last residence", True),
    Field("distinguishing_marks", "Distinguishing marks", True),
    Field("description", "Description", True),
    Field("photo_url", "Photo", True),
)
BY_NAME = {field.name: field for field in FIELDS}
PERSONAL = frozenset(field.name for field in FIELDS if field.personal)
