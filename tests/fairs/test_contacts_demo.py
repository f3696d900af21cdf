"""The demo contacts: one at each step of the follow-up, at the demo fairs' booths, loaded once."""
from __future__ import annotations

from marketplace import demo
from marketplace.extensions import db
from marketplace.fairs import contacts_demo
from marketplace.fairs.models import Contact, ContactStage, Fair


def test_demo_contacts_are_made_at_the_demo_booths_once(app):
    demo.load()  # the demo fairs and their booths, then the contacts met there

    demo_fairs = {fair_slug for fair_slug, *_ in contacts_demo.CONTACTS}
    contacts = list(db.session.scalars(db.select(Contact).join(Contact.fair).where(Fair.slug.in_(demo_fairs))))
    assert len(contacts) == len(contacts_demo.CONTACTS)
    assert contacts_demo.load() == 0
    assert {c.stage for c in contacts} == set(ContactStage)
    ordered = next(c for c in contacts if c.stage == ContactStage.ORDERED and c.email)
    assert ordered.met_at < ordered.sample_sent_at < ordered.quoted_at < ordered.ordered_at
    assert all(c.consent_text and c.interests for c in contacts)
