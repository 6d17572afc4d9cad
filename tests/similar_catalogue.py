"""A small catalogue of projects for the similarity tests: one near-duplicate pair, the same problem
described in other words by another council, among projects about other things."""

from __future__ import annotations

from pipeline.writer import entry_text

CONTACT = [{"role": "Digital team", "email": "digital@example.gov.uk"}]
COUNCILS = {
    "west-berkshire": ("West Berkshire", "E06000037", "unitary", "england", "https://www.westberks.gov.uk"),
    "gwynedd": ("Gwynedd", "W06000002", "welsh-unitary", "wales", "https://www.gwynedd.llyw.cymru"),
    "belfast": ("Belfast", "N09000003", "ni-district", "northern-ireland", "https://www.belfastcity.gov.uk"),
}

PROJECTS = {
    "missed-bin-reports": (
        "west-berkshire",
        {
            "title": "Report a missed bin collection",
            "summary": "Residents report a bin that was not collected and see straight away whether the "
            "crew recorded a problem at their address.",
            "service_areas": ["waste-and-recycling", "customer-services"],
            "tags": ["missed-bins", "in-cab-technology", "forms"],
        },
        "## The problem\n\nWhen a bin is missed, residents phone the contact centre and wait. Often the "
        "crew has already recorded a reason in the cab, such as a blocked road, but nobody tells the "
        "resident.\n\n## What we are building\n\nAn online form that checks the crew's in-cab records "
        "for the street and either explains the reason or books a return visit.\n",
    ),
    "uncollected-waste-form": (
        "gwynedd",
        {
            "title": "Tell us your bin wasn't emptied",
            "summary": "Households let us know online when their bin collection was missed, read the "
            "crew's notes for their street and get a date for the crew to come back.",
            "service_areas": ["waste-and-recycling"],
            "tags": ["missed-collections", "self-service", "crew-logs"],
        },
        "## Why\n\nCalls about bins left behind are one of the commonest reasons people contact us. "
        "In many cases the collection crew had noted why the bin was not emptied.\n\n## What we are "
        "trying\n\nA prototype that looks up the crew's notes for the street and tells the household "
        "what happens next, with a date when the crew will come back.\n",
    ),
    "garden-waste-subscriptions": (
        "belfast",
        {
            "title": "Garden waste subscriptions",
            "summary": "Residents pay for a year of garden waste collections online and get their "
            "permit sticker by post.",
            "service_areas": ["waste-and-recycling"],
            "tags": ["payments", "subscriptions"],
        },
        "Paying for garden waste used to mean a phone call. The new service takes card payments and "
        "sends a permit sticker for the brown bin.\n",
    ),
    "library-room-booking": (
        "gwynedd",
        {
            "title": "Book a library meeting room",
            "summary": "Community groups book meeting rooms in libraries and pay online, in Welsh or English.",
            "service_areas": ["libraries", "leisure-and-culture"],
            "tags": ["bookings", "bilingual"],
        },
        "Groups can see free times for each room, book them and pay. Staff approve bookings for "
        "events that run late.\n",
    ),
    "care-needs-assessment": (
        "west-berkshire",
        {
            "title": "Adult social care needs assessment online",
            "summary": "People and their carers start a care needs assessment online and tell their "
            "story once.",
            "service_areas": ["adult-social-care"],
            "tags": ["care-act", "carers", "assessments"],
        },
        "Carers told us they repeat the same story to several teams. A shared online assessment lets "
        "social workers read it before the first visit.\n",
    ),
    "school-place-applications": (
        "belfast",
        {
            "title": "Apply for a school place",
            "summary": "Parents apply for primary and secondary school places and get offers by email.",
            "service_areas": ["education-and-skills"],
            "tags": ["admissions", "parents"],
        },
        "Families rank their preferred schools. Offers are sent on national offer day, with the "
        "right to appeal explained in plain words.\n",
    ),
    "council-tax-chatbot": (
        "west-berkshire",
        {
            "title": "Council tax chatbot",
            "summary": "A chatbot that answers common council tax questions at any time of day.",
            "service_areas": ["council-tax-and-benefits"],
            "tags": ["chatbot", "council-tax"],
        },
        "Most questions are about payment dates, discounts and moving home. The chatbot hands over to "
        "a person for anything about arrears.\n",
    ),
}
NEAR_DUPLICATES = ("missed-bin-reports", "uncollected-waste-form")
UNRELATED = [
    ("library-room-booking", "care-needs-assessment"),
    ("library-room-booking", "missed-bin-reports"),
    ("school-place-applications", "council-tax-chatbot"),
    ("care-needs-assessment", "uncollected-waste-form"),
    ("council-tax-chatbot", "garden-waste-subscriptions"),
]


def project_front_matter(lead: str, fields: dict) -> dict:
    return {
        "title": fields["title"],
        "summary": fields["summary"],
        "lead_council": lead,
        "phase": "alpha",
        "service_areas": fields["service_areas"],
        "tags": fields["tags"],
        "last_reviewed": "2026-10-01",
        "contacts": CONTACT,
    }


def project_files() -> dict[str, str]:
    """The projects, as files for the make_catalogue fixture."""
    return {
        f"projects/{project_id}.md": entry_text(project_front_matter(lead, fields), body)
        for project_id, (lead, fields, body) in PROJECTS.items()
    }


def council_files() -> dict[str, dict]:
    """The councils that lead the projects, as files for the make_catalogue fixture."""
    fields = ("name", "gss_code", "type", "nation", "website")
    return {
        f"councils/{council_id}.md": dict(zip(fields, values, strict=True))
        for council_id, values in COUNCILS.items()
    }
