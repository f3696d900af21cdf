"""The demo contacts: one at each step of the follow-up, at the demo fairs' booths, loaded once."""
from __future__ import annotations

from datetime import date

from marketplace import demo
from marketplace.extensions import db
from marketplace.fairs import contacts_demo
from marketplace.fairs.models import Contact, ContactStage
from marketplace.producers.models import Organisation

from .. import factories


def test_demo_contacts_are_made_at_the_demo_booths_once(app):
    demo.load()
    fairs = {slug: factories.fair(slug=slug, name=slug, starts_on=date(2026, 7, 17))
             for slug in ("expoalimentaria-2026", "ruraq-maki-julio-2026")}
    for fair_slug, organisation_slug, *_ in contacts_demo.CONTACTS:
        organisation = db.session.scalar(db.select(Organisation).where(Organisation.slug == organisation_slug))
        if not any(b.organisation_id == organisation.id for b in fairs[fair_slug].booths):
            factories.booth(fairs[fair_slug], organisation)

    assert contacts_demo.load() == len(contacts_demo.CONTACTS)
    assert contacts_demo.load() == 0
    contacts = list(db.session.scalars(db.select(Contact)))
    assert {c.stage for c in contacts} == set(ContactStage)
    ordered = next(c for c in contacts if c.stage == ContactStage.ORDERED and c.email)
    assert ordered.met_at < ordered.sample_sent_at < ordered.quoted_at < ordered.ordered_at
    assert all(c.consent_text and c.interests for c in contacts)
